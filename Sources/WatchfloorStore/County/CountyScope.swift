import WatchfloorCore

/// Which county's rows a query may see. A row with no county stamped belongs to the store's home county (a
/// county's own store never stamps its rows; see the "county-codes" migration), so asking for the home county also
/// takes the unstamped rows.
public struct CountyFilter: Sendable, Equatable {
    public var code: String
    public var includesUnstamped: Bool

    public init(code: String, includesUnstamped: Bool) {
        self.code = code; self.includesUnstamped = includesUnstamped
    }

    /// Whether a row stamped `county` (nil: unstamped) is in scope.
    public func contains(_ county: String?) -> Bool {
        county.map { $0 == code } ?? includesUnstamped
    }
}

/// County codes: the six digits of GB/T 2260 that open every 15-digit grid code under the county.
public enum CountyCode {
    /// Whether `code` is six ASCII digits.
    public static func isValid(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The county a grid code (or a township/village prefix of one) lies in; nil for anything shorter than six
    /// digits or not numeric.
    public static func of(grid: String?) -> String? {
        guard let grid, grid.utf8.count >= 6 else { return nil }
        let code = String(grid.prefix(6))
        return isValid(code) ? code : nil
    }

    /// Refuses anything but six digits, naming the field, so a typo never silently filters everything out.
    public static func validated(_ code: String, field: String = "--county") throws -> String {
        guard isValid(code) else {
            throw StoreError.invalid("\(field) must be a county's 6-digit code (e.g. 990102), not \(Sanitize.line(code).debugDescription)")
        }
        return code
    }
}

extension WhereBuilder {
    mutating func county(_ f: CountyFilter?, column: String = "county") {
        guard let f else { return }
        if f.includesUnstamped {
            add("(\(column) = ? OR \(column) IS NULL)", .text(f.code))
        } else {
            add("\(column) = ?", .text(f.code))
        }
    }
}

/// The SQL expression for a row's county in `table` (the stamped code, else the home county).
enum CountyColumn {
    static func effective(_ column: String = "county", home: String?) -> (sql: String, args: [SQLValue]) {
        guard let home else { return (column, []) }
        return ("COALESCE(\(column), ?)", [.text(home)])
    }

    /// The table and key column of each kind of item that carries a county.
    static func table(kind: String) -> (table: String, key: String)? {
        switch kind {
        case "incident": ("incidents", "id")
        case "hotline": ("hotline_cases", "ticket")
        case "alert": ("alerts", "id")
        case "topic": ("opinion_topics", "id")
        default: nil
        }
    }
}
