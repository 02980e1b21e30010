// A small TOML reader for Watchfloor's config files, themes and key maps.
//
// Why our own: WatchfloorCore is pure Foundation, and the files we read are small and hand-edited in a duty room,
// so what matters most is a clear error ("line 12: duplicate key 'level1'") rather than speed or completeness.
//
// Supported (TOML 1.0): comments; bare, quoted and dotted keys; `[table]`, `[a.b]`, `[[array.of.tables]]`; basic
// strings with escapes (`\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, plus TOML 1.1's `\e`), literal strings,
// multi-line basic (with line-ending backslash) and multi-line literal strings; integers with `_`, `0x`, `0o`,
// `0b`; floats with exponents, `inf`, `nan`; booleans; arrays (multi-line, trailing comma, comments inside);
// inline tables (newlines and a trailing comma are accepted, as TOML 1.1 allows); offset/local date-times, dates
// and times, kept as text. Structural rules enforced: no duplicate keys, a table header may appear once, a value
// is never reopened as a table, inline tables and static arrays cannot be extended.
//
// Example:
//     let doc = try TOML.parse("""
//         [keys]
//         acknowledge = ["a"]
//         """)
//     doc["keys"]?["acknowledge"]?[0]?.string   // "a"

import Foundation

/// Entry point: `TOML.parse(text)`.
public enum TOML {
    /// Parses a whole document into its root table. Throws `TOMLError` with the line of the first problem.
    public static func parse(_ text: String) throws -> [String: TOMLValue] {
        var parser = TOMLParser(text)
        return try parser.parseDocument()
    }
}

struct TOMLParser {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var nesting = 0

    private var root: [String: TOMLValue] = [:]
    private var current: [String] = []                 // path of the table the last header opened
    private var headerTables: Set<String> = []         // identities of tables opened by `[header]`
    private var dottedTables: Set<String> = []         // identities of tables created by dotted keys
    private var arraysOfTables: Set<String> = []       // identities of arrays created by `[[header]]`
    private var sealed: Set<String> = []               // inline tables and static arrays

    init(_ text: String) { s = Array(text.unicodeScalars) }

    // MARK: Document

    mutating func parseDocument() throws -> [String: TOMLValue] {
        while true {
            try skipWhitespaceCommentsAndNewlines()
            guard let c = peek() else { break }
            if c == "[" {
                if peek(1) == "[" { try parseArrayTableHeader() } else { try parseTableHeader() }
            } else {
                nesting = current.count                  // the table header's parts nest too
                let keys = try parseKey()
                skipWhitespace()
                try expect("=", "expected '=' after key '\(keys.joined(separator: "."))'")
                skipWhitespace()
                let keyLine = line
                nesting += keys.count - 1
                let value = try parseValue()
                nesting = 0
                try insert(value, at: keys, line: keyLine)
            }
            try expectEndOfLine()
        }
        return root
    }

    private mutating func parseTableHeader() throws {
        advance()                                    // [
        skipWhitespace()
        let keys = try parseKey()
        skipWhitespace()
        try expect("]", "expected ']' to close table header [\(keys.joined(separator: "."))")
        let name = keys.joined(separator: ".")
        try navigate(keys.dropLast(), implicitFrom: .max) { parent, id, p in
            let last = keys.last!
            let childID = id + "\u{1F}" + last
            switch parent[last] {
            case nil:
                parent[last] = .table([:])
            case .table?:
                if p.headerTables.contains(childID) { throw p.error("table [\(name)] is defined twice") }
                if p.dottedTables.contains(childID) || p.sealed.contains(childID) {
                    throw p.error("table [\(name)] was already defined by a dotted key or inline table")
                }
            case .array?:
                throw p.error("[\(name)] is an array of tables; use [[\(name)]] to add an element")
            case let other?:
                throw p.error("key '\(name)' already holds \(other.typeNameWithArticle), "
                              + "cannot reopen it as a table")
            }
            p.headerTables.insert(childID)
        }
        current = keys
    }

