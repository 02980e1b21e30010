import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Alert events and hourly roll-up adds are written many rows per statement at the end of a batch (schema v3,
/// no trigger): a batch larger than one statement still gives one event per alert in upsert order, each with its
/// delta, and `alert_hourly` adds up to every observation, hour by hour, as the v2 trigger did.
@Suite struct AlertEventWritesTests {
    func observation(_ t: TempStore, _ n: Int, secondsLater: Int64 = 0) -> AlertObservation {
        AlertObservation(at: t.now.adding(seconds: secondsLater), sensor: "ids-dmz-01", signatureID: 2001219,
                         signature: "ET SCAN Potential SSH Scan", level: .three, src: "203.0.113.\(n % 250)",
                         dest: "10.99.\(n / 250).20:22")
    }

    @Test(arguments: StoreEngine.allCases) func aBatchOfMoreAlertsThanOneStatementHoldsGivesOneEventEachInOrder(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let alerts = 2 * AlertEventWrites.rowsPerStatement + 7
        // Every key twice, so each event carries delta 2, and a few keys a third time.
        let records = (0..<alerts).flatMap { n in [IngestRecord.alert(observation(t, n)), .alert(observation(t, n, secondsLater: 1))] }
            + (0..<5).map { .alert(observation(t, $0, secondsLater: 2)) }
        let out = try t.seed(records)
        #expect(out.created["alert"] == alerts && out.events == alerts)
        let rows = try t.store.withConnection { c in
            try c.query("""
                SELECT e.entity_id, e.topic, e.data->>'$.delta', a.count, e.actor FROM events e JOIN alerts a ON a.id = CAST(e.entity_id AS INTEGER)
                WHERE e.entity_kind = 'alert' ORDER BY e.seq
                """) { ($0.int64(0), $0.string(1), $0.int64(2), $0.int64(3), $0.string(4)) }
        }
        #expect(rows.map(\.0) == (1...Int64(alerts)).map { $0 })
        #expect(rows.allSatisfy { $0.1 == "alert.raised" && $0.2 == $0.3 && $0.4 == "ingest" })
        #expect(rows.prefix(5).allSatisfy { $0.2 == 3 } && rows.dropFirst(5).allSatisfy { $0.2 == 2 })

        // A second batch an hour later updates every alert: a new hour row each, the first hour unchanged.
        t.advance(seconds: 3600)
        let later = try t.seed((0..<alerts).map { .alert(observation(t, $0)) })
        #expect(later.updated["alert"] == alerts && later.events == alerts)
        let hours = try t.store.withConnection { c in
            try c.query("SELECT hour, COUNT(*), SUM(n) FROM alert_hourly GROUP BY hour ORDER BY hour") { ($0.int64(0), $0.int64(1), $0.int64(2)) }
        }
        let h0 = t.now.milliseconds / 3_600_000 - 1
        #expect(hours.map(\.0) == [h0, h0 + 1])
        #expect(hours[0].1 == Int64(alerts) && hours[0].2 == Int64(records.count))
        #expect(hours[1].1 == Int64(alerts) && hours[1].2 == Int64(alerts))
    }

    // SQLite only: the v2 trigger never existed on PostgreSQL stores.
    @Test func aStoreFromBeforeTheWriterKeptTheRollUpLosesItsTrigger() throws {
        let t = try TempStore()
        try t.seed((0..<3).map { .alert(observation(t, $0)) })
        // Put the store back as an older Watchfloor left it: the v2 trigger in place, every migration before
        // "alert hourly by writer" applied.
        let v2 = Migrations.all[1].sql
        let trigger = String(v2[v2.range(of: "CREATE TRIGGER")!.lowerBound...])
        let before = try #require(Migrations.all.firstIndex { $0.name.hasSuffix("-alert-hourly-by-writer") })
        // Migrations after it are undone too, so that reopening applies them all again (the partial-index one drops
        // and recreates its indexes, so it needs no undo).
        let undoLater = """
            ALTER TABLE alerts ADD COLUMN sample TEXT; DROP TABLE alert_samples;
            DROP INDEX incidents_county; DROP INDEX hotline_county; DROP INDEX alerts_county;
            DROP INDEX opinion_topics_county; DROP INDEX events_copied;
            ALTER TABLE incidents DROP COLUMN county; ALTER TABLE hotline_cases DROP COLUMN county;
            ALTER TABLE alerts DROP COLUMN county; ALTER TABLE opinion_topics DROP COLUMN county;
            ALTER TABLE opinion_posts DROP COLUMN county; ALTER TABLE notes DROP COLUMN county;
            ALTER TABLE dead_letters DROP COLUMN county; ALTER TABLE events DROP COLUMN county;
            ALTER TABLE events DROP COLUMN origin_seq;
            DROP TABLE store_settings; DROP TABLE operator_counties; DROP TABLE county_copies;
            """
        #expect(Migrations.all.count == before + 4, "undo every migration after the one under test here")
        try t.store.withConnection { c in try c.execute(trigger + "\n" + undoLater + "\nPRAGMA user_version=\(before);") }
        let reopened = try Store(path: t.store.path)
        #expect(reopened.schemaVersion == Migrations.latestVersion)
        let triggers = try reopened.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM sqlite_schema WHERE type='trigger'") }
        #expect(triggers == 0)
        // Without the trigger nothing counts twice: the writer's adds alone keep the sum.
        try IngestWriter(store: reopened).write(IngestBatch(source: "test", records: [.alert(observation(t, 0))]))
        #expect(try reopened.withConnection { try $0.scalarInt("SELECT SUM(n) FROM alert_hourly") } == 4)
    }

    @Test(arguments: StoreEngine.allCases) func rebuildRecomputesTheRollUpFromTheEvents(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed((0..<40).map { .alert(observation(t, $0 % 10)) })
        let before = try t.store.withConnection { c in try c.query("SELECT hour, alert_id, n FROM alert_hourly ORDER BY 1, 2") { [$0.int64(0), $0.int64(1), $0.int64(2)] } }
        try t.store.withConnection { c in
            try c.execute("DELETE FROM alert_hourly")
            try AlertHourly.rebuild(c)
        }
        let after = try t.store.withConnection { c in try c.query("SELECT hour, alert_id, n FROM alert_hourly ORDER BY 1, 2") { [$0.int64(0), $0.int64(1), $0.int64(2)] } }
        #expect(before.count == 10 && before == after)
    }
}
