import WatchfloorCore

/// An element of a parsed XML document. Text and CDATA directly inside the element are concatenated into
/// `text`; where each child element stood within that text is kept in `childOffsets`, so mixed content (Atom
/// `type="xhtml"`: `a<b>b</b>c`) can be read back in document order (`mixedContent`).
public struct XMLElement: Sendable, Equatable {
    /// The name as written, `cap:alert`.
    public var qualifiedName: String
    public var localName: String
    /// The resolved namespace URI (default namespace for unprefixed names), nil when none is in scope.
    public var namespace: String?
    public var attributes: [String: String]
    public var children: [XMLElement]
    public var text: String
    /// 1-based line of the start tag, for error messages.
    public var line: Int
    /// For each child, the UTF-8 offset in `text` at which it stood (empty when built by hand: children follow
    /// the text).
    public var childOffsets: [Int] = []

    /// One piece of mixed content: a run of text or a child element.
    public enum Content: Sendable, Equatable {
        case text(String)
        case element(XMLElement)
    }

    /// The element's text runs and children in document order (empty text runs left out).
    public var mixedContent: [Content] {
        var out: [Content] = []
        let utf8 = Array(text.utf8)
        var from = 0
        for (k, child) in children.enumerated() {
            let at = k < childOffsets.count ? min(max(childOffsets[k], from), utf8.count) : utf8.count
            if at > from { out.append(.text(String(decoding: utf8[from..<at], as: UTF8.self))) }
            out.append(.element(child))
            from = at
        }
        if from < utf8.count { out.append(.text(String(decoding: utf8[from...], as: UTF8.self))) }
        return out
    }

    /// Direct children with this local name.
    public func children(_ local: String) -> [XMLElement] { children.filter { $0.localName == local } }
    public func child(_ local: String) -> XMLElement? { children.first { $0.localName == local } }
    /// Trimmed text of the first child with this local name; nil when absent.
    public func childText(_ local: String) -> String? { child(local)?.trimmedText }
    public var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// All descendants (depth first) with this local name.
    public func descendants(_ local: String) -> [XMLElement] {
        var out: [XMLElement] = []
        for c in children {
            if c.localName == local { out.append(c) } else { out += c.descendants(local) }
        }
        return out
    }
}

public struct XMLError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// A small, safe XML 1.0 parser for feed documents. Safety first: any `<!DOCTYPE` or `<!ENTITY` is refused (so
/// no external entity, no DTD fetch, no billion-laughs expansion), only the five predefined entities and
/// numeric character references are understood, nesting is bounded by `maxDepth` and input by `maxBytes`.
/// Encodings: UTF-8 (with or without BOM), ISO-8859-1, and via iconv GBK/GB2312/GB18030 and others glibc knows;
/// UTF-16 is refused. A UTF-8 byte order mark takes precedence over a declared encoding (an editor re-saved the
/// file as UTF-8 and left the declaration: reading it as GBK would turn 中文 into 涓枃).
///
/// XML 1.0 rules kept (§2.2, §2.8, §2.11, §3.3.3, §4.1): CR LF and lone CR become LF before parsing; in attribute
/// values (all CDATA: there is no DTD) each literal TAB, CR or LF becomes a space, while character references
/// keep the character they name; characters outside `Char` — raw C0 controls other than TAB/LF/CR, U+FFFE,
/// U+FFFF, and such characters written as references (`&#x1B;`) — are refused; the XML declaration must be
/// well formed (version, then encoding with a valid name, then standalone yes/no) and only at the very start;
/// character references may have any number of leading zeros (`&#x000000000041;` is `A`).
public enum XMLParser {
    public static let maxDepth = 64
    public static let maxBytes = 32 << 20

    public static func parse(_ input: [UInt8]) throws -> XMLElement {
        guard input.count <= maxBytes else {
            throw XMLError(line: 0, message: "document is \(input.count) bytes, over the \(maxBytes)-byte limit")
        }
        let utf8 = try toUTF8(input)
        var p = Parser(b: utf8)
        return try p.document()
    }

