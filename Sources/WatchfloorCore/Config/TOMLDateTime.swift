/// TOML 1.0 date-time values checked field by field (RFC 3339 with TOML's lowercase `t`/`z` and space
/// separator): a config with `2006-13-01` or `1997-09-00T…` is an error on its line, not a silently odd time.
///
/// Accepted shapes: offset date-time `YYYY-MM-DD[Tt ]HH:MM:SS[.frac](Z|z|±HH:MM)`, local date-time (no offset),
/// local date `YYYY-MM-DD`, local time `HH:MM:SS[.frac]`. Month 1–12, day within the month (leap years), hour
/// 0–23, minute 0–59, second 0–60 (a leap second), offset hour 0–23 and minute 0–59.
enum TOMLDateTime {
    /// Nil when `token` is a valid date-time; else why not.
    static func problem(_ token: String) -> String? {
        let u = Array(token.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard u[k] >= 48, u[k] <= 57 else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < u.count, u[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        func time() -> String? {
            guard let h = digits(2), expect(":"), let m = digits(2), expect(":"), let s = digits(2) else {
                return "a time is HH:MM:SS"
            }
            guard h <= 23 else { return "hour \(h) is not 00–23" }
            guard m <= 59 else { return "minute \(m) is not 00–59" }
            guard s <= 60 else { return "second \(s) is not 00–60" }
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
                if i == start { return "a fraction of a second needs digits after '.'" }
            }
            return nil
        }
        if u.count >= 3, u[2] == UInt8(ascii: ":") {
            if let p = time() { return p }
            return i == u.count ? nil : "unexpected text after the time"
        }
        guard let y = digits(4), expect("-"), let mo = digits(2), expect("-"), let d = digits(2) else {
            return "a date is YYYY-MM-DD"
        }
        guard (1...12).contains(mo) else { return "month \(mo) is not 01–12" }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
        guard d >= 1 && d <= days else { return "day \(d) does not exist in \(y)-\(mo < 10 ? "0" : "")\(mo)" }
        if i == u.count { return nil }
        guard u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t") || u[i] == UInt8(ascii: " ") else {
            return "expected 'T' or a space between the date and the time"
        }
        i += 1
        if let p = time() { return p }
        if i == u.count { return nil }
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            i += 1
            guard let oh = digits(2), expect(":"), let om = digits(2) else { return "an offset is ±HH:MM" }
            guard oh <= 23, om <= 59 else { return "offset \(oh):\(om) is out of range" }
        } else {
            return "unexpected text after the time"
        }
        return i == u.count ? nil : "unexpected text after the offset"
    }
}
