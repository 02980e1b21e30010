import Foundation
import WatchfloorCore

/// A problem in a settings file, located as `file:line` so an editor can jump to it.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String { file + (line.map { ":\($0)" } ?? "") + ": " + message }
}

/// Checks a settings file the way `watchfloord` and `watchfloor doctor` load it, and turns every failure into a
/// `ConfigProblem` with the line it comes from: TOML syntax errors carry their line; a bad `[daemon]` key is found
/// by looking the key up under its table in the file's text.
public enum ConfigDiagnostics {
    /// Loads `path` with its shared settings, calendars, SLA table and `[daemon]` section. Empty: all valid.
    public static func check(path: String) -> [ConfigProblem] {
        guard FileManager.default.fileExists(atPath: path) else {
            return [ConfigProblem(file: path, line: nil, message: "no such file")]
        }
        do {
            _ = try DaemonConfig.load(path: path)
            return []
        } catch {
            return [problem(for: error, file: path)]
        }
    }

    public static func problem(for error: Error, file: String) -> ConfigProblem {
        switch error {
        case let e as SLASettings.SettingsError:
            // TOML errors read "line N: message".
            if e.message.hasPrefix("line "), let colon = e.message.firstIndex(of: ":"),
               let n = Int(e.message[e.message.index(e.message.startIndex, offsetBy: 5)..<colon]) {
                return ConfigProblem(file: e.file, line: n, message: String(e.message[e.message.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            }
            return ConfigProblem(file: e.file, line: nil, message: e.message)
        case let e as DaemonConfig.ConfigError:
            let f = e.file ?? file
            let text = (try? String(contentsOfFile: f, encoding: .utf8)) ?? ""
            return ConfigProblem(file: f, line: line(ofDaemonKey: e.key, in: text), message: "[daemon] \(e.key): \(e.message)")
        case let e as TOMLError:
            return ConfigProblem(file: file, line: e.line, message: e.message)
        default:
            return ConfigProblem(file: file, line: nil, message: "\(error)")
        }
    }

    /// The line of `key` as `DaemonConfig.ConfigError` names it (`log_level`, `http.port`, `spool[1].path`)
    /// under `[daemon]`; the table's header line when the key itself is absent (a required key), nil if neither.
    public static func line(ofDaemonKey key: String, in text: String) -> Int? {
        var table = "daemon"
        var index = 0
        var name = key
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            name = parts[1]
            var head = parts[0]
            if let open = head.firstIndex(of: "["), let close = head.firstIndex(of: "]"), let i = Int(head[head.index(after: open)..<close]) {
                index = i
                head = String(head[..<open])
            }
            table = "daemon." + head
        }
        var current = ""
        var occurrences: [String: Int] = [:]
        var headerLine: Int?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let header = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).components(separatedBy: "]").first?
                    .trimmingCharacters(in: CharacterSet(charactersIn: "[] ")) ?? ""
                let seen = occurrences[header, default: 0]
                occurrences[header] = seen + 1
                current = (isArray ? seen == index : true) ? header : ""
                if current == table && headerLine == nil { headerLine = n + 1 }
                continue
            }
            guard current == table, let eq = line.firstIndex(of: "=") else { continue }
            let k = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if k == name { return n + 1 }
        }
        return headerLine
    }
}

extension DaemonConfig {
    /// Which file `watchfloord` reads: `--config`, else `$WATCHFLOORD_CONFIG`, else
    /// `/etc/watchfloor/watchfloord.toml`, else the shared settings file.
    public static func resolvePath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let e = environment["WATCHFLOORD_CONFIG"], !e.isEmpty { return e }
        if FileManager.default.fileExists(atPath: "/etc/watchfloor/watchfloord.toml") { return "/etc/watchfloor/watchfloord.toml" }
        return WatchfloorSettings.resolvePath(explicit: nil, environment: environment)
    }
}