    private mutating func parseArrayTableHeader() throws {
        advance(); advance()                         // [[
        skipWhitespace()
        let keys = try parseKey()
        skipWhitespace()
        let name = keys.joined(separator: ".")
        guard peek() == "]", peek(1) == "]" else { throw error("expected ']]' to close [[\(name)]]") }
        advance(); advance()
        try navigate(keys.dropLast(), implicitFrom: .max) { parent, id, p in
            let last = keys.last!
            let childID = id + "\u{1F}" + last
            switch parent[last] {
            case nil:
                parent[last] = .array([.table([:])])
                p.arraysOfTables.insert(childID)
            case .array(var elements)? where p.arraysOfTables.contains(childID):
                elements.append(.table([:]))
                parent[last] = .array(elements)
            case let other?:
                throw p.error("key '\(name)' already holds \(other.typeNameWithArticle), "
                              + "cannot make it an array of tables")
            }
        }
        current = keys
    }

    /// Inserts `value` at `current + keys`, creating dotted-key tables on the way.
    private mutating func insert(_ value: TOMLValue, at keys: [String], line keyLine: Int) throws {
        let path = current + keys.dropLast()
        let name = keys.joined(separator: ".")
        try navigate(path[...], implicitFrom: current.count) { table, id, p in
            let last = keys.last!
            if table[last] != nil {
                throw TOMLError(line: keyLine, message: "duplicate key '\(name)'")
            }
            table[last] = value
            let childID = id + "\u{1F}" + last
            switch value {
            case .table, .array: p.sealValue(value, id: childID)
            default: break
            }
        }
    }

    /// Marks an inline table or static array (and everything inside it) as closed to later additions.
    private mutating func sealValue(_ value: TOMLValue, id: String) {
        sealed.insert(id)
    }

    /// Walks `path` from the root (through the last element of arrays of tables), creating missing tables, and
    /// runs `body` on the table at the end. Tables created at depth ≥ `implicitFrom` come from dotted keys.
    private mutating func navigate(
        _ path: ArraySlice<String>, implicitFrom dottedStart: Int,
        _ body: (inout [String: TOMLValue], String, inout TOMLParser) throws -> Void
    ) throws {
        var table = root
        root = [:]
        defer { root = table }
        try descend(&table, path, depth: 0, dottedStart: dottedStart, id: "", body)
    }

    private mutating func descend(
        _ table: inout [String: TOMLValue], _ path: ArraySlice<String>, depth: Int, dottedStart: Int, id: String,
        _ body: (inout [String: TOMLValue], String, inout TOMLParser) throws -> Void
    ) throws {
        guard let key = path.first else {
            try body(&table, id, &self)
            return
        }
        let rest = path.dropFirst()
        let childID = id + "\u{1F}" + key
        let isDotted = depth >= dottedStart
        if sealed.contains(childID) {
            throw error("cannot add to '\(key)': inline tables and arrays are complete as written")
        }
        switch table.removeValue(forKey: key) {
        case nil:
            if isDotted { dottedTables.insert(childID) }
            var child: [String: TOMLValue] = [:]
            defer { table[key] = .table(child) }
            try descend(&child, rest, depth: depth + 1, dottedStart: dottedStart, id: childID, body)
        case .table(var child)?:
            if isDotted && headerTables.contains(childID) {
                table[key] = .table(child)
                throw error("table '\(key)' was defined by a [header]; set its keys under that header")
            }
            defer { table[key] = .table(child) }
            try descend(&child, rest, depth: depth + 1, dottedStart: dottedStart, id: childID, body)
        case .array(var elements)? where arraysOfTables.contains(childID) && !isDotted:
            defer { table[key] = .array(elements) }
            guard case .table(var last)? = elements.popLast() else {
                throw error("array '\(key)' does not hold tables")
            }
            defer { elements.append(.table(last)) }
            let lastID = childID + "[\(elements.count)]"
            try descend(&last, rest, depth: depth + 1, dottedStart: dottedStart, id: lastID, body)
        case let other?:
            table[key] = other
            throw error("key '\(key)' already holds \(other.typeNameWithArticle), not a table")
        }
    }

    // MARK: Keys

