/// A JSON document that could not be parsed, with the byte offset a person can jump to.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) { self.offset = offset; self.message = message }
    public var description: String { "byte \(offset): \(message)" }
}

/// Byte-level JSON (RFC 8259) parser. Hand-written because the EVE path decodes hundreds of thousands of lines a
/// second and Foundation's `JSONSerialization` both allocates `NSObject`s and cannot tell `1` from `1.0`.
///
/// Strict: rejects trailing garbage, nesting deeper than `maxDepth`, invalid UTF-8, unescaped control characters
/// and lone surrogates in `\u` escapes. Integers that fit `Int64` become `.int`, every other number `.double`.
///
///     let v = try JSONParser.parse(#"{"a":[1,2.5,"\u00e9"]}"#)
public enum JSONParser {
    public static let maxDepth = 64

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.readValue()
        try reader.expectEnd()
        return value
    }

    public static func parse(_ string: String) throws -> JSONValue {
        var copy = string
        return try copy.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    /// Several JSON texts one after another, separated by optional whitespace (pretty-printed EVE files,
    /// `jq` output). An empty input gives an empty array.
    public static func parseSequence(_ bytes: UnsafeRawBufferPointer) throws -> [JSONValue] {
        var reader = JSONReader(bytes)
        var values: [JSONValue] = []
        reader.skipWhitespace()
        while !reader.atEnd {
            values.append(try reader.readValue())
            reader.skipWhitespace()
        }
        return values
    }
}

/// What the next value in a `JSONReader` is, without consuming it.
public enum JSONKind: Sendable, Equatable { case object, array, string, number, bool, null }

/// An object key as it appears in the input, compared without allocating in the common (unescaped) case.
public struct JSONKey {
    /// The bytes between the quotes, escapes not yet resolved.
    public let raw: UnsafeRawBufferPointer
    public let hasEscapes: Bool

    @inlinable
    public func equals(_ literal: StaticString) -> Bool {
        if hasEscapes { return string == literal.description }
        let n = literal.utf8CodeUnitCount
        guard raw.count == n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where raw[i] != p[i] { return false }
        return true
    }

    /// The decoded key.
    public var string: String {
        if !hasEscapes { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        JSONReader.unescape(raw, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A pull cursor over JSON bytes. `JSONParser` builds whole `JSONValue` trees with it; hot decoders walk objects
/// key by key and `skipValue()` what they do not need, which validates without allocating.
///
///     var r = JSONReader(bytes)
///     try r.beginObject()
///     while let key = try r.nextKey() {
///         if key.equals("event_type") { type = try r.readString() } else { try r.skipValue() }
///     }
///
/// The buffer must outlive the reader.
public struct JSONReader {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int
    public private(set) var offset: Int = 0
    @usableFromInline var depth = 0
    /// True straight after `{` or `[`: the next token must be a key/value or the closing bracket, not a comma.
    @usableFromInline var afterOpen = false
    private static let emptyByte: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1); p.pointee = 0; return p
    }()

    public init(_ bytes: UnsafeRawBufferPointer) {
        if let b = bytes.baseAddress, bytes.count > 0 {
            base = b.assumingMemoryBound(to: UInt8.self); count = bytes.count
        } else {
            base = UnsafePointer(JSONReader.emptyByte); count = 0
        }
    }

    public var atEnd: Bool { offset >= count }

    func fail(_ message: String, at position: Int? = nil) -> JSONParseError {
        JSONParseError(offset: position ?? offset, message: message)
    }

    @inline(__always)
    public mutating func skipWhitespace() {
        while offset < count {
            let c = base[offset]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1 } else { return }
        }
    }

    /// After the top-level value: only whitespace may follow.
    public mutating func expectEnd() throws {
        skipWhitespace()
        if offset < count { throw fail("unexpected trailing data after the JSON value") }
    }

    public mutating func peekKind() throws -> JSONKind {
        skipWhitespace()
        guard offset < count else { throw fail("unexpected end of input, expected a value") }
        switch base[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw fail("unexpected character '\(printable(base[offset]))', expected a value")
        }
    }

    private func printable(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "\\x" + String(c, radix: 16)
    }

    // MARK: containers

    public mutating func beginObject() throws {
        skipWhitespace()
        guard offset < count, base[offset] == UInt8(ascii: "{") else { throw fail("expected an object") }
        try enter()
    }

    public mutating func beginArray() throws {
        skipWhitespace()
        guard offset < count, base[offset] == UInt8(ascii: "[") else { throw fail("expected an array") }
        try enter()
    }

    private mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
        offset += 1
        afterOpen = true
    }

