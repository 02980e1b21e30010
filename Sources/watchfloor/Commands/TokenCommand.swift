import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorIngest

/// `watchfloor token new`: makes a bearer token for a department's system that POSTs to watchfloord. The token
/// is printed once and stored nowhere; the settings get only its SHA-256.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Bearer tokens for watchfloord's HTTP listener.",
        subcommands: [NewToken.self])

    struct NewToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Print a new token once, and the [[daemon.http.token]] lines (its SHA-256, never the token) for the settings.",
            discussion: """
            Example: watchfloor token new --source fire-dept --kinds incident,hotline
            Give the token to the department's system (Authorization: Bearer TOKEN); paste the settings lines into
            watchfloord's config and send it SIGHUP. What the token sends is recorded as coming from --source.
            """)

        @Option(help: "The sending department or system, recorded on what the token submits.") var source: String
        @Option(help: "Record kinds the token may send, comma-separated: \(AccessToken.knownKinds.sorted().joined(separator: ", ")).") var kinds: String

        func validate() throws {
            if source.isEmpty || source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ValidationError("--source must be a non-empty name without control characters")
            }
            let list = Self.kindList(kinds)
            if list.isEmpty { throw ValidationError("--kinds needs at least one of: \(AccessToken.knownKinds.sorted().joined(separator: ", "))") }
            for k in list where !AccessToken.knownKinds.contains(k) {
                throw ValidationError("unknown kind '\(k)' (known: \(AccessToken.knownKinds.sorted().joined(separator: ", ")))")
            }
        }

        static func kindList(_ text: String) -> [String] {
            var seen = Set<String>()
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        }

        func run() throws {
            let token = "wf_" + SHA256.hexString(try Self.randomBytes(32))
            print("token (shown once, stored nowhere; give it to \(source)):")
            print(token)
            print("")
            print("settings (add under [daemon] in watchfloord.toml, then send watchfloord SIGHUP):")
            print(Self.settingsLines(source: source, kinds: Self.kindList(kinds), sha256: SHA256.hex(token)))
        }

        static func settingsLines(source: String, kinds: [String], sha256: String) -> String {
            """
            [[daemon.http.token]]
            source = \(tomlString(source))
            kinds = [\(kinds.map(tomlString).joined(separator: ", "))]
            sha256 = "\(sha256)"
            """
        }

        static func tomlString(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }

        /// Bytes from the kernel's random source.
        static func randomBytes(_ n: Int) throws -> [UInt8] {
            guard let h = FileHandle(forReadingAtPath: "/dev/urandom") else { throw ValidationError("cannot open /dev/urandom") }
            defer { try? h.close() }
            let data = h.readData(ofLength: n)
            guard data.count == n else { throw ValidationError("short read from /dev/urandom") }
            return Array(data)
        }
    }
}
