import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// The alert hot path (one upsert per distinct key, event data written as text): the same rows, counts, topics
/// and hourly figures as an insert-or-update would give, and valid JSON whatever the signature holds.
@Suite struct AlertUpsertTests {
    func observation(_ t: TempStore, signature: String = "ET SCAN Potential SSH Scan", src: String = "203.0.113.7",
                     level: Level = .three, raw: String? = nil, secondsLater: Int64 = 0) -> AlertObservation {
        AlertObservation(at: t.now.adding(seconds: secondsLater), sensor: "ids-dmz-01", signatureID: 2001219, signature: signature,
                         level: level, src: src, dest: "10.99.1.20:22", raw: raw)
    }

    func events(_ t: TempStore) throws -> [(String, String)] {
        try t.store.withConnection { c in
            try c.query("""
                SELECT topic, data FROM events WHERE entity_kind='alert' AND topic IN ('alert.raised','alert.updated','alert.reopened')
                ORDER BY seq
                """) { ($0.string(0), $0.string(1)) }
        }
    }

    @Test(arguments: StoreEngine.allCases) func raiseUpdateAndReopenThroughOneStatement(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let first = try t.seed([.alert(observation(t)), .alert(observation(t, level: .two, secondsLater: 5)),
                                .alert(observation(t, src: "198.51.100.9"))])
        #expect(first.created["alert"] == 2 && first.updated["alert"] == nil && first.alertObservations == 3)
        let again = try t.seed([.alert(observation(t, secondsLater: 60))])
        #expect(again.created["alert"] == nil && again.updated["alert"] == 1)

        let row = try t.store.withConnection { c in
            try c.queryOne("SELECT count, level, first_seen, last_seen, status FROM alerts WHERE src='203.0.113.7'") {
                ($0.int64(0), $0.int64(1), $0.int64(2), $0.int64(3), $0.string(4))
            }
        }!
        #expect(row.0 == 3 && row.1 == 2 && row.2 == t.now.milliseconds && row.3 == t.now.adding(seconds: 60).milliseconds && row.4 == "new")

        let id = try t.store.withConnection { try $0.scalarInt("SELECT id FROM alerts WHERE src='203.0.113.7'") }!
        try OperatorActions(store: t.store, actor: "chenjing").close(alert: id)
        let reopened = try t.seed([.alert(observation(t, secondsLater: 120))])
        #expect(reopened.updated["alert"] == 1)
        #expect(try events(t).map(\.0) == ["alert.raised", "alert.raised", "alert.updated", "alert.reopened"])
        let status = try t.store.withConnection { try $0.queryOne("SELECT status, count FROM alerts WHERE id=?", [.int(id)]) { ($0.string(0), $0.int64(1)) } }!
        #expect(status.0 == "new" && status.1 == 4)
        // The hourly roll-up (kept by the writer) adds up to every observation.
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT SUM(n) FROM alert_hourly") } == 5)
    }

    @Test(arguments: StoreEngine.allCases) func eventDataIsValidJSONWhateverTheSignature(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let tricky = ["ET \"quoted\" \\ backslash", "告警：可疑 SSH 扫描", "tab\there", "plain ASCII signature"]
        try t.seed(tricky.enumerated().map { .alert(observation(t, signature: $1, src: "192.0.2.\($0 + 1)")) })
        let data = try events(t).map(\.1)
        #expect(data.count == 4)
        for (text, expected) in zip(data, tricky) {
            let parsed = try JSONParser.parse(text)
            #expect(parsed["signature"]?.string == expected.replacingOccurrences(of: "\t", with: " "), "\(text)")
            #expect(parsed["delta"]?.int == 1)
        }
    }

    @Test(arguments: StoreEngine.allCases) func samplesAreSanitisedUnlessPlainASCII(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let plain = "{\"event_type\":\"alert\",\"src_ip\":\"203.0.113.7\"}"
        let hostile = "{\"signature\":\"\u{1B}]0;pwned\u{07}x\u{1B}[2J\"}"
        try t.seed([.alert(observation(t, raw: plain)), .alert(observation(t, src: "192.0.2.1", raw: hostile))])
        let samples = try t.store.withConnection { try $0.query("SELECT sample FROM alert_samples ORDER BY alert_id") { $0.string(0) } }
        #expect(samples == [plain, "{\"signature\":\"x\"}"])
        #expect(IngestWriter.isPrintableASCII(plain))
        for bad in ["a\u{7F}bcdefghij", "abcdefgh\u{1F}", "abcdefghi\u{80}", "中文", "\t"] { #expect(!IngestWriter.isPrintableASCII(bad), "\(bad.debugDescription)") }
        #expect(IngestWriter.isPrintableASCII(""))
        #expect(IngestWriter.isPrintableASCII(String(repeating: "~ !", count: 40)))
    }
}
