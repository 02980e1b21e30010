import WatchfloorCore

/// The parts of a syslog header the alert mapping needs, parsed leniently: devices send RFC 5424, RFC 3164 with or
/// without PRI, with a year (`Jan 18 2024 11:50:03`), with an ISO time instead of `Mmm dd`, or no header at all.
struct SyslogHeader {
    enum Flavour: String { case rfc5424, rfc3164, none }

    var flavour: Flavour = .none
    var priority: Int?
    var timestamp: Timestamp?
    var hostname: String?
    var appName: String?
    /// RFC 5424 structured data, `[id k="v"…]…`, escapes resolved: id → params.
    var structuredData: [(id: String, params: [(String, String)])] = []
    /// Offset of the message (after the header) in the line's bytes.
    var messageStart: Int = 0

    struct Failure: Error { var reason: String }

    /// Parses the header of `line` (UTF-8 text, no framing).
    static func parse(_ b: [UInt8], context: DecodeContext) throws -> SyslogHeader {
        var h = SyslogHeader()
        var i = 0
        let n = b.count
        func token() -> (Int, Int) {   // [start, end) up to the next space
            let s = i
            while i < n, b[i] != 0x20 { i += 1 }
            return (s, i)
        }
        func text(_ r: (Int, Int)) -> String { String(decoding: b[r.0..<r.1], as: UTF8.self) }
        func skipSpace() { while i < n, b[i] == 0x20 { i += 1 } }

        if i < n, b[i] == UInt8(ascii: "<") {
            var j = 1
            var pri = 0
            while j < n, j <= 4, b[j] >= 0x30, b[j] <= 0x39 { pri = pri * 10 + Int(b[j] - 0x30); j += 1 }
            if j > 1, j < n, b[j] == UInt8(ascii: ">") {
                guard pri <= 191 else { throw Failure(reason: "syslog PRI <\(pri)> out of range (0–191)") }
                h.priority = pri
                i = j + 1
            }
        }
        // RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]
        if h.priority != nil, i < n, b[i] >= 0x31, b[i] <= 0x39 {
            var j = i
            while j < n, j - i < 3, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
            if j == n || b[j] == 0x20 {
                h.flavour = .rfc5424
                i = j
                var fields: [String?] = []
                for name in ["TIMESTAMP", "HOSTNAME", "APP-NAME", "PROCID", "MSGID"] {
                    guard i < n, b[i] == 0x20 else { throw Failure(reason: "incomplete RFC 5424 header: missing \(name)") }
                    i += 1
                    let t = text(token())
                    guard !t.isEmpty else { throw Failure(reason: "RFC 5424 header: empty \(name)") }
                    fields.append(t == "-" ? nil : t)
                }
                if let ts = fields[0] {
                    guard let t = ISOTime.parse(ts, defaultOffsetSeconds: context.defaultOffsetSeconds) else {
                        throw Failure(reason: "RFC 5424 TIMESTAMP '\(ts)' is not RFC 3339")
                    }
                    h.timestamp = t
                }
                h.hostname = fields[1]
                h.appName = fields[2]
                if let app = fields[2], app.utf8.count > 48 {
                    throw Failure(reason: "RFC 5424 APP-NAME longer than 48 characters")
                }
                guard i < n, b[i] == 0x20 else { throw Failure(reason: "incomplete RFC 5424 header: missing STRUCTURED-DATA") }
                i += 1
                guard i < n else { throw Failure(reason: "incomplete RFC 5424 header: missing STRUCTURED-DATA") }
                if b[i] == UInt8(ascii: "-") {
                    i += 1
                } else if b[i] == UInt8(ascii: "[") {
                    h.structuredData = try parseSD(b, &i)
                } else {
                    throw Failure(reason: "RFC 5424 STRUCTURED-DATA must be '-' or start with '['")
                }
                if i < n {
                    guard b[i] == 0x20 else { throw Failure(reason: "RFC 5424: expected a space after STRUCTURED-DATA") }
                    i += 1
                    if i + 3 <= n, b[i] == 0xEF, b[i + 1] == 0xBB, b[i + 2] == 0xBF { i += 3 }   // BOM before MSG
                }
                h.messageStart = i
                return h
            }
        }
        // RFC 3164 (BSD): [SP] TIMESTAMP SP HOSTNAME SP MSG, all parts optional in practice.
        skipSpace()
        let save = i
        if let (t, end) = parseBSDTime(b, i, context: context) {
            h.timestamp = t
            h.flavour = .rfc3164
            i = end
            skipSpace()
        } else if i + 10 <= n, b[i] >= 0x30, b[i] <= 0x39, b[i + 4] == UInt8(ascii: "-") {
            let tok = token()
            if let t = ISOTime.parse(text(tok), defaultOffsetSeconds: context.defaultOffsetSeconds)
                ?? ISOTime.parse(text(tok).replacingOccurrences(of: " ", with: "T"), defaultOffsetSeconds: context.defaultOffsetSeconds) {
                h.timestamp = t
                h.flavour = .rfc3164
                skipSpace()
                // `2024-02-28 11:57:42.181478 host …`: date and time as two tokens.
                if i < n, b[i] >= 0x30, b[i] <= 0x39 {
                    let save2 = i
                    let t2 = token()
                    if let both = ISOTime.parse(text(tok) + "T" + text(t2), defaultOffsetSeconds: context.defaultOffsetSeconds) {
                        h.timestamp = both; skipSpace()
                    } else { i = save2 }
                }
            } else {
                i = save
            }
        }
        if h.flavour == .none && h.priority != nil { h.flavour = .rfc3164 }
        // HOSTNAME: the next token, unless it is already the message (a tag `app:`/`app[1]:`, CEF/LEEF, `%ASA-…`).
        if h.flavour == .rfc3164, h.timestamp != nil {
            let s = i
            let tok = token()
            let word = text(tok)
            if word.isEmpty || word.hasSuffix(":") || word.hasPrefix("CEF:") || word.hasPrefix("LEEF:")
                || word.hasPrefix("%") || word.contains("[") {
                i = s
            } else {
                h.hostname = word
                skipSpace()
            }
        }
        h.messageStart = i
        return h
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func month(_ b: [UInt8], _ i: Int) -> Int? {
        guard i + 3 <= b.count else { return nil }
        let word = String(decoding: b[i..<i + 3], as: UTF8.self)
        return months.firstIndex(of: word).map { $0 + 1 }
    }

    /// `Mmm dd HH:mm:ss` or `Mmm dd yyyy HH:mm:ss`, with optional `.fff`. The year comes from the context
    /// when absent.
    static func parseBSDTime(_ b: [UInt8], _ start: Int, context: DecodeContext) -> (Timestamp, Int)? {
        var i = start
        let n = b.count
        guard let mon = month(b, i) else { return nil }
        i += 3
        guard i < n, b[i] == 0x20 else { return nil }
        while i < n, b[i] == 0x20 { i += 1 }
        func num(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while i < n, k < maxDigits, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        guard let day = num(2), i < n, b[i] == 0x20 else { return nil }
        i += 1
        var year: Int?
        let save = i
        if let y = num(4), i < n, b[i] == 0x20, y >= 1970 { year = y; i += 1 } else { i = save }
        guard let hh = num(2), i < n, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let mm = num(2), i < n, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let ss = num(2) else { return nil }
        var ms = 0
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 100
            while i < n, b[i] >= 0x30, b[i] <= 0x39 { ms += Int(b[i] - 0x30) * scale; scale /= 10; i += 1 }
        }
        guard let y = year ?? context.syslogYear ?? context.receivedAt.map({ yearOf($0, offset: context.rfc3164OffsetSeconds) }),
              hh < 24, mm < 60, ss <= 60, (1...31).contains(day) else { return nil }
        func time(_ y: Int) -> Timestamp {
            let days = CivilDate.daysFromCivil(year: y, month: mon, day: day)
            let secs = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + min(ss, 59)) - Int64(context.rfc3164OffsetSeconds)
            return Timestamp(milliseconds: secs * 1000 + Int64(ms))
        }
        var t = time(y)
        // The year taken from the receipt time is wrong across New Year: "Dec 31 23:59:59" received at 00:00:02 on
        // Jan 1 is last year's, and "Jan 1 00:00:01" from a clock a little ahead, received on Dec 31, next year's.
        if year == nil, context.syslogYear == nil, let received = context.receivedAt {
            let days = Int(ISOTime.floorDivision(received.milliseconds + Int64(context.rfc3164OffsetSeconds) * 1000, 86_400_000))
            let receivedMonth = CivilDate.civilFromDays(days).month
            if mon == 12 && receivedMonth == 1 { t = time(y - 1) } else if mon == 1 && receivedMonth == 12 { t = time(y + 1) }
        }
        return (t, i)
    }

