// The values a TOML document holds, with typed accessors for config code.

/// One TOML value. Date-times are kept as their source text (`.datetime("2026-11-22T08:00:00+08:00")`): config
/// code that needs a date parses it with the calendar it cares about (shifts run on local time).
///
/// Example: `try TOML.parse("[sla]\nlevel1 = 120")["sla"]?["level1"]?.int == 120`.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case datetime(String)
    case array([TOMLValue])
    case table([String: TOMLValue])

    /// The string, if this is a string.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The integer, if this is an integer.
    public var int: Int? { if case .integer(let i) = self { return i } else { return nil } }
    /// The number as a `Double` (integers convert; config authors write `2` for `2.0`).
    public var double: Double? {
        switch self {
        case .float(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
    /// The boolean, if this is a boolean.
    public var bool: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    /// The date-time text, if this is a date, time or date-time.
    public var datetime: String? { if case .datetime(let s) = self { return s } else { return nil } }
    /// The elements, if this is an array (arrays of tables included).
    public var array: [TOMLValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The key/value pairs, if this is a table.
    public var table: [String: TOMLValue]? { if case .table(let t) = self { return t } else { return nil } }

    /// The value under `key` when this is a table; `nil` otherwise.
    public subscript(key: String) -> TOMLValue? {
        if case .table(let t) = self { return t[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range; `nil` otherwise.
    public subscript(index: Int) -> TOMLValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// A short name of the value's type for error messages ("string", "table", …).
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .datetime: return "date-time"
        case .array: return "array"
        case .table: return "table"
        }
    }

    /// `typeName` with "a"/"an" ("an integer", "a table").
    public var typeNameWithArticle: String {
        switch self {
        case .integer, .array: return "an \(typeName)"
        default: return "a \(typeName)"
        }
    }
}

/// A TOML syntax or structure error, with the 1-based line it was found on.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number in the parsed text.
    public var line: Int
    /// What is wrong, phrased for the person editing the file.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
