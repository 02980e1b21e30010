import Foundation

/// The settings every Watchfloor process of one duty room shares: the county's zone, its working-day calendars,
/// its SLA table and its operators' display names. Read from `watchfloor.toml`
/// (`--config`, `$WATCHFLOOR_CONFIG`, `~/.config/watchfloor/watchfloor.toml`, `/etc/watchfloor/watchfloor.toml`);
/// relative paths are relative to it.
///
/// ```toml
/// utc_offset = "+08:00"
/// calendars = ["calendar-2026.toml"]
/// sla = "sla.toml"
/// [operators]
/// wangwei = "王伟"
/// ```
public struct WatchfloorSettings: Sendable {
    public var offsetSeconds: Int = ISOTime.chinaOffsetSeconds
    public var calendar = WorkingCalendar()
    public var sla = SLATable()
    public var operators: [String: String] = [:]
    /// `[store] url`: the store when neither `--db` nor `$WATCHFLOOR_DB` names one — a file path (relative to the
    /// settings file) or a `postgresql://` URL, so every process of a duty room reading this file shares one store.
    public var storeURL: String?
    /// The whole parsed file, for layers with sections of their own (`[daemon]`, `[ui]`, `[shifts]`).
    public var raw: [String: TOMLValue] = [:]
    /// Where it was read from (nil: built-in defaults).
    public var path: String?

    public init() {}

    public var slaClock: SLAClock { SLAClock(calendar: calendar, table: sla) }

    public static func resolvePath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["WATCHFLOOR_CONFIG"], !env.isEmpty { return env }
        let home = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let path = home + "/watchfloor/watchfloor.toml"
        if FileManager.default.fileExists(atPath: path) { return path }
        // A system install (scripts/install) puts the duty room's shared settings here.
        return FileManager.default.fileExists(atPath: systemPath) ? systemPath : nil
    }

    /// The system-wide settings file, used when neither `--config`, `$WATCHFLOOR_CONFIG` nor the user's file exists.
    public static let systemPath = "/etc/watchfloor/watchfloor.toml"

    /// Loads from `path`, or returns the built-in defaults (`DefaultSettings`) when `path` is nil.
    public static func load(path: String?) throws -> WatchfloorSettings {
        var s = WatchfloorSettings()
        guard let path else { return builtinDefaults }
        let toml = try SLASettings.load(file: path)
        s.raw = toml
        s.path = path
        let dir = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : (dir as NSString).appendingPathComponent(p) }
        if let offset = toml["utc_offset"]?.string {
            guard let seconds = parseOffset(offset) else {
                throw SLASettings.SettingsError(file: path, message: "utc_offset must look like +08:00")
            }
            s.offsetSeconds = seconds
        }
        s.calendar = WorkingCalendar(offsetSeconds: s.offsetSeconds)
        for file in toml["calendars"]?.array?.compactMap(\.string) ?? [] {
            let f = resolve(file)
            s.calendar = s.calendar.merging(try SLASettings.calendar(from: try SLASettings.load(file: f), file: f, offsetSeconds: s.offsetSeconds))
        }
        if let sla = toml["sla"]?.string {
            let f = resolve(sla)
            s.sla = try SLASettings.table(from: try SLASettings.load(file: f), file: f)
        }
        if let store = toml["store"]?.table, let url = store["url"] {
            guard let text = url.string, !text.isEmpty else {
                throw SLASettings.SettingsError(file: path, message: "[store] url must be a file path or a postgresql:// URL in quotes")
            }
            s.storeURL = text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") ? text : resolve(text)
        }
        for (login, name) in toml["operators"]?.table ?? [:] {
            if let n = name.string { s.operators[login] = n }
        }
        return s
    }

    static func parseOffset(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let parts = t.dropFirst().split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), h < 15, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
    }

    /// "王伟 (wangwei)" when the login has a display name.
    public func displayName(_ login: String) -> String {
        operators[login].map { "\($0) (\(login))" } ?? login
    }
}
