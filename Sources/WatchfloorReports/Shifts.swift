import WatchfloorCore

/// One named shift of the duty day (白班 08:00, 夜班 20:00 …): it runs from `start` until the next shift starts.
public struct ShiftDefinition: Sendable, Equatable {
    /// The id suffix: `day` in `2026-11-22-day`. Lowercase letters, digits, `_`.
    public var name: String
    /// Seconds after local midnight.
    public var startSecond: Int
    public var label: Bilingual

    public init(name: String, startSecond: Int, label: Bilingual) {
        self.name = name; self.startSecond = startSecond; self.label = label
    }
}

/// One concrete shift: a definition on a local date. `id` is `YYYY-MM-DD-name`, dated by the day it starts
/// (the night shift `2026-11-21-night` runs 2026-11-21 20:00 → 2026-11-22 08:00).
public struct Shift: Sendable, Equatable {
    public var id: String
    public var name: String
    public var label: Bilingual
    public var since: Timestamp
    public var until: Timestamp
}

/// Why the `[shifts]` section or a shift selector could not be understood; names the file and key.
public struct ShiftError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The duty room's shift pattern and roster, read from `[shifts]` in `watchfloor.toml`:
///
/// ```toml
/// [[shifts.shift]]
/// name = "day"
/// start = "08:00"          # county-local time (utc_offset)
/// zh = "白班"
/// en = "Day shift"
/// [[shifts.shift]]
/// name = "night"
/// start = "20:00"
/// zh = "夜班"
/// en = "Night shift"
///
/// [shifts.roster]          # who is on duty: by shift name (every day) or by shift id (that one shift)
/// day = ["wangwei", "lina"]
/// night = ["zhangmin", "liuyang"]
/// "2026-11-21-night" = ["chenjing", "liuyang"]
/// ```
///
/// Without a `[shifts]` section: 白班 08:00–20:00 and 夜班 20:00–08:00, no roster.
public struct ShiftSchedule: Sendable, Equatable {
    /// Sorted by start time.
    public private(set) var definitions: [ShiftDefinition]
    /// Logins by shift name or shift id (an id entry wins).
    public var roster: [String: [String]]
    public var offsetSeconds: Int

    public static let defaultDefinitions = [
        ShiftDefinition(name: "day", startSecond: 8 * 3600, label: Bilingual("白班", "Day shift")),
        ShiftDefinition(name: "night", startSecond: 20 * 3600, label: Bilingual("夜班", "Night shift")),
    ]

    public init(definitions: [ShiftDefinition] = ShiftSchedule.defaultDefinitions, roster: [String: [String]] = [:],
                offsetSeconds: Int = ISOTime.chinaOffsetSeconds) {
        self.definitions = definitions.sorted { $0.startSecond < $1.startSecond }
        self.roster = roster
        self.offsetSeconds = offsetSeconds
    }

    /// Reads `[shifts]` from the settings' raw TOML (defaults when absent).
    public init(settings: WatchfloorSettings) throws {
        let file = settings.path ?? "watchfloor.toml"
        let section = settings.raw["shifts"]
        var defs: [ShiftDefinition] = []
        if let list = section?["shift"] {
            guard let items = list.array else { throw ShiftError("\(file): shifts.shift must be an array of tables ([[shifts.shift]])") }
            for (i, item) in items.enumerated() {
                let at = "\(file): [[shifts.shift]] #\(i + 1)"
                guard let name = item["name"]?.string, ShiftSchedule.isValidName(name) else {
                    throw ShiftError("\(at): name must be lowercase letters, digits or _ (e.g. \"day\")")
                }
                guard let startText = item["start"]?.string ?? item["start"]?.datetime,
                      let start = ShiftSchedule.parseClock(startText) else {
                    throw ShiftError("\(at) (\(name)): start must be a local time like \"08:00\"")
                }
                let zh = item["zh"]?.string ?? name
                let en = item["en"]?.string ?? name
                defs.append(ShiftDefinition(name: name, startSecond: start, label: Bilingual(zh, en)))
            }
            if defs.isEmpty { throw ShiftError("\(file): [shifts] needs at least one [[shifts.shift]]") }
            if Set(defs.map(\.name)).count != defs.count { throw ShiftError("\(file): shift names must be unique") }
            if Set(defs.map(\.startSecond)).count != defs.count { throw ShiftError("\(file): two shifts start at the same time") }
        } else {
            defs = ShiftSchedule.defaultDefinitions
        }
        var roster: [String: [String]] = [:]
        if let table = section?["roster"] {
            guard let entries = table.table else { throw ShiftError("\(file): shifts.roster must be a table") }
            for (key, value) in entries {
                guard let logins = value.array?.compactMap(\.string), logins.count == value.array?.count else {
                    throw ShiftError("\(file): shifts.roster.\(key) must be a list of operator logins")
                }
                roster[key] = logins
            }
        }
        self.init(definitions: defs, roster: roster, offsetSeconds: settings.offsetSeconds)
        for key in roster.keys where !definitions.contains(where: { $0.name == key }) {
            guard (try? shift(id: key)) != nil else {
                throw ShiftError("\(file): shifts.roster.\(key) is neither a shift name nor a shift id like 2026-11-22-day")
            }
        }
    }

