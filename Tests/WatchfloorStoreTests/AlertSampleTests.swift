import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// An alert's raw sample lives in `alert_samples`, out of the hot `alerts` rows: written once when the alert is
/// raised (the first observation's record, sanitised and capped), never rewritten by later observations or a
/// reopen, and read back by `AlertRepository.get` (`watchfloor show ALT-n`), not by lists. A store from before the
/// move keeps every sample.
@Suite struct AlertSampleTests {
    func observation(_ t: TempStore, _ n: Int, secondsLater: Int64 = 0, raw: String?) -> AlertObservation {
        AlertObservation(at: t.now.adding(seconds: secondsLater), sensor: "ids-dmz-01", signatureID: 2_019_401,
                         signature: "ET WEB_SERVER SQL Injection", level: .three, src: "203.0.113.\(n)",
                         dest: "10.99.1.20:443", raw: raw)
    }

    func samples(_ t: TempStore) throws -> [Int64: String] {
        try t.store.withConnection { c in
            Dictionary(uniqueKeysWithValues: try c.query("SELECT alert_id, sample FROM alert_samples") { ($0.int64(0), $0.string(1)) })
        }
    }

    @Test(arguments: StoreEngine.allCases) func theFirstObservationIsTheSampleAndLaterOnesLeaveIt(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        // More alerts than one multi-row statement holds, each seen twice in the batch; one without a raw record.
        let n = AlertEventWrites.rowsPerStatement + 5
        try t.seed((0..<n).flatMap { i in
            [IngestRecord.alert(observation(t, i, raw: i == 3 ? nil : "{\"first\":\(i)}")),
             .alert(observation(t, i, secondsLater: 1, raw: "{\"second\":\(i)}"))]
        })
        var stored = try samples(t)
        #expect(stored.count == n - 1)
        #expect(stored[1] == "{\"first\":0}" && stored[Int64(n)] == "{\"first\":\(n - 1)}" && stored[4] == nil)

        // Later batches bump counts and a closed alert reopens: the samples stay the first observation's.
        _ = try OperatorActions(store: t.store, actor: "chenjing").close(alert: 2)
        let later = try t.seed((0..<n).map { .alert(observation(t, $0, secondsLater: 60, raw: "{\"later\":\($0)}")) })
        #expect(later.updated["alert"] == n && later.created["alert"] == nil)
        stored = try samples(t)
        #expect(stored.count == n - 1 && stored[2] == "{\"first\":1}")

        let shown = try t.store.withConnection { try AlertRepository.get($0, id: 1) }
        #expect(shown?.sample == "{\"first\":0}" && shown?.count == 3)
        #expect(try t.store.withConnection { try AlertRepository.get($0, id: 4) }?.sample == nil)
        let listed = try t.store.withConnection { try AlertRepository.list($0, ListFilter(limit: 1_000)) }
        // Lists leave the sample out (nothing shows it there); each alert still has its own.
        #expect(listed.count == n && listed.allSatisfy { $0.sample == nil })
        for a in listed { #expect(try t.store.withConnection { try AlertRepository.get($0, id: a.id) }?.sample == stored[a.id]) }
    }

    /// (Sanitising is `AlertUpsertTests.samplesAreSanitisedUnlessPlainASCII`.)
    @Test func samplesAreCappedAtTheRawLimit() throws {
        let t = try TempStore()
        let writer = IngestWriter(store: t.store)
        writer.rawLimit = 64
        let long = "{\"pad\":\"" + String(repeating: "x", count: 500) + "\"}"
        try writer.write(IngestBatch(source: "test", records: [.alert(observation(t, 1, raw: long))]))
        #expect(try samples(t)[1] == String(long.prefix(64)))
    }

    // SQLite only: a store written before the move has the sample column in `alerts`.
    @Test func aStoreFromBeforeTheMoveKeepsItsSamples() throws {
        let t = try TempStore()
        try t.seed([.alert(observation(t, 1, raw: "{\"old\":1}")), .alert(observation(t, 2, raw: nil))])
        let version = try #require(Migrations.all.firstIndex { $0.name == "alert-samples-own-table" })
        #expect(version == Migrations.all.count - 1, "undo every migration after the one under test here")
        try t.store.withConnection { c in
            try c.execute("""
                ALTER TABLE alerts ADD COLUMN sample TEXT;
                UPDATE alerts SET sample = (SELECT sample FROM alert_samples WHERE alert_id = alerts.id);
                DROP TABLE alert_samples;
                PRAGMA user_version=\(version);
                """)
        }
        let reopened = try Store(path: t.store.path)
        #expect(reopened.schemaVersion == Migrations.latestVersion)
        let columns = try reopened.withConnection { c in try c.query("SELECT name FROM pragma_table_info('alerts')") { $0.string(0) } }
        #expect(!columns.contains("sample") && columns.contains("county"))
        let alerts = try reopened.withConnection { c in try [1, 2].map { try AlertRepository.get(c, id: $0) } }
        #expect(alerts.map { $0?.sample } == ["{\"old\":1}", nil] && alerts.allSatisfy { $0 != nil })
    }
}