    /// Reads the declared encoding and converts to UTF-8.
    static func toUTF8(_ input: [UInt8]) throws -> [UInt8] {
        var converted = try decodeEncoding(input)
        try checkCharacters(converted)
        normaliseLineEnds(&converted)
        return converted
    }

    /// CR LF and lone CR → LF (§2.11).
    static func normaliseLineEnds(_ b: inout [UInt8]) {
        guard b.contains(0x0D) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var k = 0
        while k < b.count {
            if b[k] == 0x0D {
                out.append(0x0A)
                if k + 1 < b.count, b[k + 1] == 0x0A { k += 1 }
            } else {
                out.append(b[k])
            }
            k += 1
        }
        b = out
    }

    /// Refuses characters outside XML's `Char` production in UTF-8 text (§2.2).
    static func checkCharacters(_ b: [UInt8]) throws {
        var k = 0
        while k < b.count {
            let c = b[k]
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
                throw XMLError(line: lineOf(b, k), message: "illegal character U+\(hex(UInt32(c))) (a raw control character is not allowed in XML)")
            }
            if c == 0xEF, k + 2 < b.count, b[k + 1] == 0xBF, b[k + 2] == 0xBE || b[k + 2] == 0xBF {
                throw XMLError(line: lineOf(b, k), message: "illegal character U+\(b[k + 2] == 0xBE ? "FFFE" : "FFFF") (not a character)")
            }
            k += 1
        }
    }

    static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// True when `v` is a `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }

    /// The BOM, the declaration and the conversion to UTF-8.
    static func decodeEncoding(_ input: [UInt8]) throws -> [UInt8] {
        var bytes = input
        let hadBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || (bytes.count > 1 && bytes[1] == 0 && bytes[0] == 0x3C) {
            throw XMLError(line: 1, message: "UTF-16 documents are not supported")
        }
        var encoding = (try XMLDeclaration.parse(bytes))?.encoding?.lowercased() ?? "utf-8"
        if hadBOM { encoding = "utf-8" }
        switch encoding {
        case "utf-8", "utf8":
            if let bad = UTF8Check.firstInvalidOffset(bytes) {
                throw XMLError(line: lineOf(bytes, bad), message: "invalid UTF-8 at byte \(bad)")
            }
            return bytes
        case "iso-8859-1", "latin1", "iso_8859-1", "us-ascii", "ascii":
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for c in bytes {
                if c < 0x80 { out.append(c) } else { out.append(0xC0 | (c >> 6)); out.append(0x80 | (c & 0x3F)) }
            }
            return out
        case "utf-16", "utf-16le", "utf-16be":
            throw XMLError(line: 1, message: "UTF-16 documents are not supported")
        default:
            guard let converted = TextEncoding.convertToUTF8(bytes, from: encoding) else {
                throw XMLError(line: 1, message: "cannot convert from declared encoding '\(encoding)'")
            }
            return converted
        }
    }

    static func lineOf(_ b: [UInt8], _ offset: Int) -> Int {
        var line = 1
        for i in 0..<min(offset, b.count) where b[i] == 0x0A { line += 1 }
        return line
    }

    struct Parser {
        let b: [UInt8]
        var i = 0
        var depth = 0
        var namespaces: [[String: String]] = [["xml": "http://www.w3.org/XML/1998/namespace"]]

        var lineOffset = 0, lineNumber = 1

        init(b: [UInt8]) { self.b = b }

        /// Line at `i`, counted incrementally so big documents stay linear.
        mutating func currentLine() -> Int {
            while lineOffset < i { if b[lineOffset] == 0x0A { lineNumber += 1 }; lineOffset += 1 }
            return lineNumber
        }

        func fail(_ message: String) -> XMLError { XMLError(line: XMLParser.lineOf(b, i), message: message) }

        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            guard i + u.count <= b.count else { return false }
            for k in 0..<u.count where b[i + k] != u[k] { return false }
            return true
        }

        mutating func skipWS() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }

        mutating func document() throws -> XMLElement {
            try misc(allowDecl: true)
            guard i < b.count, b[i] == UInt8(ascii: "<") else { throw fail(i < b.count ? "content before the root element" : "no root element") }
            let root = try element()
            try misc(allowDecl: false)
            if i < b.count { throw fail("content after the root element") }
            return root
        }

        /// Whitespace, comments, PIs (and the XML declaration) outside the root. DOCTYPE is refused here.
        mutating func misc(allowDecl: Bool) throws {
            while true {
                skipWS()
                if starts("<?") { try pi() }
                else if starts("<!--") { try comment() }
                else if starts("<!DOCTYPE") || starts("<!doctype") {
                    throw fail("DTD (<!DOCTYPE>) refused: document type definitions and external entities are never processed")
                }
                else if starts("<!ENTITY") { throw fail("entity declaration (<!ENTITY>) refused") }
                else { return }
            }
        }

        mutating func pi() throws {
            guard let end = find("?>", from: i + 2) else { throw fail("unterminated processing instruction") }
            let target = b[(i + 2)..<end].prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            if target.count == 3, String(decoding: target, as: UTF8.self).lowercased() == "xml", i != 0 {
                throw fail("XML declaration (<?xml …?>) not at the very start of the document")
            }
            i = end + 2
        }

        mutating func comment() throws {
            guard let end = find("-->", from: i + 4) else { throw fail("unterminated comment") }
            i = end + 3
        }

        func find(_ s: String, from: Int) -> Int? {
            let u = Array(s.utf8)
            var k = from
            while k + u.count <= b.count {
                if b[k] == u[0] {
                    var m = 1
                    while m < u.count, b[k + m] == u[m] { m += 1 }
                    if m == u.count { return k }
                }
                k += 1
            }
            return nil
        }

        static func isNameByte(_ c: UInt8) -> Bool {
            c >= 0x80 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
        }

        mutating func name() throws -> String {
            let s = i
            guard i < b.count, Parser.isNameByte(b[i]), !(b[i] >= 0x30 && b[i] <= 0x39), b[i] != UInt8(ascii: "-"),
                  b[i] != UInt8(ascii: ".") else { throw fail("expected a name") }
            while i < b.count, Parser.isNameByte(b[i]) { i += 1 }
            return String(decoding: b[s..<i], as: UTF8.self)
        }

        mutating func element() throws -> XMLElement {
            depth += 1
            if depth > XMLParser.maxDepth { throw fail("elements nested deeper than \(XMLParser.maxDepth) levels") }
            let line = currentLine()
            i += 1   // <
            let qname = try name()
            var attrs: [String: String] = [:]
            var scope: [String: String] = [:]
            var selfClosing = false
            while true {
                let hadSpace = i < b.count && (b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09)
                skipWS()
                guard i < b.count else { throw fail("unterminated start tag <\(qname)>") }
                if b[i] == UInt8(ascii: ">") { i += 1; break }
                if starts("/>") { i += 2; selfClosing = true; break }
                guard hadSpace else { throw fail("malformed start tag <\(qname)>: expected whitespace before an attribute") }
                let an = try name()
                skipWS()
                guard i < b.count, b[i] == UInt8(ascii: "=") else { throw fail("attribute '\(an)' of <\(qname)> has no value") }
                i += 1
                skipWS()
                guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else {
                    throw fail("attribute '\(an)' value must be quoted")
                }
                let q = b[i]
                i += 1
                let vs = i
                while i < b.count, b[i] != q {
                    if b[i] == UInt8(ascii: "<") { throw fail("'<' in attribute value of '\(an)'") }
                    i += 1
                }
                guard i < b.count else { throw fail("unterminated attribute value of '\(an)'") }
                // Attribute-value normalisation (§3.3.3): literal TAB/LF/CR → space; references keep their character.
                var literal = Array(b[vs..<i])
                for k in literal.indices where literal[k] == 0x09 || literal[k] == 0x0A || literal[k] == 0x0D { literal[k] = 0x20 }
                let value = try decodeEntities(literal[...])
                i += 1
                if attrs[an] != nil { throw fail("duplicate attribute '\(an)' on <\(qname)>") }
                attrs[an] = value
                if an == "xmlns" { scope[""] = value } else if an.hasPrefix("xmlns:") { scope[String(an.dropFirst(6))] = value }
            }
            namespaces.append(scope)
            defer { namespaces.removeLast(); depth -= 1 }
            let (prefix, local) = split(qname)
            guard let ns = resolve(prefix), ns != nil || prefix.isEmpty else {
                throw fail("undeclared namespace prefix '\(prefix)' on <\(qname)>")
            }
            var el = XMLElement(qualifiedName: qname, localName: local, namespace: ns ?? nil, attributes: attrs,
                                children: [], text: "", line: line)
            if selfClosing { return el }
            var text: [UInt8] = []
            while true {
                guard i < b.count else { throw fail("unclosed element <\(qname)> (opened on line \(line))") }
                if b[i] == UInt8(ascii: "<") {
                    if starts("</") {
                        i += 2
                        let closing = try name()
                        skipWS()
                        guard i < b.count, b[i] == UInt8(ascii: ">") else { throw fail("malformed end tag </\(closing)>") }
                        guard closing == qname else { throw fail("end tag </\(closing)> does not match <\(qname)> (line \(line))") }
                        i += 1
                        el.text = String(decoding: text, as: UTF8.self)
                        return el
                    } else if starts("<!--") {
                        try comment()
                    } else if starts("<![CDATA[") {
                        guard let end = find("]]>", from: i + 9) else { throw fail("unterminated CDATA section") }
                        text += b[(i + 9)..<end]
                        i = end + 3
                    } else if starts("<?") {
                        try pi()
                    } else if starts("<!DOCTYPE") || starts("<!ENTITY") || starts("<!") {
                        throw fail("markup declaration (<!DOCTYPE>/<!ENTITY>) refused inside content")
                    } else {
                        el.childOffsets.append(text.count)
                        el.children.append(try element())
                    }
                } else {
                    let s = i
                    while i < b.count, b[i] != UInt8(ascii: "<") { i += 1 }
                    text += Array(try decodeEntities(b[s..<i]).utf8)
                }
            }
        }

        func split(_ qname: String) -> (String, String) {
            guard let colon = qname.firstIndex(of: ":") else { return ("", qname) }
            return (String(qname[..<colon]), String(qname[qname.index(after: colon)...]))
        }

        /// Outer nil: prefix not declared; inner nil: no default namespace.
        func resolve(_ prefix: String) -> String?? {
            for scope in namespaces.reversed() {
                if let uri = scope[prefix] { return .some(uri.isEmpty && prefix.isEmpty ? nil : uri) }
            }
            return prefix.isEmpty ? .some(nil) : nil
        }

        func decodeEntities(_ s: ArraySlice<UInt8>) throws -> String {
            guard s.contains(UInt8(ascii: "&")) else { return String(decoding: s, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            var k = s.startIndex
            while k < s.endIndex {
                let c = s[k]
                guard c == UInt8(ascii: "&") else { out.append(c); k += 1; continue }
                guard let semi = s[k...].prefix(64).firstIndex(of: UInt8(ascii: ";")) else {
                    throw XMLError(line: XMLParser.lineOf(b, k), message: "'&' not starting an entity or character reference")
                }
                let ref = String(decoding: s[(k + 1)..<semi], as: UTF8.self)
                switch ref {
                case "lt": out.append(UInt8(ascii: "<"))
                case "gt": out.append(UInt8(ascii: ">"))
                case "amp": out.append(UInt8(ascii: "&"))
                case "quot": out.append(UInt8(ascii: "\""))
                case "apos": out.append(UInt8(ascii: "'"))
                default:
                    var v: UInt32?
                    if ref.hasPrefix("#x") { v = UInt32(ref.dropFirst(2), radix: 16) }
                    else if ref.hasPrefix("#") { v = UInt32(ref.dropFirst(1)) }
                    else {
                        throw XMLError(line: XMLParser.lineOf(b, k),
                                       message: "undefined entity '&\(ref);' (only the predefined entities are allowed; DTD entities are never resolved)")
                    }
                    guard let value = v, XMLParser.isXMLChar(value), let scalar = Unicode.Scalar(value) else {
                        throw XMLError(line: XMLParser.lineOf(b, k),
                                       message: "invalid character reference '&\(ref);' (not an XML character: control, U+FFFE/U+FFFF, or out of range)")
                    }
                    UTF8.encode(scalar) { out.append($0) }
                }
                k = semi + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
