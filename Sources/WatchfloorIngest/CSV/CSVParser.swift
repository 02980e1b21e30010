/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields optionally in double quotes with `""`
/// for a quote and embedded separators/newlines. Lenient where exports are sloppy: a lone CR ends a record, a
/// quote inside an unquoted field is kept literally. Strict where data would be lost: an unterminated quoted
/// field is an error.
public enum CSVParser {
    public struct Row: Sendable, Equatable {
        public var fields: [String]
        /// 1-based physical line where the record starts (records may span lines).
        public var line: Int
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses UTF-8 bytes (BOM already removed). Empty lines are skipped.
    public static func parse(_ b: [UInt8], separator: UInt8 = UInt8(ascii: ",")) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var line = 1
        var rowLine = 1
        var quoted = false
        var fieldWasQuoted = false
        let n = b.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); fieldWasQuoted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(fields: fields, line: rowLine)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < n {
            let c = b[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < n, b[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    quoted = false; i += 1; continue
                }
                if c == 0x0A { line += 1 }
                field.append(c); i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                if field.isEmpty && !fieldWasQuoted { quoted = true; fieldWasQuoted = true } else { field.append(c) }
                i += 1
            case separator:
                endField(); i += 1
            case 0x0D:
                endRow(); i += 1
                if i < n, b[i] == 0x0A { i += 1 }
                line += 1; rowLine = line
            case 0x0A:
                endRow(); i += 1; line += 1; rowLine = line
            default:
                field.append(c); i += 1
            }
        }
        if quoted { throw Failure(line: rowLine, message: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRow() }
        return rows
    }
}