    static func yearOf(_ t: Timestamp, offset: Int) -> Int {
        let days = Int(ISOTime.floorDivision(t.milliseconds + Int64(offset) * 1000, 86_400_000))
        return CivilDate.civilFromDays(days).year
    }

    /// RFC 5424 STRUCTURED-DATA: one or more `[SD-ID *(SP PARAM-NAME="value")]`; inside values `\"`, `\\` and
    /// `\]` are escapes.
    static func parseSD(_ b: [UInt8], _ i: inout Int) throws -> [(id: String, params: [(String, String)])] {
        var out: [(id: String, params: [(String, String)])] = []
        let n = b.count
        while i < n, b[i] == UInt8(ascii: "[") {
            i += 1
            let idStart = i
            while i < n, b[i] != 0x20, b[i] != UInt8(ascii: "]") { i += 1 }
            guard i > idStart else { throw Failure(reason: "RFC 5424 structured data: empty SD-ID") }
            let id = String(decoding: b[idStart..<i], as: UTF8.self)
            var params: [(String, String)] = []
            while true {
                guard i < n else { throw Failure(reason: "RFC 5424 structured data: unterminated element [\(id)") }
                if b[i] == UInt8(ascii: "]") { i += 1; break }
                guard b[i] == 0x20 else { throw Failure(reason: "RFC 5424 structured data: unexpected byte in [\(id)") }
                i += 1
                let nameStart = i
                while i < n, b[i] != UInt8(ascii: "="), b[i] != 0x20, b[i] != UInt8(ascii: "]") { i += 1 }
                let name = String(decoding: b[nameStart..<i], as: UTF8.self)
                guard i + 1 < n, b[i] == UInt8(ascii: "="), b[i + 1] == UInt8(ascii: "\"") else {
                    throw Failure(reason: "RFC 5424 structured data: parameter '\(name)' in [\(id)] lacks =\"value\"")
                }
                i += 2
                var value: [UInt8] = []
                while true {
                    guard i < n else { throw Failure(reason: "RFC 5424 structured data: unterminated value of '\(name)'") }
                    let c = b[i]
                    if c == UInt8(ascii: "\\"), i + 1 < n,
                       b[i + 1] == UInt8(ascii: "\"") || b[i + 1] == UInt8(ascii: "\\") || b[i + 1] == UInt8(ascii: "]") {
                        value.append(b[i + 1]); i += 2
                    } else if c == UInt8(ascii: "\"") {
                        i += 1; break
                    } else {
                        value.append(c); i += 1
                    }
                }
                params.append((name, String(decoding: value, as: UTF8.self)))
            }
            out.append((id, params))
        }
        return out
    }
}

extension ISOTime {
    static func floorDivision(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
