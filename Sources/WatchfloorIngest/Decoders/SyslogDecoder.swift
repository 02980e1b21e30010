import WatchfloorCore

/// Syslog messages (RFC 5424, RFC 3164, header-less) whose payload is CEF or LEEF become alerts. Serves both the
/// `syslog` and the `cef` formats: a bare CEF line is a syslog message without a header.
///
/// Alert mapping (CEF extension keys, LEEF attribute names in brackets):
/// - at: `rt` [`devTime`] (epoch ms, `MMM dd yyyy HH:mm:ss[.SSS] [zone]`, ISO-8601, `M/d/yyyy h:mm:ss AM`), else
///   the syslog timestamp, else `context.receivedAt`; none of these → rejected.
/// - sensor: syslog HOSTNAME, else `dvchost`, else `dvc`, else `context.defaultSensor`.
/// - signature_id: the header SignatureID [EventID] when numeric; otherwise a stable 31-bit FNV-1a hash of
///   `vendor|product|id` (the domain keeps signature ids as integers; the text id stays in `signature`).
/// - signature: Name (or the SignatureID when Name is empty), prefixed with the text id when it was hashed.
/// - level: `SeverityMapping.fromCEF` of the header Severity [`sev`]; LEEF without `sev` → Ⅳ.
/// - src/dest: `src`/`dst` (`sourceAddress`/`destinationAddress`, then `shost`/`dhost`) with `spt`/`dpt`
///   [`srcPort`/`dstPort`]; absent → "-". proto: `proto`; action: `act` [`action`]; category: `cat`, else
///   "Vendor Product".
/// Messages without CEF/LEEF are counted in `skipped` by vendor (`cisco-asa`, `paloalto-threat`, `fortigate`,
/// `syslog` …); lines with neither a syslog header nor a known payload are rejected.
public struct SyslogDecoder: LineDecoder {
    public init() {}