    private mutating func parseKey() throws -> [String] {
        var keys: [String] = []
        while true {
            skipWhitespace()
            guard let c = peek() else { throw error("expected a key, found end of file") }
            if c == "\"" {
                if peek(1) == "\"" && peek(2) == "\"" { throw error("multi-line strings cannot be keys") }
                keys.append(try parseBasicString())
            } else if c == "'" {
                if peek(1) == "'" && peek(2) == "'" { throw error("multi-line strings cannot be keys") }
                keys.append(try parseLiteralString())
            } else if Self.isBareKey(c) {
                var key = ""
                while let k = peek(), Self.isBareKey(k) { key.unicodeScalars.append(k); advance() }
                keys.append(key)
            } else {
                throw error("expected a key, found \(describe(c))")
            }
            skipWhitespace()
            // Each dotted part is a table level: 100,000 of them must be an error, not a stack overflow.
            if nesting + keys.count > Self.maxNesting {
                throw error("keys and tables nested deeper than \(Self.maxNesting) levels")
            }
            if peek() == "." { advance() } else { return keys }
        }
    }

    private static func isBareKey(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    // MARK: Values

    private mutating func parseValue() throws -> TOMLValue {
        guard let c = peek() else { throw error("expected a value, found end of file") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case "[":
            return try parseArray()
        case "{":
            return try parseInlineTable()
        default:
            return try parseScalarToken()
        }
    }

    /// Arrays, inline tables and dotted key parts (with the table header's) nest at most this deep: a hostile
    /// file of 100,000 `[` or `a.a.a…` must be an error on its line, not a stack overflow.
    static let maxNesting = 128

    private mutating func enterNesting(_ startLine: Int) throws {
        nesting += 1
        if nesting > Self.maxNesting {
            throw TOMLError(line: startLine, message: "arrays and inline tables nested deeper than \(Self.maxNesting) levels")
        }
    }

    private mutating func parseArray() throws -> TOMLValue {
        let startLine = line
        try enterNesting(startLine)
        defer { nesting -= 1 }
        advance()                                    // [
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            guard let c = peek() else { throw TOMLError(line: startLine, message: "unterminated array") }
            if c == "]" { advance(); return .array(elements) }
            elements.append(try parseValue())
            try skipWhitespaceCommentsAndNewlines()
            if peek() == "," { advance(); continue }
            if peek() == "]" { advance(); return .array(elements) }
            if peek() == nil { throw TOMLError(line: startLine, message: "unterminated array") }
            throw error("expected ',' or ']' in array, found \(describe(peek()!))")
        }
    }

    private mutating func parseInlineTable() throws -> TOMLValue {
        let startLine = line
        try enterNesting(startLine)
        defer { nesting -= 1 }
        advance()                                    // {
        var sub = TOMLParser("")
        sub.line = line
        var expectKey = true                         // false right after a value with no comma
        while true {
            try skipWhitespaceCommentsAndNewlines()
            guard let c = peek() else { throw TOMLError(line: startLine, message: "unterminated inline table") }
            if c == "}" { advance(); return .table(sub.root) }
            if !expectKey {
                throw error("expected ',' or '}' in inline table, found \(describe(c))")
            }
            let keys = try parseKey()
            skipWhitespace()
            try expect("=", "expected '=' after key '\(keys.joined(separator: "."))' in inline table")
            skipWhitespace()
            let keyLine = line
            nesting += keys.count - 1
            let value = try parseValue()
            nesting -= keys.count - 1
            sub.line = keyLine
            try sub.insert(value, at: keys, line: keyLine)
            try skipWhitespaceCommentsAndNewlines()
            if peek() == "," { advance(); expectKey = true } else { expectKey = false }
        }
    }

