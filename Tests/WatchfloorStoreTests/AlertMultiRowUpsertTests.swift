import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Alerts are upserted many keys per statement: closed alerts among them still reopen, in order; keys that SQLite
/// would store alike (text ends at a NUL) fold into one row instead of failing the statement; the partial
/// asset and grid indexes still serve the queries that need them.
@Suite struct AlertMultiRowUpsertTests {
    func observation(_ t: TempStore, _ n: Int, sensor: String = "ids-dmz-01", secondsLater: Int64 = 0) -> AlertObservation {
        AlertObservation(at: t.now.adding(seconds: secondsLater), sensor: sensor, signatureID: 2001219,
                         signature: "ET SCAN Potential SSH Scan", level: .three, src: "203.0.113.\(n)", dest: "10.99.1.20:22")
    }

    func alertEvents(_ t: TempStore) throws -> [(id: Int64, topic: String)] {
        try t.store.withConnection { c in
            try c.query("SELECT CAST(entity_id AS INTEGER), topic FROM events WHERE entity_kind='alert' ORDER BY seq") {
                ($0.int64(0), $0.string(1))
            }
        }
    }

    @Test func closedAlertsInsideAMultiRowStatementReopenInOrder() throws {
        let t = try TempStore()
        let keys = IngestWriter.upsertRowsPerStatement + 8
        try t.seed((0..<keys).map { .alert(observation(t, $0)) })
        // Close every fifth alert, then see every key again plus two new ones, all in one batch.
        let closed = Set(stride(from: 1, through: Int64(keys), by: 5))
        for id in closed.sorted() { try OperatorActions(store: t.store, actor: "chenjing").close(alert: id) }
        let out = try t.seed((0..<(keys + 2)).map { .alert(observation(t, $0, secondsLater: 30)) })
        #expect(out.created["alert"] == 2 && out.updated["alert"] == keys && out.alertObservations == keys + 2)

        // The batch's events are the last ones: one per key, in first-seen order.
        let batch = try alertEvents(t).suffix(keys + 2)
        #expect(batch.map(\.id) == (1...Int64(keys + 2)).map { $0 })
        for e in batch {
            let expected = e.id > Int64(keys) ? "alert.raised" : closed.contains(e.id) ? "alert.reopened" : "alert.updated"
            #expect(e.topic == expected, "alert \(e.id)")
        }
        let rows = try t.store.withConnection { c in
            try c.query("SELECT id, count, status FROM alerts ORDER BY id") { ($0.int64(0), $0.int64(1), $0.string(2)) }
        }
        #expect(rows.count == keys + 2)
        #expect(rows.allSatisfy { $0.2 == "new" && $0.1 == ($0.0 > Int64(keys) ? 1 : 2) })
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT SUM(n) FROM alert_hourly") } == Int64(2 * keys + 2))
    }

    @Test func keysThatDifferOnlyAfterANulFoldIntoOneRow() throws {
        let t = try TempStore()
        let out = try t.seed([.alert(observation(t, 7, sensor: "ids\u{0}one")), .alert(observation(t, 7, sensor: "ids\u{0}two")),
                              .alert(observation(t, 8))])
        #expect(out.created["alert"] == 2 && out.alertObservations == 3)
        let again = try t.seed([.alert(observation(t, 7, sensor: "ids\u{0}three", secondsLater: 5))])
        #expect(again.updated["alert"] == 1 && again.created["alert"] == nil)
        let counts = try t.store.withConnection { c in try c.query("SELECT count FROM alerts ORDER BY id") { $0.int64(0) } }
        #expect(counts == [3, 1])
        #expect(IngestWriter.storedKey("a\u{0}b") == "a" && IngestWriter.storedKey("ab") == "ab")
    }

    @Test func partialAssetAndGridIndexesServeTheirQueries() throws {
        let t = try TempStore()
        func plan(_ sql: String) throws -> String {
            try t.store.withConnection { c in
                try c.query("EXPLAIN QUERY PLAN " + sql) { $0.string(3) }.joined(separator: "; ")
            }
        }
        #expect(try plan("UPDATE alerts SET incident_id='x' WHERE asset='a' AND last_seen>=5 AND incident_id IS NULL")
            .contains("INDEX alerts_asset"))
        #expect(try plan("SELECT id FROM alerts WHERE grid_id >= '990102' AND grid_id < '990102~'").contains("INDEX alerts_grid"))
        let partial = try t.store.withConnection { c in
            try c.query("PRAGMA index_list(alerts)") { ($0.string(1), $0.int64(4)) }
        }
        // The county index is partial too: most alerts are the store's own county's (NULL).
        #expect(partial.filter { $0.1 == 1 }.map(\.0).sorted() == ["alerts_asset", "alerts_county", "alerts_grid"])
    }
}
