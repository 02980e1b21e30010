import CSQLite
import Foundation
import WatchfloorCore

/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public static func from(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
    public static func from(_ i: Int?) -> SQLValue { i.map { .int(Int64($0)) } ?? .null }
    public static func from(_ t: Timestamp?) -> SQLValue { t.map { .int($0.milliseconds) } ?? .null }
}

public final class Statement {
    /// The sqlite3 statement; nil on the PostgreSQL engine (see `PGStatement`).
    let pointer: OpaquePointer!
    let pg: PGStatement?
    unowned let connection: Connection
    let sql: String

    init(connection: Connection, sql: String) throws {
        self.connection = connection
        self.sql = sql
        if let session = connection.pg {
            pg = PGStatement(session: session, sql: sql)
            pointer = nil
            return
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw connection.error(rc, sql) }
        pointer = stmt
        pg = nil
    }

    deinit { if let pointer { sqlite3_finalize(pointer) } }

    public func reset() {
        if let pg { pg.reset(); return }
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    public func bind(_ values: [SQLValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        if let pg { pg.bind(value, at: Int(index)); return }
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(pointer, index)
        case .int(let i): rc = sqlite3_bind_int64(pointer, index, i)
        case .double(let d): rc = sqlite3_bind_double(pointer, index, d)
        case .text(let s): rc = sqlite3_bind_text(pointer, index, s, -1, wf_sqlite_transient())
        case .blob(let b):
            rc = b.withUnsafeBytes { sqlite3_bind_blob(pointer, index, $0.baseAddress, Int32($0.count), wf_sqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw connection.error(rc, sql) }
    }

    /// Advances one row; false when done.
    public func step() throws -> Bool {
        if let pg { return try pg.step() }
        let rc = sqlite3_step(pointer)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: sqlite3_reset(pointer); return false
        default:
            let e = connection.error(rc, sql)
            sqlite3_reset(pointer)
            throw e
        }
    }
}

/// The current row of a statement, read by column index.
public struct Row {
    let statement: Statement
    var p: OpaquePointer { statement.pointer }

    public func isNull(_ i: Int32) -> Bool {
        if let pg = statement.pg { return pg.isNull(i) }
        return sqlite3_column_type(p, i) == SQLITE_NULL
    }
    public func int64(_ i: Int32) -> Int64 {
        if let pg = statement.pg { return pg.int64(i) }
        return sqlite3_column_int64(p, i)
    }
    public func int(_ i: Int32) -> Int { Int(int64(i)) }
    public func int64Optional(_ i: Int32) -> Int64? { isNull(i) ? nil : int64(i) }
    public func intOptional(_ i: Int32) -> Int? { isNull(i) ? nil : int(i) }
    public func double(_ i: Int32) -> Double {
        if let pg = statement.pg { return pg.double(i) }
        return sqlite3_column_double(p, i)
    }
    public func string(_ i: Int32) -> String {
        if let pg = statement.pg { return pg.string(i) }
        guard let c = sqlite3_column_text(p, i) else { return "" }
        return String(cString: c)
    }
    public func stringOptional(_ i: Int32) -> String? { isNull(i) ? nil : string(i) }
    public func blob(_ i: Int32) -> [UInt8] {
        if let pg = statement.pg { return pg.blob(i) }
        let n = Int(sqlite3_column_bytes(p, i))
        guard n > 0, let base = sqlite3_column_blob(p, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: n))
    }
}
