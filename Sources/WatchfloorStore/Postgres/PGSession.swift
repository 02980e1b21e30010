import CLibPQ
import Foundation

/// One libpq connection to a PostgreSQL server: the second engine of the store. Synchronous like the SQLite engine
/// (one owner at a time, behind the `Store`'s lock), so every repository runs unchanged; libpq is PostgreSQL's own
/// client from Debian's `libpq-dev`, builds in seconds and gives LISTEN/NOTIFY through its socket.
///
/// A lost connection (server restart, network) is reopened on the next call made outside a transaction; each
/// reopening bumps `generation`, so statements prepared on the old connection are prepared again and the bus
/// watcher LISTENs again and catches up by `seq`.
final class PGSession {
    let conninfo: String
    private(set) var conn: OpaquePointer?
    /// Bumped on every (re)connect: server-side prepared statements and LISTENs belong to one generation.
    private(set) var generation = 0
    /// Rows changed by the last command (`PQcmdTuples`).
    var lastChanges = 0
    /// True between BEGIN and COMMIT/ROLLBACK: a connection lost inside a transaction is an error, not a retry.
    var inTransaction = false
    /// The transaction-level advisory lock every write transaction and every `events` insert takes (per schema):
    /// it serialises writers, so bus `seq` order is commit order and a compare-and-set has one winner.
    private(set) var writeLockKey: Int64 = 0
    /// The NOTIFY channel of this store's bus (per schema).
    private(set) var channel = "watchfloor_events_public"
    private var lockTimeoutMs: Int32 = 10_000
    private var nextStatement = 0

    /// Shown in `pg_stat_activity` as `application_name`, with the schema: `watchfloor:public`, `watchfloor-bus:public`.
    let role: String

    init(url: String, role: String = "watchfloor") throws {
        conninfo = url
        self.role = role
        try connect()
    }

    deinit { if let conn { PQfinish(conn) } }

    func connect() throws {
        if let conn { PQfinish(conn); self.conn = nil }
        guard let c = PQconnectdb(conninfo) else { throw PGSession.lost("out of memory") }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = PGSession.oneLine(StoreEngine.withoutPassword(String(cString: PQerrorMessage(c)), of: conninfo))
            PQfinish(c)
            throw PGSession.lost(message)
        }
        conn = c
        generation += 1
        inTransaction = false
        try exec("SET client_min_messages = warning; SET lock_timeout = \(lockTimeoutMs)")
        let r = try exec("SELECT hashtext('watchfloor.write:' || current_schema())::bigint, current_schema()")
        writeLockKey = Int64(String(cString: PQgetvalue(r.pointer, 0, 0))) ?? 0
        let schema = String(cString: PQgetvalue(r.pointer, 0, 1))
        channel = "watchfloor_events_" + schema
        try exec("SET application_name = '\(role):\(schema.replacingOccurrences(of: "'", with: "''"))'")
    }

    /// `WATCHFLOOR_DEBUG_SQL=1`: every server error with its statement on stderr (for developers, never operators).
    static let debug = ProcessInfo.processInfo.environment["WATCHFLOOR_DEBUG_SQL"] == "1"

    /// libpq's multi-line messages as one line, so a store error stays one sentence.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    static func lost(_ message: String) -> SQLiteError {
        SQLiteError(code: 10 /* SQLITE_IOERR */, message: message, sql: nil, sqlstate: "08006")
    }

    var isBroken: Bool { conn == nil || PQstatus(conn) != CONNECTION_OK }

    /// The connection, reopened first when it was lost (outside a transaction only).
    func live() throws -> OpaquePointer {
        if isBroken {
            if inTransaction { throw PGSession.lost("the connection to the server was lost inside a transaction") }
            try connect()
        }
        return conn!
    }

    func setLockTimeout(milliseconds: Int32) {
        lockTimeoutMs = milliseconds
        _ = try? exec("SET lock_timeout = \(milliseconds)")
    }

    func newStatementName() -> String {
        nextStatement += 1
        return "wf\(nextStatement)"
    }

    /// Runs one or more statements without parameters.
    @discardableResult
    func exec(_ sql: String) throws -> PGResult {
        let c = try live()
        return try check(PQexec(c, sql), sql)
    }

    /// Turns a result into a `PGResult` or throws the server's error, mapped onto the store's error codes.
    func check(_ result: OpaquePointer?, _ sql: String?) throws -> PGResult {
        guard let result else { throw error(nil, sql) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            let n = String(cString: PQcmdTuples(result))
            lastChanges = Int(n) ?? 0
            return PGResult(result)
        default:
            let e = error(result, sql)
            PQclear(result)
            throw e
        }
    }

    private func error(_ result: OpaquePointer?, _ sql: String?) -> SQLiteError {
        var message = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
        var state = ""
        if let result {
            // The primary message alone ("relation … does not exist"), without the "ERROR:" prefix and LINE/HINT lines.
            if let m = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) ?? PQresultErrorMessage(result) {
                message = String(cString: m).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let s = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { state = String(cString: s) }
        }
        if state.isEmpty && isBroken { state = "08006" }
        message = PGSession.oneLine(StoreEngine.withoutPassword(message, of: conninfo))
        if PGSession.debug { FileHandle.standardError.write(Data("watchfloor: PostgreSQL \(state): \(message)\n  in: \(sql ?? "")\n".utf8)) }
        return SQLiteError(code: PGSession.resultCode(sqlstate: state), message: message, sql: sql, sqlstate: state)
    }

    /// SQLSTATE → the SQLite result code with the same meaning for the store's callers (busy and unavailable are
    /// retried, constraints refused): the rest of Watchfloor handles one kind of store error.
    static func resultCode(sqlstate: String) -> Int32 {
        switch sqlstate {
        case "40001", "40P01", "55P03", "57014": return 5 // SQLITE_BUSY: serialisation, deadlock, lock timeout, cancel
        case "53100": return 13 // SQLITE_FULL
        case "42501": return 8 // SQLITE_READONLY: insufficient privilege
        case "28000", "28P01", "3D000": return 14 // SQLITE_CANTOPEN: authentication, no such database
        default: break
        }
        if sqlstate.hasPrefix("23") { return 19 } // SQLITE_CONSTRAINT
        if sqlstate.hasPrefix("08") || sqlstate.hasPrefix("57P") || sqlstate.hasPrefix("58") { return 10 } // SQLITE_IOERR
        return 1 // SQLITE_ERROR
    }

    // MARK: LISTEN/NOTIFY

    /// The socket to poll for notifications.
    var socket: Int32 { conn.map { PQsocket($0) } ?? -1 }

    /// Reads what arrived on the socket; true when at least one notification was waiting.
    func drainNotifications() -> Bool {
        guard let conn else { return false }
        if PQconsumeInput(conn) == 0 { return false }
        var any = false
        while let n = PQnotifies(conn) {
            any = true
            PQfreemem(n)
        }
        return any
    }
}

/// An owned libpq result.
final class PGResult {
    let pointer: OpaquePointer
    init(_ p: OpaquePointer) { pointer = p }
    deinit { PQclear(pointer) }
    var rows: Int32 { PQntuples(pointer) }
}
