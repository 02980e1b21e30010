import Foundation
import WatchfloorCore
@testable import WatchfloorStore

/// A fresh store with a controllable clock: on SQLite in its own temporary directory, on PostgreSQL in its own
/// schema of the test server (see `PostgresSchemas.testServer`).
final class TempStore {
    let dir: String
    let store: Store
    /// Where the store is: a file path or a `postgresql://` URL (give it to another `Store` or a `BusWatcher`).
    let location: String
    let engine: StoreEngine
    private let scratch: ScratchLocation
    var now: Timestamp

    init(engine: StoreEngine = .sqlite, now: Timestamp = ISOTime.parse("2026-11-22T14:00:00+08:00")!) throws {
        dir = NSTemporaryDirectory() + "wf-store-" + UUID().uuidString
        self.engine = engine
        scratch = try ScratchLocation(engine: engine, file: dir + "/db/watchfloor.db")
        location = scratch.location
        store = try Store(path: location)
        self.now = now
        let box = ClockBox(now)
        store.clock = { box.value }
        clockBox = box
    }

    private var clockBox: ClockBox
    func advance(seconds: Int64) { clockBox.value = clockBox.value.adding(seconds: seconds); now = clockBox.value }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func incident(_ id: String = "", level: Level = .three, status: IncidentStatus = .new, title: String = "城关镇东街路口两车追尾") -> Incident {
        Incident(id: id, source: "110联动", sourceRef: id.isEmpty ? UUID().uuidString : "ref-\(id)", category: .publicSafety,
                 level: level, title: title, gridID: "990102001001001", status: status, reportedAt: now)
    }

    @discardableResult
    func seed(_ records: [IngestRecord], rejections: [Rejection] = []) throws -> BatchOutcome {
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: records, rejections: rejections))
    }
}

final class ClockBox: @unchecked Sendable {
    var value: Timestamp
    init(_ v: Timestamp) { value = v }
}

/// A count that racing threads add to (how many of N concurrent actions won).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