    /// The next key of the object being read (positioned before its value), or nil after the closing `}`.
    public mutating func nextKey() throws -> JSONKey? {
        skipWhitespace()
        guard offset < count else { throw fail("unexpected end of input inside an object") }
        var c = base[offset]
        if c == UInt8(ascii: "}") {
            offset += 1; depth -= 1; afterOpen = false
            return nil
        }
        if !afterOpen {
            guard c == UInt8(ascii: ",") else { throw fail("expected ',' or '}' in an object") }
            offset += 1
            skipWhitespace()
            guard offset < count else { throw fail("unexpected end of input inside an object") }
            c = base[offset]
        }
        afterOpen = false
        guard c == UInt8(ascii: "\"") else { throw fail("expected a string key in an object") }
        let (start, end, escaped) = try scanString()
        skipWhitespace()
        guard offset < count, base[offset] == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
        offset += 1
        return JSONKey(raw: UnsafeRawBufferPointer(start: base + start, count: end - start), hasEscapes: escaped)
    }

    /// True when another element follows in the array being read; false after the closing `]`.
    public mutating func nextElement() throws -> Bool {
        skipWhitespace()
        guard offset < count else { throw fail("unexpected end of input inside an array") }
        let c = base[offset]
        if c == UInt8(ascii: "]") {
            offset += 1; depth -= 1; afterOpen = false
            return false
        }
        if !afterOpen {
            guard c == UInt8(ascii: ",") else { throw fail("expected ',' or ']' in an array") }
            offset += 1
        }
        afterOpen = false
        return true
    }

    // MARK: scalars

