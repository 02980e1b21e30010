import CSQLite
import Foundation

/// A thin, explicit wrapper over one sqlite3 connection. Not thread-safe by itself: each owner (a store,
/// the bus watcher, the UI) keeps its own connection, which is also how SQLite's WAL mode wants it.
public final class Connection {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    public let path: String

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
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
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
        return Int(sqlite3_changes(handle))
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

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// `PRAGMA data_version`: changes whenever another connection (in any process) commits.
    public func dataVersion() throws -> Int64 { try scalarInt("PRAGMA data_version") ?? 0 }

    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Waits up to `milliseconds` for another connection's lock, retrying every 200 µs for the first 10 ms and
    /// every millisecond after. SQLite's own timeout backs off to 100 ms sleeps: behind an ingest daemon that
    /// commits batch after batch, such a sleeper keeps waking up after the next batch has taken the lock again,
    /// and an operator's ack waits hundreds of milliseconds for a lock that is free every 20.
    public func setBusyPolling(milliseconds: Int32) {
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
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A consistent snapshot for several reads (deferred transaction).
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }
}
