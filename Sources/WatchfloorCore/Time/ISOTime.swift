/// Hand-written ISO-8601 parsing and formatting: the ingest hot path parses a time per record and
/// Foundation's formatters cost tens of microseconds each. Accepts what feeds really send:
/// `2026-11-20T08:12:00+08:00`, `…00.123Z`, EVE's `…16.181307+0000`, a space instead of `T`, or no offset
/// (then `defaultOffsetSeconds`, the county's zone, applies).
public enum ISOTime {
    public static let chinaOffsetSeconds = 8 * 3600

    public static func parse(_ text: String, defaultOffsetSeconds: Int = chinaOffsetSeconds) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0, defaultOffsetSeconds: defaultOffsetSeconds) }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>, defaultOffsetSeconds: Int = chinaOffsetSeconds) -> Timestamp? {
        var i = 0
        let n = bytes.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in 0..<count {
                let c = bytes[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += count
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, bytes[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0
        var offset = defaultOffsetSeconds
        if i < n, bytes[i] == 0x54 || bytes[i] == 0x20 || bytes[i] == 0x74 {
            i += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if expect(0x3A) {
                guard let s = digits(2), s <= 60 else { return nil }
                second = min(s, 59)
                if i < n, bytes[i] == 0x2E || bytes[i] == 0x2C {
                    i += 1
                    var scale = 100
                    var any = false
                    while i < n, bytes[i] >= 48, bytes[i] <= 57 {
                        millis += Int(bytes[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    if !any { return nil }
                }
            }
            if i < n {
                let c = bytes[i]
                if c == 0x5A || c == 0x7A { offset = 0; i += 1 }
                else if c == 0x2B || c == 0x2D {
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(0x3A)
                    let om = digits(2) ?? 0
                    offset = (oh * 3600 + om * 60) * (c == 0x2D ? -1 : 1)
                }
            }
        }
        guard i == n else { return nil }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return Timestamp(milliseconds: seconds * 1000 + Int64(millis))
    }

    /// `2026-11-20T08:12:00.000+08:00` (or `Z` for offset 0).
    public static func format(_ time: Timestamp, offsetSeconds: Int) -> String {
        let local = time.milliseconds + Int64(offsetSeconds) * 1000
        let ms = Int(((local % 1000) + 1000) % 1000)
        let totalSeconds = (local - Int64(ms)) / 1000
        let days = Int(floorDiv(totalSeconds, 86_400))
        let secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        let (y, mo, d) = CivilDate.civilFromDays(days)
        var out = "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(ms, 3))"
        if offsetSeconds == 0 { out += "Z" } else {
            let sign = offsetSeconds < 0 ? "-" : "+"
            let a = abs(offsetSeconds)
            out += "\(sign)\(pad(a / 3600, 2)):\(pad(a / 60 % 60, 2))"
        }
        return out
    }

    /// "14:02" in the given zone: what tables and messages show for a time of day.
    public static func localClock(_ time: Timestamp, offsetSeconds: Int) -> String {
        String(format(time, offsetSeconds: offsetSeconds).dropFirst(11).prefix(5))
    }

    /// "11-19 14:02" in the given zone.
    public static func localMonthDayTime(_ time: Timestamp, offsetSeconds: Int) -> String {
        let s = format(time, offsetSeconds: offsetSeconds)
        return String(s.dropFirst(5).prefix(5)) + " " + String(s.dropFirst(11).prefix(5))
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), used by the
/// working-day clock and the ISO parser without a Foundation `Calendar` per call.
public enum CivilDate {
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
    public static func weekday(ofDay days: Int) -> Int {
        let w = ((days % 7) + 7 + 3) % 7   // 0 = Monday
        return w + 1
    }

    /// Parses `YYYY-MM-DD` into a day number.
    public static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }
}
