import CSQLite
import Foundation

/// A thin, explicit wrapper over one connection to the store: an sqlite3 handle, or a libpq session to a
/// PostgreSQL server (`Connection(postgresURL:)`). Repositories see one API either way; what differs between the
/// engines lives here, in `Statement`/`Row`, and in `PostgresDialect`. Not thread-safe by itself: each owner (a
/// store, the bus watcher, the UI) keeps its own connection, which is also how SQLite's WAL mode wants it.
public final class Connection {
    /// The sqlite3 handle; nil on the PostgreSQL engine.
    let handle: OpaquePointer!
    /// The PostgreSQL session; nil on the SQLite engine.
    let pg: PGSession?
    private var cache: [String: Statement] = [:]
    public let path: String

    public var engine: StoreEngine { pg == nil ? .sqlite : .postgresql }

    /// A connection to the store at `location`: a file path (SQLite) or a `postgresql://` URL.
    public static func open(_ location: String) throws -> Connection {
        StoreEngine.of(location: location) == .postgresql ? try Connection(postgresURL: location) : try Connection(path: location)
    }

    /// Connects to a PostgreSQL server (`postgresql://…` or `postgres://…`, any form libpq takes).
    /// `role` names the connection in the server's `pg_stat_activity` (`application_name`).
    public init(postgresURL url: String, role: String = "watchfloor") throws {
        pg = try PGSession(url: url, role: role)
        handle = nil
        path = url
    }