    public func decode(line: UnsafeRawBufferPointer, position: String, context: DecodeContext) -> DecodeResult {
        var bytes = Array(line)
        func reject(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: position, reason: reason, raw: Array(bytes.prefix(4096)))])
        }
        if let bad = UTF8Check.firstInvalidOffset(line) {
            // Chinese firewalls and Windows hosts send GBK: read it as GB18030 (its superset) before giving up.
            guard let converted = TextEncoding.convertToUTF8(bytes, from: "GB18030") else {
                return reject("invalid UTF-8 at byte \(bad), and not GBK/GB18030 either")
            }
            bytes = converted
        }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D || bytes[end - 1] == 0 { end -= 1 }
        let b = Array(bytes[0..<end])
        guard !b.isEmpty else { return reject("empty syslog message") }
        let header: SyslogHeader
        do { header = try SyslogHeader.parse(b, context: context) } catch let f as SyslogHeader.Failure {
            return reject(f.reason)
        } catch { return reject("\(error)") }

        let body = b[header.messageStart...]
        if let cef = find(body, "CEF:") ?? findCEFWithSpace(body) {
            do {
                let m = try CEFParser.parse(b[cef...])
                return alert(from: m, header: header, line: b, position: position, context: context)
            } catch let f as SecurityEventMessage.Failure { return reject(f.reason) } catch { return reject("\(error)") }
        }
        if let leef = find(body, "LEEF:") {
            do {
                let m = try LEEFParser.parse(b[leef...])
                return alert(from: m, header: header, line: b, position: position, context: context)
            } catch let f as SecurityEventMessage.Failure { return reject(f.reason) } catch { return reject("\(error)") }
        }
        if let vendor = SyslogVendor.classify(body) { return DecodeResult(skipped: [vendor: 1]) }
        if b.first == UInt8(ascii: "{") { return reject("a JSON document, not a syslog message (wrapped by a log shipper?)") }
        if header.flavour == .none {
            return reject("no syslog header (PRI or timestamp) and no CEF/LEEF payload")
        }
        return DecodeResult(skipped: ["syslog": 1])
    }

    private func find(_ b: ArraySlice<UInt8>, _ needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard b.count >= n else { return nil }
        var i = b.startIndex
        while i + n <= b.endIndex {
            if b[i] == p[0] {
                var k = 1
                while k < n, b[i + k] == p[k] { k += 1 }
                if k == n, i == b.startIndex || !CEFParser.isKeyByte(b[i - 1]) { return i }
            }
            i += 1
        }
        return nil
    }

    private func findCEFWithSpace(_ b: ArraySlice<UInt8>) -> Int? { find(b, "CEF: ") }

    private func alert(from m: SecurityEventMessage, header: SyslogHeader, line: [UInt8], position: String,
                       context: DecodeContext) -> DecodeResult {
        let raw = String(decoding: line, as: UTF8.self)
        func reject(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: position, reason: reason, raw: Array(line.prefix(4096)))])
        }
        let level: Level
        if let sev = m.severity?.trimmingCharacters(in: .whitespaces), !sev.isEmpty {
            let first = String(sev.split(separator: " ").first ?? "")
            guard let l = SeverityMapping.fromCEF(sev) ?? SeverityMapping.fromCEF(first) else {
                return reject("\(m.kind.rawValue) severity '\(sev)' is neither 0–10 nor Low/Medium/High/Very-High")
            }
            level = l
        } else if m.kind == .cef {
            return reject("CEF header has an empty Severity")
        } else {
            level = .four
        }
        var at: Timestamp?
        if let rt = m.ext("rt", "devTime", "start", "end") {
            guard let t = VendorTime.parse(rt, context: context) else {
                return reject("\(m.kind.rawValue) time '\(rt)' is not in a known format")
            }
            at = t
        }
        guard let time = at ?? header.timestamp ?? context.receivedAt else {
            return reject("\(m.kind.rawValue) message without a time (no rt/devTime, no syslog timestamp)")
        }
        let sigText = m.signatureID.trimmingCharacters(in: .whitespaces)
        let numericID = Int(sigText)
        let sigID = numericID ?? SignatureHash.fnv31("\(m.vendor)|\(m.product)|\(sigText)")
        var signature = m.name.isEmpty ? sigText : m.name
        if numericID == nil, !sigText.isEmpty, sigText != signature { signature = "[\(sigText)] \(signature)" }
        if signature.isEmpty { signature = "\(m.vendor) \(m.product)" }
        let srcHost = m.ext("src", "sourceAddress", "c6a2", "shost") ?? "-"
        let dstHost = m.ext("dst", "destinationAddress", "c6a3", "dhost") ?? "-"
        let observation = AlertObservation(
            at: time, sensor: header.hostname ?? m.ext("dvchost", "dvc") ?? context.defaultSensor,
            signatureID: sigID, signature: signature,
            category: m.ext("cat") ?? "\(m.vendor) \(m.product)", level: level,
            src: Endpoint.join(srcHost, m.ext("spt", "srcPort")), dest: Endpoint.join(dstHost, m.ext("dpt", "dstPort")),
            proto: m.ext("proto"), action: m.ext("act", "action"), raw: raw)
        return DecodeResult(records: [.alert(observation)])
    }
}

/// Stable ids for text signature ids (FNV-1a, folded to a positive 31-bit integer).
enum SignatureHash {
    static func fnv31(_ s: String) -> Int {
        var h: UInt32 = 2_166_136_261
        for byte in s.utf8 { h = (h ^ UInt32(byte)) &* 16_777_619 }
        return Int(h & 0x7FFF_FFFF)
    }
}

/// Recognises common non-CEF device messages so they are counted, not dead-lettered.
enum SyslogVendor {
    static func classify(_ body: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: body.prefix(600), as: UTF8.self)
        if text.contains("%ASA-") { return "cisco-asa" }
        if text.contains("%FTD-") { return "cisco-ftd" }
        if text.contains("%PIX-") { return "cisco-pix" }
        if text.contains("%FWSM-") { return "cisco-fwsm" }
        if text.contains("CISE_") { return "cisco-ise" }
        if text.contains("SFIMS:") { return "sourcefire" }
        if text.contains("fenotify-") { return "fireeye" }
        if text.contains("StealthWatch") { return "lancope" }
        if text.contains("[Classification:") || text.contains("[Priority:") { return "snort" }
        if text.contains("devname=") && text.contains("logid=") { return "fortigate" }
        let fields = text.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false)
        if fields.count > 4, fields[1].count == 19, fields[1].contains("/"),
           ["THREAT", "TRAFFIC", "SYSTEM", "CONFIG", "HIP-MATCH", "CORRELATION", "USERID", "GLOBALPROTECT"].contains(String(fields[3])) {
            return "paloalto-" + fields[3].lowercased()
        }
        // Snort/Barnyard CSV alert: `01/27/16-16:01:04.877970 ,gid,sid,rev,"msg",…`
        if fields.count > 4, fields[0].contains("/"), fields[0].contains("-"), fields[0].contains(":"),
           Int(fields[1]) != nil, Int(fields[2]) != nil { return "snort-csv" }
        return nil
    }
}

