import CSQLite
import Foundation
import WatchfloorCore

/// One process's handle on the shared store: a single SQLite file in WAL mode that the daemon, every operator's
/// UI and the CLI open directly (there is no server). A `Store` owns one connection behind a lock; give a
/// background reader (the bus watcher, a UI refresh) a `Store` of its own rather than sharing one.
public final class Store: @unchecked Sendable {
    public let path: String
    let connection: Connection
    private let lock = NSLock()
    /// Clock used for event times; tests and the demo inject their own.
    public var clock: @Sendable () -> Timestamp = { Timestamp.now() }
    /// The county's calendar and SLA table, used to compute hotline deadlines as cases move.
    public var sla: SLAClock

    /// True when this process opened the store read-only (`StoreAccess.readOnly`, or `.automatic` without
    /// write permission): no migration ran and every write fails with a sentence saying so.
    public let isReadOnly: Bool
    /// Things the opener should tell the person (a store file whose permissions were tightened).
    public private(set) var warnings: [String] = []

    /// Opens (creating if needed and allowed) the store at `path`: directory 0700, file 0600, WAL, migrations
    /// applied. With `.automatic` access a store this process may not write is opened read-only instead.
    public init(path: String, sla: SLAClock = SLAClock(calendar: WorkingCalendar()), create: Bool = true,
                access: StoreAccess = .automatic) throws {
        self.path = path
        self.sla = sla
        if StoreEngine.of(location: path) == .postgresql {
            isReadOnly = access == .readOnly
            do {
                connection = try Connection(postgresURL: path)
                connection.setBusyTimeout(milliseconds: 10_000)
                if isReadOnly {
                    // The server refuses every write of this session, as SQLite does for a read-only open.
                    try connection.execute("SET default_transaction_read_only = on")
                    try checkReadOnlySchema()
                } else {
                    try migrate()
                }
            } catch let e as SQLiteError {
                throw StoreError.from(e, path: path)
            }
            return
        }
        let exists = FileManager.default.fileExists(atPath: path)
        let readOnly = access == .readOnly || (access == .automatic && exists && !Store.canWrite(path: path))
        isReadOnly = readOnly
        if exists { warnings = Store.tightenPermissions(path: path) }
        if readOnly {
            guard exists else { throw StoreError.cannotOpen(path: path, reason: "no store there (run the daemon or `watchfloor demo` first)") }
            do {
                connection = try Store.openReadOnly(path: path)
            } catch let e as SQLiteError {
                throw (e.code & 0xFF) == SQLITE_NOTADB ? StoreError.notADatabase(path: path) : StoreError.from(e, path: path)
            }
            connection.setBusyTimeout(milliseconds: 10_000)
            try checkReadOnlySchema()
            return
        }
        try Store.prepareFile(path: path, create: create)
        do {
            connection = try Connection(path: path, create: create)
        } catch let e as SQLiteError {
            throw StoreError.from(e, path: path)
        }
        connection.setBusyPolling(milliseconds: 10_000)
        do {
            try connection.execute("PRAGMA foreign_keys=ON")
            let mode = try connection.queryOne("PRAGMA journal_mode=WAL") { $0.string(0) } ?? ""
            if mode.lowercased() != "wal" { throw StoreError.cannotOpen(path: path, reason: "could not enable WAL (got \(mode))") }
            try connection.execute("PRAGMA synchronous=NORMAL")
            try migrate()
        } catch let e as SQLiteError where (e.code & 0xFF) == SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        } catch let e as SQLiteError {
            throw StoreError.from(e, path: path)
        }
    }

    /// Read-only: nothing can be migrated, so a schema other than this Watchfloor's is refused with a sentence.
    private func checkReadOnlySchema() throws {
        let current: Int
        do { current = try connection.schemaVersion() }
        catch let e as SQLiteError { throw (e.code & 0xFF) == SQLITE_NOTADB ? StoreError.notADatabase(path: path) : StoreError.from(e, path: path) }
        if current > Migrations.latestVersion {
            throw StoreError.newerSchema(path: path, found: current, supported: Migrations.latestVersion)
        }
        if current < Migrations.latestVersion {
            throw StoreError.readOnlyOldSchema(path: path, found: current, needed: Migrations.latestVersion)
        }
    }

    /// Creates the directory (0700) and an empty file (0600) ourselves, so SQLite never creates them with the
    /// umask's looser modes.
    static func prepareFile(path: String, create: Bool) throws {
        let fm = FileManager.default
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !fm.fileExists(atPath: dir) {
            guard create else { throw StoreError.cannotOpen(path: path, reason: "no such directory \(dir)") }
            do {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotCreateDirectory(path: dir, reason: String(cString: strerror(errno)))
            }
        }
        // An existing file is left to SQLite, which reports SQLITE_NOTADB for anything that is not a database.
        // Never open and close the file ourselves here: closing any descriptor on it drops every POSIX lock this
        // process holds on it, SQLite's included, and another process could then delete the live WAL.
        if !fm.fileExists(atPath: path) {
            guard create else { throw StoreError.cannotOpen(path: path, reason: "no store there (run the daemon or `watchfloor demo` first)") }
            let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd < 0 && errno != EEXIST {
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            if fd >= 0 { close(fd) }
        }
    }

    private func migrate() throws {
        let current = try connection.schemaVersion()
        if current > Migrations.latestVersion {
            throw StoreError.newerSchema(path: path, found: current, supported: Migrations.latestVersion)
        }
        guard current < Migrations.latestVersion else { return }
        try connection.writeTransaction {
            // Re-read under the write lock: another process may have migrated meanwhile.
            let now = try connection.schemaVersion()
            for (i, m) in Migrations.all.enumerated() where i >= now {
                try connection.execute(m.sql(for: connection.engine))
            }
            try connection.setSchemaVersion(Migrations.latestVersion)
        }
    }

    public var schemaVersion: Int { (try? withConnection { try $0.schemaVersion() }) ?? 0 }

    /// The engine holding this store (chosen by its location: a path or a `postgresql://` URL).
    public var engine: StoreEngine { connection.engine }

    /// How long a statement waits for another process's lock before failing with SQLITE_BUSY (default 10 s). A
    /// caller that wants to say "store busy" and retry on its own (the UI's action runner) sets it short.
    public func setBusyTimeout(milliseconds: Int32) {
        lock.lock(); defer { lock.unlock() }
        connection.setBusyTimeout(milliseconds: milliseconds)
    }

    /// Runs `body` with exclusive use of this store's connection.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// Runs `body` in one write transaction: rows and their bus events commit together or not at all.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection { c in try c.writeTransaction { try body(c) } }
    }

    /// Runs several reads against one consistent snapshot.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try withConnection { c in try c.readTransaction { try body(c) } }
    }

    /// Cheap health probe for status bars and `/healthz`: the store answers and reports its last event.
    public func health() -> StoreHealth {
        do {
            let seq = try withConnection { try $0.scalarInt("SELECT COALESCE(MAX(seq),0) FROM events") ?? 0 }
            return StoreHealth(ok: true, lastSeq: seq, message: nil)
        } catch {
            return StoreHealth(ok: false, lastSeq: 0, message: StoreError.describe(error, path: path))
        }
    }
}

public struct StoreHealth: Sendable, Equatable {
    public var ok: Bool
    public var lastSeq: Int64
    public var message: String?
}