    static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `"08:00"` or `"08:00:00"` → seconds after midnight.
    static func parseClock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        let s = parts.count == 3 ? Int(parts[2].prefix(2)) ?? -1 : 0
        guard (0..<60).contains(s) else { return nil }
        return h * 3600 + m * 60 + s
    }

    private func make(day: Int, index: Int) -> Shift {
        let def = definitions[index]
        let start = Int64(day) * 86_400 + Int64(def.startSecond) - Int64(offsetSeconds)
        let nextDay = index + 1 < definitions.count ? day : day + 1
        let nextDef = definitions[(index + 1) % definitions.count]
        let end = Int64(nextDay) * 86_400 + Int64(nextDef.startSecond) - Int64(offsetSeconds)
        let (y, m, d) = CivilDate.civilFromDays(day)
        let date = "\(ISOTime.pad(y, 4))-\(ISOTime.pad(m, 2))-\(ISOTime.pad(d, 2))"
        return Shift(id: "\(date)-\(def.name)", name: def.name, label: def.label,
                     since: Timestamp(milliseconds: start * 1000), until: Timestamp(milliseconds: end * 1000))
    }

    /// The shift running at `time`.
    public func shift(containing time: Timestamp) -> Shift {
        let localSeconds = ISOTime.floorDiv(time.milliseconds, 1000) + Int64(offsetSeconds)
        var day = Int(ISOTime.floorDiv(localSeconds, 86_400))
        let second = Int(localSeconds - Int64(day) * 86_400)
        var index = definitions.lastIndex { $0.startSecond <= second } ?? -1
        if index < 0 { day -= 1; index = definitions.count - 1 }
        return make(day: day, index: index)
    }

    /// The shift before `shift`.
    public func previous(_ shift: Shift) -> Shift { self.shift(containing: shift.since.adding(milliseconds: -1)) }

    /// The shift after `shift`.
    public func next(_ shift: Shift) -> Shift { self.shift(containing: shift.until) }

    /// Parses `2026-11-22-day`.
    public func shift(id: String) throws -> Shift {
        guard id.count > 11, let day = CivilDate.day(String(id.prefix(10))), id.dropFirst(10).first == "-" else {
            throw ShiftError("'\(id)' is not a shift id (e.g. 2026-11-22-\(definitions.first?.name ?? "day"))")
        }
        let name = String(id.dropFirst(11))
        guard let index = definitions.firstIndex(where: { $0.name == name }) else {
            throw ShiftError("unknown shift '\(name)' in '\(id)' (known: \(definitions.map(\.name).joined(separator: ", ")))")
        }
        return make(day: day, index: index)
    }

    /// Who is rostered for `shift`: its id entry if any, else its name's entry.
    public func rostered(for shift: Shift) -> [String] { roster[shift.id] ?? roster[shift.name] ?? [] }
}

/// Which window a handover covers, as the CLI and the UI ask for it.
public enum ShiftSelector: Sendable, Equatable {
    case current
    case previous
    case id(String)
    case window(since: Timestamp, until: Timestamp)

    /// `current`, `previous` or a shift id.
    public init(_ text: String) {
        switch text.lowercased() {
        case "current", "now": self = .current
        case "previous", "prev", "last": self = .previous
        default: self = .id(text)
        }
    }
}

/// The time window a report covers: a shift, or an explicit `--since/--until` range.
public struct HandoverWindow: Sendable, Equatable {
    public var since: Timestamp
    public var until: Timestamp
    /// Set when the window is a shift.
    public var shift: Shift?
    /// The window the next team works (due-soon hotline cases are those due before it ends).
    public var nextUntil: Timestamp

    public init(since: Timestamp, until: Timestamp, shift: Shift? = nil, nextUntil: Timestamp? = nil) {
        self.since = since; self.until = until; self.shift = shift
        self.nextUntil = nextUntil ?? until.adding(milliseconds: until.milliseconds - since.milliseconds)
    }

    /// The name the audit trail files this window under: the shift id, or `since/until` in ISO UTC.
    public var key: String { shift?.id ?? "\(since.iso)/\(until.iso)" }
}

extension ShiftSchedule {
    /// Resolves a selector at `now` into a window.
    public func window(_ selector: ShiftSelector, now: Timestamp) throws -> HandoverWindow {
        let s: Shift
        switch selector {
        case .current: s = shift(containing: now)
        case .previous: s = previous(shift(containing: now))
        case .id(let id): s = try shift(id: id)
        case .window(let since, let until):
            guard since < until else { throw ShiftError("--since must be before --until") }
            return HandoverWindow(since: since, until: until)
        }
        return HandoverWindow(since: s.since, until: s.until, shift: s, nextUntil: next(s).until)
    }
}
