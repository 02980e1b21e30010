// Small formatting helpers shared by the panes: local times, ages, countdowns, shifts.

import WatchfloorCore

enum Format {
    /// "14:02" in the county's offset.
    static func hhmm(_ t: Timestamp, offset: Int) -> String {
        ISOTime.localClock(t, offsetSeconds: offset)
    }

    /// "14:02" for a time on `now`'s local day, else "11-18": a five-column cell that never passes off
    /// yesterday's 23:50 as today's.
    static func timeOrDate(_ t: Timestamp, now: Timestamp, offset: Int) -> String {
        let a = ISOTime.format(t, offsetSeconds: offset), b = ISOTime.format(now, offsetSeconds: offset)
        return a.prefix(10) == b.prefix(10) ? ISOTime.localClock(t, offsetSeconds: offset) : String(a.dropFirst(5).prefix(5))
    }

    /// "14:02:05".
    static func hhmmss(_ t: Timestamp, offset: Int) -> String {
        String(ISOTime.format(t, offsetSeconds: offset).dropFirst(11).prefix(8))
    }

    /// "11-19 14:02".
    static func monthDayTime(_ t: Timestamp, offset: Int) -> String {
        ISOTime.localMonthDayTime(t, offsetSeconds: offset)
    }

    /// "2026-11-19".
    static func date(_ t: Timestamp, offset: Int) -> String { String(ISOTime.format(t, offsetSeconds: offset).prefix(10)) }

    /// Compact elapsed time: "刚刚 / now", "12分 / 12m", "3时 / 3h", "2天 / 2d".
    static func age(_ from: Timestamp, now: Timestamp, _ lang: Language) -> String {
        let minutes = max(0, (now.milliseconds - from.milliseconds) / 60_000)
        if minutes < 1 { return lang == .zh ? "刚刚" : "now" }
        if minutes < 60 { return lang == .zh ? "\(minutes)分" : "\(minutes)m" }
        let hours = minutes / 60
        if hours < 48 { return lang == .zh ? "\(hours)时" : "\(hours)h" }
        return lang == .zh ? "\(hours / 24)天" : "\(hours / 24)d"
    }

    /// Time left until (or past) a deadline: "剩 3时05分 / 3h05m left", "超 20分 / 20m over".
    static func countdown(due: Timestamp?, now: Timestamp, _ lang: Language) -> String {
        guard let due else { return "—" }
        let delta = due.milliseconds - now.milliseconds
        let minutes = abs(delta) / 60_000
        let h = minutes / 60, m = minutes % 60
        let span: String
        if h >= 48 { span = lang == .zh ? "\(h / 24)天" : "\(h / 24)d" }
        else if h > 0 { span = lang == .zh ? "\(h)时\(ISOTime.pad(Int(m), 2))分" : "\(h)h\(ISOTime.pad(Int(m), 2))m" }
        else { span = lang == .zh ? "\(m)分" : "\(m)m" }
        if delta < 0 { return lang == .zh ? "超 \(span)" : "\(span) over" }
        return lang == .zh ? "剩 \(span)" : "\(span) left"
    }

    /// Day shift 08:00–20:00, night shift otherwise (local time).
    static func isDayShift(_ t: Timestamp, offset: Int) -> Bool {
        let local = (t.milliseconds / 1000 + Int64(offset)) % 86_400
        let hour = (local + 86_400) % 86_400 / 3600
        return hour >= 8 && hour < 20
    }

    static func shift(_ t: Timestamp, offset: Int, _ lang: Language) -> String {
        let day = isDayShift(t, offset: offset)
        switch lang {
        case .zh: return day ? "白班 08–20" : "夜班 20–08"
        case .en: return day ? "Day 08–20" : "Night 20–08"
        }
    }
}

/// `lang.pick("中文", "English")`.
extension Language {
    func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
