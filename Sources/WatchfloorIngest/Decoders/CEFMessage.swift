import WatchfloorCore

/// A parsed CEF or LEEF payload: the header fields plus the extension as key → value (escapes resolved).
struct SecurityEventMessage {
    enum Kind: String { case cef = "CEF", leef = "LEEF" }
    var kind: Kind
    var version: String
    var vendor: String
    var product: String
    var productVersion: String
    var signatureID: String
    var name: String
    /// CEF header severity; LEEF carries it in `sev`.
    var severity: String?
    var extensions: [String: String]

    struct Failure: Error { var reason: String }

    func ext(_ keys: String...) -> String? {
        for k in keys { if let v = extensions[k], !v.isEmpty { return v } }
        return nil
    }
}

/// ArcSight CEF: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension`. Header fields escape
/// `\|` and `\\`; extension values escape `\=`, `\\`, `\n`, `\r`. Extension pairs are `key=value` separated by
/// spaces, and a value may itself contain spaces: it runs until the space before the next `key=`.
enum CEFParser {
    static func parse(_ b: ArraySlice<UInt8>) throws -> SecurityEventMessage {
        var i = b.startIndex
        let end = b.endIndex
        // "CEF:" then optional space (Palo Alto writes "CEF: 0")
        i += 4
        while i < end, b[i] == 0x20 { i += 1 }
        var header: [String] = []
        var field: [UInt8] = []
        while header.count < 7 {
            guard i < end else {
                throw SecurityEventMessage.Failure(reason: "CEF header has \(header.count + 1) of 8 '|'-separated fields")
            }
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < end, b[i + 1] == UInt8(ascii: "|") || b[i + 1] == UInt8(ascii: "\\") {
                field.append(b[i + 1]); i += 2
            } else if c == UInt8(ascii: "|") {
                header.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); i += 1
            } else {
                field.append(c); i += 1
            }
        }
        guard let version = Int(header[0].trimmingCharacters(in: .whitespaces)), version >= 0 && version <= 1 else {
            throw SecurityEventMessage.Failure(reason: "unsupported CEF version '\(header[0])'")
        }
        let ext = parseExtension(b[i..<end])
        return SecurityEventMessage(kind: .cef, version: String(version), vendor: header[1], product: header[2],
                                    productVersion: header[3], signatureID: header[4], name: header[5],
                                    severity: header[6], extensions: ext)
    }

    static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
    }

    /// Splits `k1=v 1 k2=v2` into pairs. A `=` counts as a separator only when unescaped and preceded by a key
    /// that starts after a space (or at the start).
    static func parseExtension(_ b: ArraySlice<UInt8>) -> [String: String] {
        var keyStarts: [(keyStart: Int, eq: Int)] = []
        var i = b.startIndex
        let end = b.endIndex
        while i < end {
            let c = b[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == UInt8(ascii: "=") {
                var k = i
                while k > b.startIndex, isKeyByte(b[k - 1]) { k -= 1 }
                if k < i, k == b.startIndex || b[k - 1] == 0x20 || b[k - 1] == 0x09 {
                    keyStarts.append((k, i))
                }
            }
            i += 1
        }
        var out: [String: String] = [:]
        for (n, ks) in keyStarts.enumerated() {
            let key = String(decoding: b[ks.keyStart..<ks.eq], as: UTF8.self)
            var valueEnd = n + 1 < keyStarts.count ? keyStarts[n + 1].keyStart : end
            while valueEnd > ks.eq + 1, b[valueEnd - 1] == 0x20 || b[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            out[key] = unescapeValue(b[(ks.eq + 1)..<max(ks.eq + 1, valueEnd)])
        }
        return out
    }

    static func unescapeValue(_ b: ArraySlice<UInt8>) -> String {
        guard b.contains(UInt8(ascii: "\\")) else { return String(decoding: b, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < b.endIndex {
                switch b[i + 1] {
                case UInt8(ascii: "="), UInt8(ascii: "\\"), UInt8(ascii: "|"): out.append(b[i + 1]); i += 2; continue
                case UInt8(ascii: "n"): out.append(0x0A); i += 2; continue
                case UInt8(ascii: "r"): out.append(0x0D); i += 2; continue
                default: break
                }
            }
            out.append(c); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// IBM QRadar LEEF. 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|` then tab-separated `key=value`.
/// 2.0: `LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|` where the delimiter is one character or a
/// hex code (`x09`, `0x5E`, `^`); some senders omit the delimiter field, which then means tab.
enum LEEFParser {
    static func parse(_ b: ArraySlice<UInt8>) throws -> SecurityEventMessage {
        var i = b.startIndex + 5
        let end = b.endIndex
        var header: [String] = []
        var start = i
        while header.count < 5 {
            guard i < end else {
                throw SecurityEventMessage.Failure(reason: "LEEF header has \(header.count + 1) of 6 '|'-separated fields")
            }
            if b[i] == UInt8(ascii: "|") {
                header.append(String(decoding: b[start..<i], as: UTF8.self)); i += 1; start = i
            } else { i += 1 }
        }
        let version = header[0]
        guard version.hasPrefix("1.") || version.hasPrefix("2.") else {
            throw SecurityEventMessage.Failure(reason: "unsupported LEEF version '\(version)'")
        }
        var delimiter: UInt8 = 0x09
        if version.hasPrefix("2.") {
            // Optional delimiter field: present when the text up to the next '|' has no '='.
            if let bar = b[i..<end].firstIndex(of: UInt8(ascii: "|")), !b[i..<bar].contains(UInt8(ascii: "=")) {
                let spec = String(decoding: b[i..<bar], as: UTF8.self)
                guard let d = delimiterByte(spec) else {
                    throw SecurityEventMessage.Failure(reason: "LEEF 2.0 delimiter '\(spec)' is not one character or a hex code")
                }
                delimiter = d
                i = bar + 1
            }
        }
        var ext: [String: String] = [:]
        for pair in b[i..<end].split(separator: delimiter, omittingEmptySubsequences: true) {
            guard let eq = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: pair[pair.startIndex..<eq], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            ext[key] = String(decoding: pair[(eq + 1)...], as: UTF8.self)
        }
        return SecurityEventMessage(kind: .leef, version: version, vendor: header[1], product: header[2],
                                    productVersion: header[3], signatureID: header[4],
                                    name: ext["name"] ?? ext["eventName"] ?? header[4], severity: ext["sev"], extensions: ext)
    }

    static func delimiterByte(_ spec: String) -> UInt8? {
        let u = Array(spec.utf8)
        if u.count == 1 { return u[0] }
        var hex = spec.lowercased()
        if hex.hasPrefix("0x") { hex.removeFirst(2) } else if hex.hasPrefix("x") { hex.removeFirst() } else { return nil }
        guard (1...2).contains(hex.count), let v = UInt8(hex, radix: 16) else { return nil }
        return v
    }
}
