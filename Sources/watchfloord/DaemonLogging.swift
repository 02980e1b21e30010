import Foundation
import Logging
import WatchfloorCore

/// The daemon's log: swift-log `Logger`s whose handler writes one line per event to stderr (journald keeps it),
/// as `key=value` fields — `ts=… level=… msg="…"` and then the event's own fields, sorted:
///
///     ts=2026-11-20T08:12:00.123Z level=info msg="ready: 3 sources running" event=ready sources=3 failed=0
///
/// The level comes from `--log-level`, else `[daemon] log_level`, else info; SIGHUP applies a changed
/// `log_level`.
final class DaemonLog: @unchecked Sendable {
    private let lock = NSLock()
    private var logger: Logger

    init(level: Logger.Level = .info, output: @escaping @Sendable (String) -> Void = DaemonLog.writeStandardError) {
        logger = Logger(label: "watchfloord") { label in KeyValueLogHandler(label: label, output: output) }
        logger.logLevel = level
    }

    var level: Logger.Level {
        get { lock.lock(); defer { lock.unlock() }; return logger.logLevel }
        set { lock.lock(); logger.logLevel = newValue; lock.unlock() }
    }

    /// A free-form message from the runtime, pipeline or sources. Their failures read "failed", "cannot" or
    /// "error", which makes them warnings, so `log_level = "warning"` keeps exactly the trouble.
    func callAsFunction(_ message: String) {
        let lower = message.lowercased()
        let troubled = ["failed", "cannot", "error", "refused"].contains { lower.contains($0) }
        log(troubled ? .warning : .info, message, Self.event(of: message).map { ["event": "\($0)"] } ?? [:])
    }

    /// "ready: 3 sources running" → `ready`; "stopped cleanly: …" → `stopped_cleanly`: the short lead-in before
    /// the first colon, when it is a plain phrase, names the event for `grep event=…`.
    static func event(of message: String) -> String? {
        guard let colon = message.firstIndex(of: ":") else { return nil }
        let lead = message[..<colon]
        guard !lead.isEmpty, lead.count <= 24, lead.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == " ") }) else { return nil }
        return lead.lowercased().replacingOccurrences(of: " ", with: "_")
    }

    func log(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata = [:]) {
        lock.lock(); let l = logger; lock.unlock()
        l.log(level: level, "\(message)", metadata: metadata)
    }

    static func level(named name: String?) -> Logger.Level? {
        guard let name else { return nil }
        return Logger.Level(rawValue: name.lowercased())
    }

    @Sendable static func writeStandardError(_ line: String) {
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// A `LogHandler` writing `key=value` lines. Values with spaces, quotes, `=` or controls are quoted and escaped,
/// so every event stays on one line whatever text a source sent.
struct KeyValueLogHandler: LogHandler {
    let label: String
    let output: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(label: String, output: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = ["ts=" + Timestamp.now().iso, "level=" + event.level.rawValue, "msg=" + Self.quote("\(event.message)")]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields.append(key + "=" + Self.quote("\(merged[key]!)")) }
        output(fields.joined(separator: " ") + "\n")
    }

    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0 != "\\" && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && $0.value != 0x2028 && $0.value != 0x2029
        }
        // Quoted values use JSON string escaping: controls, quotes and backslashes cannot break the line.
        return plain ? value : JSONValue.string(value).serialized
    }
}
