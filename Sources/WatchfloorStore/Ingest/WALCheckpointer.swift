import CSQLite
import Foundation

/// Copies the write-ahead log back into the database file on a thread of its own, so the ingest writer only
/// appends to the log.
///
/// Why: with SQLite's automatic checkpoint the committing thread itself copies every page back and waits for two
/// `fdatasync`s, once every few batches. Profiled on 50,000 high-cardinality EVE lines, that was about a sixth of
/// the writer thread's time — time the decode thread's core sat mostly idle. A PASSIVE checkpoint on a second
/// connection runs beside the writer (it takes no write lock: the writer keeps committing, operators keep
/// acting), and the writer's own automatic checkpoint stays on as the backstop should this thread fall behind.
///
/// SQLite-specific by nature: an engine without a write-ahead log of this kind has nothing for it to do.
public final class WALCheckpointer: @unchecked Sendable {
    private let connection: Connection
    private let cond = NSCondition()
    private var requested = false
    private var stopping = false
    private var running = false
    /// Checkpoints run and the last one's result, for the daemon's health and the tests.
    public private(set) var checkpoints = 0
    public private(set) var lastError: String?
    /// The pause after each checkpoint, in which requests fold into the next one.
    public var minimumIntervalMicroseconds: UInt32 = 50_000

    /// Opens a connection of its own on the store file (which must exist and be in WAL mode).
    public init(path: String) throws {
        precondition(StoreEngine.of(location: path) == .sqlite, "WALCheckpointer is for SQLite stores only")
        connection = try Connection(path: path, create: false)
        // A checkpoint never waits for a lock (PASSIVE); a short timeout covers opening the WAL index.
        connection.setBusyTimeout(milliseconds: 1_000)
        try connection.execute("PRAGMA synchronous=NORMAL")
    }

    public func start() {
        cond.lock(); defer { cond.unlock() }
        guard !running else { return }
        running = true
        let t = Thread { [self] in loop() }
        t.name = "watchfloor-checkpoint"
        t.start()
    }

    /// Asks for a checkpoint (after a commit). Requests made while one runs fold into the next.
    public func request() {
        cond.lock()
        requested = true
        cond.signal()
        cond.unlock()
    }

    /// Finishes the checkpoint in progress (if any) and ends the thread.
    public func stop() {
        cond.lock()
        stopping = true
        cond.broadcast()
        while running { cond.wait() }
        cond.unlock()
    }

    /// Runs one PASSIVE checkpoint now, on the calling thread; returns the log's frames and those copied back.
    @discardableResult
    public func checkpointNow() -> (logFrames: Int32, copied: Int32) {
        var log: Int32 = 0, copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
        cond.lock()
        checkpoints += 1
        lastError = rc == SQLITE_OK || rc == SQLITE_BUSY ? nil : String(cString: sqlite3_errmsg(connection.handle))
        cond.unlock()
        return (log, copied)
    }

    private func loop() {
        while true {
            cond.lock()
            while !requested && !stopping { cond.wait() }
            if stopping {
                running = false
                cond.broadcast()
                cond.unlock()
                return
            }
            requested = false
            cond.unlock()
            checkpointNow()
            // At most one checkpoint per `minimumInterval`: each costs two `fdatasync`s, and the commits of the
            // meantime are copied back by the next one anyway.
            usleep(minimumIntervalMicroseconds)
        }
    }
}
