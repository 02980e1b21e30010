import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// What must hold on PostgreSQL exactly as on SQLite: the schema, compare-and-set races, the audit chain, the bus
/// order across connections, and reconnecting after the server drops a connection.
@Suite struct StoreEngineTests {
    @Test func postgresStoreMigratesOnceWithRightTypes() throws {
        let t = try TempStore(engine: .postgresql)
        #expect(t.store.engine == .postgresql)
        #expect(t.store.schemaVersion == Migrations.latestVersion)
        let again = try Store(path: t.location)
        #expect(again.schemaVersion == Migrations.latestVersion)
        let types = try t.store.withConnection { c in
            try c.query("""
                SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND (table_name, column_name) IN
                  (('events', 'seq'), ('events', 'data'), ('dead_letters', 'raw'), ('opinion_topics', 'heat'), ('alerts', 'count'))
                ORDER BY 1
                """) { "\($0.string(0))=\($0.string(1))" }
        }
        #expect(types == ["alerts.count=bigint", "dead_letters.raw=bytea", "events.data=text", "events.seq=bigint",
                          "opinion_topics.heat=double precision"])
    }

    @Test func deadLetterBytesRoundTripOnBothEngines() throws {
        for engine in StoreEngine.allCases {
            let t = try TempStore(engine: engine)
            let raw: [UInt8] = [0, 0xFF, 0x1B, 0x5B, 0x32, 0x4A] + Array("城关镇 🚒".utf8)
            try t.store.write { c in
                try c.run("INSERT INTO dead_letters(at, source, position, reason, raw) VALUES (?,?,?,?,?)",
                          [.int(1), .text("test"), .null, .text("bad"), .blob(raw)])
            }
            let back = try t.store.withConnection { try $0.queryOne("SELECT raw FROM dead_letters") { $0.blob(0) } }
            #expect(back == raw, "\(engine)")
        }
    }

    /// The same history written to both engines gives the same chain, hash for hash.
    @Test func sameHistorySameAuditChain() throws {
        var chains: [[String]] = []
        for engine in StoreEngine.allCases {
            let t = try TempStore(engine: engine)
            let ids = try t.seed([.incident(t.incident("A")), .incident(t.incident("B", level: .two))]).incidentIDs
            let ops = OperatorActions(store: t.store, actor: "wangwei")
            try ops.acknowledge(incident: ids[0], note: "已通知城关派出所")
            t.advance(seconds: 90)
            try ops.assign(incident: ids[0], to: "县交警大队")
            try OperatorActions(store: t.store, actor: "李娜").escalate(incident: ids[1], reason: "伤者增多 🚑")
            _ = try ops.addNote(kind: "incident", id: ids[1], text: "现场已封控")
            let report = try t.store.withConnection { try AuditChain.verify($0) }
            #expect(report.ok && report.checked == 4, "\(engine)")
            chains.append(try t.store.withConnection { c in
                try c.query("SELECT seq, topic, hash FROM events WHERE hash IS NOT NULL ORDER BY seq") { "\($0.int64(0)) \($0.string(1)) \($0.string(2))" }
            })
        }
        #expect(chains[0].count == 4)
        #expect(chains[0] == chains[1])
    }

    /// Eight operators, each with a connection of their own, acknowledge one incident at once: one wins, the
    /// others are told who.
    @Test(arguments: StoreEngine.allCases) func compareAndSetRaceHasOneWinner(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        let operators = (1...8).map { "op\($0)" }
        let stores = try operators.map { _ in try Store(path: t.location) }
        let wins = Counter(), told = Counter()
        let winner = Locked<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: operators.count) { i in
            do {
                try OperatorActions(store: stores[i], actor: operators[i]).acknowledge(incident: id, expectedVersion: 1)
                wins.add()
                winner.set(operators[i])
            } catch let refused as ActionRefused {
                if refused.isRace { told.add() }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(wins.value == 1)
        #expect(told.value == operators.count - 1)
        let i = try t.store.withConnection { try IncidentRepository.get($0, id: id) }!
        #expect(i.ackedBy == winner.get() && i.version == 2)
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.checked == 1)
    }

    /// Two writers on connections of their own and a subscriber: the subscriber sees every event once, in `seq`
    /// order, each writer's events in the order written.
    @Test(arguments: StoreEngine.allCases) func twoWritersOneSubscriberSeeEveryEventInOrder(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let perWriter = 150
        let seen = Locked<[BusEvent]>([])
        let watcher = BusWatcher(path: t.location, mode: .dataVersion, pollInterval: 0.005)
        try watcher.start(after: 0) { batch in seen.update { $0 += batch } }
        defer { watcher.stop() }
        let writers = try ["w1", "w2"].map { _ in try Store(path: t.location) }
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for n in 0..<perWriter {
                try? writers[w].write { c in
                    try EventLog.append(c, at: t.now, topic: "test.tick", entityKind: "writer", entityID: "w\(w)",
                                        actor: "w\(w)", data: .object(["n": .int(Int64(n))]), audited: n % 10 == 0)
                }
            }
        }
        let deadline = Date().addingTimeInterval(20)
        while seen.get().count < 2 * perWriter && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let events = seen.get()
        #expect(events.count == 2 * perWriter)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.seq < $1.seq })
        for w in 0..<2 {
            let ns = events.filter { $0.entityID == "w\(w)" }.map(\.data)
            #expect(ns == (0..<perWriter).map { "{\"n\":\($0)}" })
        }
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    /// The server drops the store's and the watcher's connections (as a restart does): the next action works on a
    /// new connection and the watcher catches up with what was committed while it was away.
    @Test func postgresConnectionsDroppedByTheServerComeBack() throws {
        let t = try TempStore(engine: .postgresql)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        let seen = Locked<[BusEvent]>([])
        let states = Locked<[Bool]>([])
        let watcher = BusWatcher(path: t.location)
        watcher.onConnectionChange = { up in states.update { $0.append(up) } }
        try watcher.start(after: 0) { batch in seen.update { $0 += batch } }
        defer { watcher.stop() }
        let admin = try Connection(postgresURL: try PostgresSchemas.testServer())
        let schema = try t.store.withConnection { try $0.queryOne("SELECT current_schema()") { $0.string(0) } }!
        let dropped = try admin.scalarInt("""
            SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE application_name IN ('watchfloor:\(schema)', 'watchfloor-bus:\(schema)')
            """)
        #expect(dropped ?? 0 >= 2)
        let acked = try OperatorActions(store: t.store, actor: "wangwei").acknowledge(incident: id)
        #expect(acked.version == 2)
        let deadline = Date().addingTimeInterval(10)
        while !seen.get().contains(where: { $0.topic == "incident.acknowledge" }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(seen.get().map(\.topic) == ["incident.created", "incident.acknowledge"])
    }
}

/// A value shared between test threads.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func update(_ f: (inout T) -> Void) { lock.lock(); f(&value); lock.unlock() }
}