/// Times as security devices write them in CEF `rt` and LEEF `devTime`.
enum VendorTime {
    static func parse(_ text: String, context: DecodeContext) -> Timestamp? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let n = Int64(s) {
            if s.count >= 12 { return Timestamp(milliseconds: n) }
            if s.count == 10 { return Timestamp(milliseconds: n * 1000) }
            return nil
        }
        if let t = ISOTime.parse(s, defaultOffsetSeconds: context.defaultOffsetSeconds) { return t }
        // MMM dd yyyy HH:mm:ss[.SSS] [zone]
        let parts = s.split(separator: " ")
        if parts.count >= 4, let mon = SyslogHeader.months.firstIndex(of: String(parts[0])),
           let day = Int(parts[1]), let year = Int(parts[2]) {
            var offset = context.defaultOffsetSeconds
            if parts.count >= 5 {
                let zone = String(parts[4])
                if zone == "UTC" || zone == "GMT" || zone == "Z" { offset = 0 }
                else if let z = zoneOffset(zone) { offset = z } else { return nil }
            }
            let iso = String(format4(year)) + "-" + two(mon + 1) + "-" + two(day) + "T" + parts[3]
            return ISOTime.parse(iso, defaultOffsetSeconds: offset)
        }
        // dd MMMM yyyy HH:mm:ss (Imperva: `31 March 2016 13:04:55`)
        if parts.count == 4, let day = Int(parts[0]), let year = Int(parts[2]),
           let mon = SyslogHeader.months.firstIndex(where: { parts[1].hasPrefix($0) }) {
            let iso = format4(year) + "-" + two(mon + 1) + "-" + two(day) + "T" + parts[3]
            return ISOTime.parse(iso, defaultOffsetSeconds: context.defaultOffsetSeconds)
        }
        return USDateTime.parse(s, offsetSeconds: context.defaultOffsetSeconds)
    }

    static func zoneOffset(_ z: String) -> Int? {
        guard z.count == 5, let sign = z.first, sign == "+" || sign == "-", let v = Int(z.dropFirst()) else { return nil }
        return (v / 100 * 3600 + v % 100 * 60) * (sign == "-" ? -1 : 1)
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func format4(_ v: Int) -> String { String(repeating: "0", count: max(0, 4 - String(v).count)) + String(v) }
}

/// `M/d/yyyy h:mm:ss AM` and `MM/dd/yyyy HH:mm:ss` (NYC 311 exports, Cynet CEF).
public enum USDateTime {
    public static func parse(_ text: String, offsetSeconds: Int) -> Timestamp? {
        let parts = text.split(separator: " ")
        guard parts.count >= 1, parts.count <= 3 else { return nil }
        let date = parts[0].split(separator: "/")
        guard date.count == 3, let m = Int(date[0]), let d = Int(date[1]), var y = Int(date[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        if date[2].count == 2 { y += 2000 }
        var hh = 0, mm = 0, ss = 0
        if parts.count >= 2 {
            let t = parts[1].split(separator: ":")
            guard t.count >= 2, let h = Int(t[0]), let mi = Int(t[1]) else { return nil }
            hh = h; mm = mi
            if t.count == 3 { guard let s = Int(Double(t[2]) ?? -1) as Int?, s >= 0 else { return nil }; ss = s }
            if parts.count == 3 {
                let ampm = parts[2].uppercased()
                guard hh >= 1, hh <= 12 else { return nil }
                if ampm == "AM" { if hh == 12 { hh = 0 } } else if ampm == "PM" { if hh != 12 { hh += 12 } } else { return nil }
            }
            guard hh < 24, mm < 60, ss < 61 else { return nil }
        }
        let days = CivilDate.daysFromCivil(year: y, month: m, day: d)
        let secs = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + min(ss, 59)) - Int64(offsetSeconds)
        return Timestamp(milliseconds: secs * 1000)
    }
}