    /// Scans a string starting at the opening quote; returns the content span and whether it has escapes.
    /// Validates UTF-8 and escapes on the way.
    @inline(__always)
    private mutating func scanString() throws -> (Int, Int, Bool) {
        offset += 1
        let start = offset
        var escaped = false
        var i = offset
        while true {
            // Fast path: 8 plain ASCII bytes at a time (no quote, backslash, control or high byte).
            while i + 8 <= count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if JSONReader.hasSpecialByte(w) { break }
                i += 8
            }
            guard i < count else { offset = i; throw fail("unterminated string", at: start - 1) }
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                offset = i + 1
                return (start, i, escaped)
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < count else { throw fail("unterminated string", at: start - 1) }
                switch base[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard let u = hex4(at: i + 2) else { throw fail("invalid \\u escape", at: i) }
                    i += 6
                    if (0xD800...0xDBFF).contains(u) {
                        guard i + 6 <= count, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u"),
                              let low = hex4(at: i + 2), (0xDC00...0xDFFF).contains(low) else {
                            throw fail("high surrogate \\u\(String(u, radix: 16)) without a low surrogate", at: i - 6)
                        }
                        i += 6
                    } else if (0xDC00...0xDFFF).contains(u) {
                        throw fail("lone low surrogate \\u\(String(u, radix: 16))", at: i - 6)
                    }
                default:
                    throw fail("invalid escape '\\\(printable(base[i + 1]))'", at: i)
                }
            } else if c < 0x20 {
                throw fail("unescaped control character 0x\(String(c, radix: 16)) in a string", at: i)
            } else if c < 0x80 {
                i += 1
            } else {
                let n = UTF8Check.sequenceLength(base, i, count)
                if n == 0 { throw fail("invalid UTF-8", at: i) }
                i += n
            }
        }
    }

    @inline(__always)
    static func hasSpecialByte(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // bytes < 0x20, == '"' (0x22), == '\\' (0x5C), >= 0x80
        let lt20 = (w &- ones &* 0x20) & ~w & highs
        let q = w ^ (ones &* 0x22)
        let isQuote = (q &- ones) & ~q & highs
        let b = w ^ (ones &* 0x5C)
        let isBackslash = (b &- ones) & ~b & highs
        return (lt20 | isQuote | isBackslash | (w & highs)) != 0
    }

    private func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[i + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Resolves the escapes of an already validated string body.
    static func unescape(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.reserveCapacity(raw.count)
        var i = 0
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = raw[at + k]
                v = v << 4 | UInt32(c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10)
            }
            return v
        }
        while i < raw.count {
            let c = raw[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = hex(i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                UTF8.encode(Unicode.Scalar(scalar)!) { out.append($0) }
            default: out.append(e)   // " \ /
            }
        }
    }

    /// The undecoded bytes of a string value (valid only while the input buffer lives) and whether it contains
    /// escapes; lets hot paths parse e.g. a timestamp without allocating a `String`.
    public mutating func readRawString() throws -> JSONKey {
        skipWhitespace()
        guard offset < count, base[offset] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let (start, end, escaped) = try scanString()
        return JSONKey(raw: UnsafeRawBufferPointer(start: base + start, count: end - start), hasEscapes: escaped)
    }

    public mutating func readString() throws -> String {
        skipWhitespace()
        guard offset < count, base[offset] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let (start, end, escaped) = try scanString()
        let raw = UnsafeRawBufferPointer(start: base + start, count: end - start)
        if !escaped { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        JSONReader.unescape(raw, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a number: `.int` when it is an integer that fits `Int64`, else `.double`.
    public mutating func readNumber() throws -> JSONValue {
        skipWhitespace()
        let start = offset
        var i = offset
        var negative = false
        if i < count, base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < count, base[i] >= 0x30, base[i] <= 0x39 else { throw fail("invalid number", at: start) }
        var magnitude: UInt64 = 0
        var overflow = false
        if base[i] == 0x30 {
            i += 1
            if i < count, base[i] >= 0x30, base[i] <= 0x39 { throw fail("leading zero in a number", at: start) }
        } else {
            while i < count, base[i] >= 0x30, base[i] <= 0x39 {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(base[i] - 0x30))
                if o1 || o2 { overflow = true }
                magnitude = m2
                i += 1
            }
        }
        var isInteger = true
        if i < count, base[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < count, base[i] >= 0x30, base[i] <= 0x39 else { throw fail("digit expected after '.'", at: i) }
            while i < count, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
        }
        if i < count, base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < count, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            guard i < count, base[i] >= 0x30, base[i] <= 0x39 else { throw fail("digit expected in exponent", at: i) }
            while i < count, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
        }
        offset = i
        if isInteger && !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        guard let d = Double(text) else { throw fail("invalid number", at: start) }
        return .double(d)
    }

    /// An integer value (or an integral double), nil for anything else (the value is consumed either way).
    public mutating func readInt() throws -> Int64? {
        switch try peekKind() {
        case .number: return try readNumber().int
        case .string: return Int64(try readString())
        default: try skipValue(); return nil
        }
    }

    /// A string, or the text of a number; nil (value consumed) for anything else.
    public mutating func readText() throws -> String? {
        switch try peekKind() {
        case .string: return try readString()
        case .number:
            switch try readNumber() {
            case .int(let i): return String(i)
            case .double(let d): return String(d)
            default: return nil
            }
        default: try skipValue(); return nil
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard offset + n <= count else { throw fail("invalid literal") }
        for k in 0..<n where base[offset + k] != word.utf8Start[k] { throw fail("invalid literal") }
        offset += n
    }

    // MARK: whole values

    public mutating func readValue() throws -> JSONValue {
        switch try peekKind() {
        case .object:
            try beginObject()
            var dict: [String: JSONValue] = [:]
            while let key = try nextKey() {
                let k = key.string
                dict[k] = try readValue()
            }
            return .object(dict)
        case .array:
            try beginArray()
            var items: [JSONValue] = []
            while try nextElement() { items.append(try readValue()) }
            return .array(items)
        case .string: return .string(try readString())
        case .number: return try readNumber()
        case .bool:
            if base[offset] == UInt8(ascii: "t") { try literal("true"); return .bool(true) }
            try literal("false"); return .bool(false)
        case .null: try literal("null"); return .null
        }
    }

    /// Consumes one value of any kind, validating it, without building anything.
    public mutating func skipValue() throws {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string: _ = try scanString()
        case .number: _ = try readNumber()
        case .bool: if base[offset] == UInt8(ascii: "t") { try literal("true") } else { try literal("false") }
        case .null: try literal("null")
        }
    }
}

/// UTF-8 well-formedness (no overlongs, no surrogates, ≤ U+10FFFF), shared by the JSON reader and the text
/// decoders that must tell UTF-8 from GBK.
public enum UTF8Check {
    /// Offset of the first byte that does not start a well-formed sequence, or nil when all is valid.
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let b = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            if b[i] < 0x80 { i += 1; continue }
            let len = sequenceLength(b, i, n)
            if len == 0 { return i }
            i += len
        }
        return nil
    }

    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidOffset($0) }
    }

    /// Length of the well-formed multi-byte sequence at `i` (lead byte ≥ 0x80), 0 when ill-formed.
    @inline(__always)
    static func sequenceLength(_ b: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let c0 = b[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
        switch c0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(1), cont(2) else { return 0 }
            let c1 = b[i + 1]
            if c0 == 0xE0 && c1 < 0xA0 { return 0 }       // overlong
            if c0 == 0xED && c1 >= 0xA0 { return 0 }      // surrogates
            return 3
        case 0xF0...0xF4:
            guard cont(1), cont(2), cont(3) else { return 0 }
            let c1 = b[i + 1]
            if c0 == 0xF0 && c1 < 0x90 { return 0 }
            if c0 == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }
}
