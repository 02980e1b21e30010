/// The XML declaration `<?xml version="1.0" encoding="…" standalone="…"?>`, checked to XML 1.0 §2.8/§4.3.3:
/// `version` first and `1.x`; then an optional `encoding` whose name is `[A-Za-z]([A-Za-z0-9._]|-)*`; then an
/// optional `standalone` of `yes` or `no`; single or double quotes; nothing else. A malformed declaration is a
/// well-formedness error: it is the document telling us how to read its bytes, so guessing is worse than refusing.
struct XMLDeclaration: Equatable {
    var version: String
    var encoding: String?
    var standalone: String?

    /// Nil when the document has no declaration (it does not start with `<?xml` and whitespace).
    static func parse(_ b: [UInt8]) throws -> XMLDeclaration? {
        let start = Array("<?xml".utf8)
        guard b.count > start.count, b.starts(with: start), isSpace(b[start.count]) || b[start.count] == UInt8(ascii: "?") else {
            return nil
        }
        guard let end = find(b, Array("?>".utf8)) else { throw fail("unterminated XML declaration") }
        var i = start.count
        var pairs: [(String, String)] = []
        while true {
            let hadSpace = i < end && isSpace(b[i])
            while i < end, isSpace(b[i]) { i += 1 }
            if i == end { break }
            guard hadSpace else { throw fail("XML declaration: expected whitespace before '\(Character(Unicode.Scalar(b[i])))'") }
            let nameStart = i
            while i < end, b[i] != UInt8(ascii: "="), !isSpace(b[i]) { i += 1 }
            let name = String(decoding: b[nameStart..<i], as: UTF8.self)
            while i < end, isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == UInt8(ascii: "=") else { throw fail("XML declaration: '\(name)' has no '='") }
            i += 1
            while i < end, isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else {
                throw fail("XML declaration: the value of '\(name)' must be quoted")
            }
            let q = b[i]
            i += 1
            let valueStart = i
            while i < end, b[i] != q { i += 1 }
            guard i < end else { throw fail("XML declaration: unterminated value of '\(name)'") }
            pairs.append((name, String(decoding: b[valueStart..<i], as: UTF8.self)))
            i += 1
        }
        let names = pairs.map(\.0)
        guard names.first == "version" else { throw fail("XML declaration must start with version=\"1.0\"") }
        let allowedOrders: [[String]] = [["version"], ["version", "encoding"], ["version", "standalone"],
                                         ["version", "encoding", "standalone"]]
        guard allowedOrders.contains(names) else {
            throw fail("XML declaration: unexpected or misordered pseudo-attributes \(names.joined(separator: ", ")) (version, encoding, standalone)")
        }
        var decl = XMLDeclaration(version: pairs[0].1)
        guard decl.version.hasPrefix("1."), decl.version.count > 2, decl.version.dropFirst(2).allSatisfy(\.isASCIIDigit) else {
            throw fail("XML declaration: version '\(decl.version)' is not 1.x")
        }
        for (name, value) in pairs.dropFirst() {
            switch name {
            case "encoding":
                guard isEncodingName(value) else { throw fail("XML declaration: '\(value)' is not a valid encoding name") }
                decl.encoding = value
            default:
                guard value == "yes" || value == "no" else { throw fail("XML declaration: standalone must be yes or no, not '\(value)'") }
                decl.standalone = value
            }
        }
        return decl
    }

    static func isEncodingName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    static func find(_ b: [UInt8], _ needle: [UInt8]) -> Int? {
        guard b.count >= needle.count else { return nil }
        for k in 0...(b.count - needle.count) where b[k] == needle[0] && Array(b[k..<(k + needle.count)]) == needle { return k }
        return nil
    }

    static func fail(_ message: String) -> XMLError { XMLError(line: 1, message: message) }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