    /// Numbers, booleans, inf/nan and date-times: everything that is a bare token.
    private mutating func parseScalarToken() throws -> TOMLValue {
        var token = ""
        while let c = peek(), Self.isTokenChar(c) {
            token.unicodeScalars.append(c)
            advance()
            // A date and a time may be separated by one space: "1979-05-27 07:32:00".
            if peek() == " ", token.unicodeScalars.count == 10, Self.looksLikeDate(token),
               let d1 = peek(1), let d2 = peek(2), peek(3) == ":",
               ("0"..."9").contains(d1), ("0"..."9").contains(d2) {
                token.unicodeScalars.append(" ")
                advance()
            }
        }
        if token.isEmpty {
            throw error("expected a value, found \(describe(peek()!))")
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if Self.looksLikeDate(token) || Self.looksLikeTime(token) {
            if let problem = TOMLDateTime.problem(token) { throw error("bad date-time '\(token)': \(problem)") }
            return .datetime(token)
        }
        if let value = Self.integer(token) { return .integer(value) }
        if let value = Self.float(token) { return .float(value) }
        throw error("bad value '\(token)' (strings need quotes; numbers look like 42, 0x2A, 4.2e1)")
    }

    private static func isTokenChar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "+", ".", ":": return true
        default: return false
        }
    }

    private static func looksLikeDate(_ t: String) -> Bool {
        let u = Array(t.utf8)
        guard u.count >= 10 else { return false }
        return u[0...3].allSatisfy { $0 >= 48 && $0 <= 57 } && u[4] == 45 && u[7] == 45
    }

    private static func looksLikeTime(_ t: String) -> Bool {
        let u = Array(t.utf8)
        guard u.count >= 8 else { return false }
        return u[0...1].allSatisfy { $0 >= 48 && $0 <= 57 } && u[2] == 58 && u[5] == 58
    }

    /// Digits with single underscores between them, in the given alphabet.
    private static func digitsOK(_ body: Substring, _ allowed: (Character) -> Bool) -> Bool {
        guard let f = body.first, let l = body.last, f != "_", l != "_" else { return false }
        var previousUnderscore = false
        for c in body {
            if c == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else {
                if !allowed(c) { return false }
                previousUnderscore = false
            }
        }
        return true
    }

    private static func integer(_ token: String) -> Int? {
        let isDecimal: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let radixes: [(prefix: String, radix: Int, allowed: (Character) -> Bool)] = [
            ("0x", 16, { $0.isHexDigit }),
            ("0o", 8, { ("0"..."7").contains($0) }),
            ("0b", 2, { $0 == "0" || $0 == "1" }),
        ]
        for r in radixes where token.hasPrefix(r.prefix) {
            let body = token.dropFirst(2)
            guard digitsOK(body, r.allowed) else { return nil }
            return Int(body.replacingOccurrences(of: "_", with: ""), radix: r.radix)
        }
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard digitsOK(body, isDecimal) else { return nil }
        if body.count > 1 && body.first == "0" { return nil }         // no leading zeros
        return Int(token.replacingOccurrences(of: "_", with: ""))
    }

    private static func float(_ token: String) -> Double? {
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let isDecimal: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        var mantissa = body
        var exponent: Substring? = nil
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var exp = body[body.index(after: e)...]
            if exp.first == "+" || exp.first == "-" { exp = exp.dropFirst() }
            exponent = exp
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, digitsOK(parts[0], isDecimal) else { return nil }
        if parts[0].count > 1 && parts[0].first == "0" { return nil }
        if parts.count == 2 && !digitsOK(parts[1], isDecimal) { return nil }
        if let exponent, !digitsOK(exponent, isDecimal) { return nil }
        guard parts.count == 2 || exponent != nil else { return nil }
        return Double(token.replacingOccurrences(of: "_", with: ""))
    }

    // MARK: Strings

    private mutating func parseBasicString() throws -> String {
        let startLine = line
        advance()                                    // "
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                throw TOMLError(line: startLine, message: "unterminated string (a basic string ends with \" "
                                + "on the same line; use \"\"\" for several lines)")
            }
            advance()
            if c == "\"" { return String(out) }
            if c == "\\" { out.append(try parseEscape()); continue }
            try checkStringCharacter(c)
            out.append(c)
        }
    }

    private mutating func parseMultilineBasicString() throws -> String {
        let startLine = line
        advance(); advance(); advance()              // """
        skipOneNewline()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw TOMLError(line: startLine, message: "unterminated multi-line string (missing closing \"\"\")")
            }
            if c == "\"" && peek(1) == "\"" && peek(2) == "\"" {
                var quotes = 0
                while peek() == "\"" && quotes < 5 { advance(); quotes += 1 }
                for _ in 0..<(quotes - 3) { out.append("\"") }
                return String(out)
            }
            advance()
            if c == "\\" {
                // Line-ending backslash: drop the newline and all whitespace up to the next visible character.
                var j = i
                while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                if j < s.count, s[j] == "\n" || (s[j] == "\r" && j + 1 < s.count && s[j + 1] == "\n") {
                    while let w = peek(), w == " " || w == "\t" || w == "\n" || w == "\r" { advance() }
                    continue
                }
                out.append(try parseEscape())
                continue
            }
            if c == "\r" && peek() == "\n" { continue }
            if c != "\n" { try checkStringCharacter(c) }
            out.append(c)
        }
    }

    private mutating func parseLiteralString() throws -> String {
        let startLine = line
        advance()                                    // '
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                throw TOMLError(line: startLine, message: "unterminated literal string (missing closing ')")
            }
            advance()
            if c == "'" { return String(out) }
            try checkStringCharacter(c)
            out.append(c)
        }
    }

    private mutating func parseMultilineLiteralString() throws -> String {
        let startLine = line
        advance(); advance(); advance()              // '''
        skipOneNewline()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw TOMLError(line: startLine, message: "unterminated multi-line literal string (missing ''')")
            }
            if c == "'" && peek(1) == "'" && peek(2) == "'" {
                var quotes = 0
                while peek() == "'" && quotes < 5 { advance(); quotes += 1 }
                for _ in 0..<(quotes - 3) { out.append("'") }
                return String(out)
            }
            advance()
            if c == "\r" && peek() == "\n" { continue }
            if c != "\n" { try checkStringCharacter(c) }
            out.append(c)
        }
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard let e = peek() else { throw error("unterminated escape sequence") }
        advance()
        switch e {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = e == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = peek(), Character(h).isHexDigit else {
                    throw error("\\\(e) needs exactly \(count) hex digits")
                }
                hex.unicodeScalars.append(h)
                advance()
            }
            guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                throw error("\\\(e)\(hex) is not a Unicode scalar value")
            }
            return scalar
        default:
            throw error("invalid escape '\\\(e)' (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    private func checkStringCharacter(_ c: Unicode.Scalar) throws {
        if (c.value < 0x20 && c != "\t") || c.value == 0x7F {
            throw error("control character U+\(String(c.value, radix: 16, uppercase: true)) in string; "
                        + "write it as an escape")
        }
    }

    private mutating func skipOneNewline() {
        if peek() == "\n" { advance() } else if peek() == "\r" && peek(1) == "\n" { advance(); advance() }
    }

    // MARK: Lexing helpers

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let j = i + offset
        return j < s.count ? s[j] : nil
    }

    private mutating func advance() {
        if s[i] == "\n" { line += 1 }
        i += 1
    }

    private mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    /// A comment runs to the end of the line; control characters other than TAB are not allowed in it (a CR
    /// only as part of CR LF).
    private mutating func skipComment() throws {
        guard peek() == "#" else { return }
        while let c = peek(), c != "\n" {
            if c == "\r" && peek(1) == "\n" { return }
            if (c.value < 0x20 && c != "\t") || c.value == 0x7F {
                throw error("control character U+\(String(c.value, radix: 16, uppercase: true)) in a comment")
            }
            advance()
        }
    }

    private mutating func skipWhitespaceCommentsAndNewlines() throws {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" { advance() }
            else if c == "\r" && peek(1) == "\n" { advance() }
            else if c == "#" { try skipComment() }
            else { return }
        }
    }

    private mutating func expectEndOfLine() throws {
        skipWhitespace()
        try skipComment()
        guard let c = peek() else { return }
        if c == "\n" { advance(); return }
        if c == "\r" && peek(1) == "\n" { advance(); advance(); return }
        throw error("expected end of line, found \(describe(c))")
    }

    private mutating func expect(_ c: Unicode.Scalar, _ message: String) throws {
        guard peek() == c else { throw error(message) }
        advance()
    }

    private func describe(_ c: Unicode.Scalar) -> String {
        if c == "\n" { return "end of line" }
        if c.value < 0x20 || c.value == 0x7F { return "U+\(String(c.value, radix: 16, uppercase: true))" }
        return "'\(c)'"
    }

    fileprivate func error(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
}
