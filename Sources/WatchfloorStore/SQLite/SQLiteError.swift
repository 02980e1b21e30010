import CSQLite

/// A failed SQLite call. Printed, it is a sentence a person can act on (by result code; see `StoreError.from`),
/// wherever it ends up — a CLI line, the UI's message line, `/healthz`; `diagnostic` keeps SQLite's own text and the
/// statement for a developer's log.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// On the PostgreSQL engine, the server's SQLSTATE (`code` then holds the SQLite code of the same meaning).
    public var sqlstate: String? = nil

    public var description: String { StoreError.from(self, path: nil).description }

    /// SQLite's message and the failing statement: for debugging, never for operators.
    public var diagnostic: String {
        if let sqlstate { return "PostgreSQL error \(sqlstate): \(message)" + (sql.map { " (in: \($0.prefix(120)))" } ?? "") }
        if let sql { return "SQLite error \(code): \(message) (in: \(sql.prefix(120)))" }
        return "SQLite error \(code): \(message)"
    }

    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    public var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
}
