import Foundation

/// Reading the county's SLA table (`sla.toml`) and working-day calendars (`calendar-YYYY.toml`) into domain values.
public enum SLASettings {
    public struct SettingsError: Error, CustomStringConvertible, Equatable {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    /// Parses an SLA table; keys that are absent keep their defaults.
    public static func table(from toml: [String: TOMLValue], file: String = "sla.toml") throws -> SLATable {
        var t = SLATable()
        func int(_ v: TOMLValue?, _ key: String) throws -> Int? {
            guard let v else { return nil }
            guard let i = v.int, i >= 0 else { throw SettingsError(file: file, message: "\(key) must be a non-negative integer") }
            return i
        }
        if let stage = toml["hotline"]?["stage"] {
            t.acceptDays = try int(stage["accept"], "hotline.stage.accept") ?? t.acceptDays
            t.transferDays = try int(stage["transfer"], "hotline.stage.transfer") ?? t.transferDays
            t.callbackDays = try int(stage["callback"], "hotline.stage.callback") ?? t.callbackDays
            t.closeDays = try int(stage["close"], "hotline.stage.close") ?? t.closeDays
        }
        if let handle = toml["hotline"]?["handle"]?.table {
            for (key, value) in handle {
                guard let type = HotlineType(rawValue: key) else {
                    throw SettingsError(file: file, message: "hotline.handle: unknown type '\(key)'")
                }
                t.handleDays[type] = try int(value, "hotline.handle.\(key)")
            }
        }
        t.nearDueHours = try int(toml["hotline"]?["near_due_hours"], "hotline.near_due_hours") ?? t.nearDueHours
        if let esc = toml["incident"]?["escalate_after_minutes"]?.table {
            for (key, value) in esc {
                guard let n = Int(key), let level = Level(rawValue: n) else {
                    throw SettingsError(file: file, message: "incident.escalate_after_minutes: '\(key)' is not a level 1–4")
                }
                t.escalateAfterMinutes[level] = try int(value, "incident.escalate_after_minutes.\(key)")
            }
        }
        return t
    }

    public static func calendar(from toml: [String: TOMLValue], file: String, offsetSeconds: Int) throws -> WorkingCalendar {
        func dates(_ key: String) throws -> [String] {
            guard let v = toml[key] else { return [] }
            guard let a = v.array, a.allSatisfy({ $0.string != nil || $0.datetime != nil }) else {
                throw SettingsError(file: file, message: "\(key) must be a list of \"YYYY-MM-DD\" dates")
            }
            return a.compactMap { $0.string ?? $0.datetime }
        }
        do {
            return try WorkingCalendar(holidayDates: dates("holidays"), workdayDates: dates("workdays"), offsetSeconds: offsetSeconds)
        } catch let e as WorkingCalendar.CalendarError {
            throw SettingsError(file: file, message: e.description)
        }
    }

    public static func load(file path: String) throws -> [String: TOMLValue] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SettingsError(file: path, message: "cannot read the file")
        }
        do { return try TOML.parse(text) } catch let e as TOMLError {
            throw SettingsError(file: path, message: e.description)
        }
    }
}