    /// `uri`: `path` is a `file:` URI (`?mode=ro`, `?immutable=1`).
    public init(path: String, readOnly: Bool = false, create: Bool = true, uri: Bool = false) throws {
        _ = Connection.configured
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        if uri { flags |= SQLITE_OPEN_URI }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        handle = db
        pg = nil
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configured: Bool = {
        _ = wf_sqlite_disable_memstatus()
        return true
    }()

    deinit {
        cache.removeAll()
        if let handle { sqlite3_close_v2(handle) }
    }

    func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        if let pg {
            let t = PostgresDialect.translate(sql)
            if !t.isNoOp { try pg.exec(t.sql) }
            return
        }
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// A prepared statement, cached by its SQL text: hot paths prepare once per connection.
    public func prepare(_ sql: String) throws -> Statement {
        if let s = cache[sql] {
            s.reset()
            return s
        }
        let s = try Statement(connection: self, sql: sql)
        cache[sql] = s
        return s
    }

    /// Runs a statement with arguments, discarding rows.
    @discardableResult
    public func run(_ sql: String, _ args: [SQLValue] = []) throws -> Int {
        let s = try prepare(sql)
        try s.bind(args)
        while try s.step() {}
        return changes
    }

    /// Runs a query and maps every row.
    public func query<T>(_ sql: String, _ args: [SQLValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        let s = try prepare(sql)
        try s.bind(args)
        var out: [T] = []
        while try s.step() { out.append(try map(Row(statement: s))) }
        return out
    }

    public func queryOne<T>(_ sql: String, _ args: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        let s = try prepare(sql)
        try s.bind(args)
        defer { s.reset() }
        return try s.step() ? map(Row(statement: s)) : nil
    }

    public func scalarInt(_ sql: String, _ args: [SQLValue] = []) throws -> Int64? {
        try queryOne(sql, args) { $0.int64Optional(0) } ?? nil
    }

    /// The id the last INSERT gave its row (SQLite's rowid; on PostgreSQL the identity column's value, `lastval()`).
    public var lastInsertRowID: Int64 {
        if pg != nil { return (try? scalarInt("SELECT lastval()")) .flatMap { $0 } ?? 0 }
        return sqlite3_last_insert_rowid(handle)
    }
    public var changes: Int { pg.map { $0.lastChanges } ?? Int(sqlite3_changes(handle)) }

    /// `PRAGMA data_version`: changes whenever another connection (in any process) commits. On PostgreSQL (whose
    /// bus wakes by NOTIFY instead) the latest event's `seq`.
    public func dataVersion() throws -> Int64 {
        if pg != nil { return try scalarInt("SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0 }
        return try scalarInt("PRAGMA data_version") ?? 0
    }

    /// How long to wait for another writer's lock before failing busy (PostgreSQL: `lock_timeout`).
    public func setBusyTimeout(milliseconds: Int32) {
        if let pg { pg.setLockTimeout(milliseconds: milliseconds); return }
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// The schema version (`PRAGMA user_version`; on PostgreSQL a one-row table).
    public func schemaVersion() throws -> Int {
        if pg != nil {
            guard try scalarInt("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '\(PostgresDialect.schemaVersionTable)'") ?? 0 > 0 else { return 0 }
        }
        return Int(try scalarInt("PRAGMA user_version") ?? 0)
    }

    func setSchemaVersion(_ v: Int) throws {
        if let pg {
            try pg.exec("CREATE TABLE IF NOT EXISTS \(PostgresDialect.schemaVersionTable)(version BIGINT NOT NULL); DELETE FROM \(PostgresDialect.schemaVersionTable); INSERT INTO \(PostgresDialect.schemaVersionTable)(version) VALUES (\(v))")
        } else {
            try execute("PRAGMA user_version=\(v)")
        }
    }

    /// Waits up to `milliseconds` for another connection's lock, retrying every 200 µs for the first 10 ms and
    /// every millisecond after. SQLite's own timeout backs off to 100 ms sleeps: behind an ingest daemon that
    /// commits batch after batch, such a sleeper keeps waking up after the next batch has taken the lock again,
    /// and an operator's ack waits hundreds of milliseconds for a lock that is free every 20.
    public func setBusyPolling(milliseconds: Int32) {
        if pg != nil { return setBusyTimeout(milliseconds: milliseconds) }
        let limit = 50 + max(0, Int(milliseconds) - 10)
        sqlite3_busy_handler(handle, { context, tries in
            let limit = Int(bitPattern: context)
            if Int(tries) >= limit { return 0 }
            usleep(tries < 50 ? 200 : 1000)
            return 1
        }, UnsafeMutableRawPointer(bitPattern: limit))
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT` (rolled back on a thrown error). IMMEDIATE takes the
    /// write lock up front, so a read-check-write inside (compare-and-set) cannot interleave with another writer.
    /// On PostgreSQL, BEGIN then the store's transaction-level advisory lock: writers queue as behind SQLite's
    /// write lock, so compare-and-set reads cannot interleave and bus `seq` order is commit order.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try begin(write: true)
        do {
            let result = try body()
            try end("COMMIT")
            return result
        } catch {
            try? end("ROLLBACK")
            throw error
        }
    }

    /// A consistent snapshot for several reads (deferred transaction; PostgreSQL: REPEATABLE READ).
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try begin(write: false)
        defer { try? end("COMMIT") }
        return try body()
    }

    private func begin(write: Bool) throws {
        guard let pg else { return try execute(write ? "BEGIN IMMEDIATE" : "BEGIN") }
        if write {
            try beginReconnecting(pg, "BEGIN")
            pg.inTransaction = true
            do { try pg.exec("SELECT pg_advisory_xact_lock(\(pg.writeLockKey))") } catch {
                try? end("ROLLBACK")
                throw error
            }
        } else {
            try beginReconnecting(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ")
            pg.inTransaction = true
        }
    }

    /// A connection lost while idle (a server restart, an idle timeout) shows only when it is next used: BEGIN
    /// has changed nothing yet, so it is sent once more on a new connection.
    private func beginReconnecting(_ pg: PGSession, _ sql: String) throws {
        do { try pg.exec(sql) } catch let e as SQLiteError where e.code == 10 {
            try pg.connect()
            try pg.exec(sql)
        }
    }

    private func end(_ sql: String) throws {
        guard let pg else { return try execute(sql) }
        defer { pg.inTransaction = false }
        if pg.isBroken { if sql == "COMMIT" { throw PGSession.lost("the connection to the server was lost before COMMIT") }; return }
        try pg.exec(sql)
    }
}
