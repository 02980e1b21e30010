import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// A CAP thread (Alert, its Updates, its Cancel) is one incident whichever message each later one references
/// and in whichever order they arrive: Updates and Cancels often reference only the original Alert.
@Suite struct CAPThreadOrderTests {
    func message(_ t: TempStore, _ ref: String, level: Level = .two) -> Incident {
        Incident(id: "", source: "cap", sourceRef: ref, category: .naturalDisaster, level: level,
                 title: "暴雨预警 \(ref)", reportedAt: t.now)
    }

    func incidents(_ t: TempStore) throws -> [(status: String, ref: String, title: String)] {
        try t.store.withConnection { c in
            try c.query("SELECT status, source_ref, title FROM incidents ORDER BY id", []) { ($0.string(0), $0.string(1), $0.string(2)) }
        }
    }

    func cancel(_ t: TempStore, _ refs: [String]) -> IngestRecord {
        .incidentCancel(source: "cap", sourceRefs: refs, at: t.now, reason: "预警解除")
    }

    @Test(arguments: StoreEngine.allCases) func aCancelOfTheOriginalAlertAfterAnUpdateClosesTheThread(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(message(t, "A"))])
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        let out = try t.seed([cancel(t, ["A"])])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed", "\(rows)")
        #expect(out.updated["incident"] == 1)
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM pending_references WHERE kind='cancel'") } == 0)
    }

    @Test(arguments: StoreEngine.allCases) func updateThenAlertThenCancelOfTheAlert(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        try t.seed([.incident(message(t, "A"))])
        try t.seed([cancel(t, ["A"])])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed" && rows[0].ref == "B", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func cancelThenUpdateThenAlertIsOneClosedIncident(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([cancel(t, ["A"])])
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        try t.seed([.incident(message(t, "A"))])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed" && rows[0].ref == "B", "\(rows)")
        t.advance(seconds: 3600)
        #expect(try Escalator(store: t.store).run(now: t.now).isEmpty)
    }

    @Test(arguments: StoreEngine.allCases) func theSameShuffleInOneBatch(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([cancel(t, ["A"]), .incident(message(t, "B"), supersedes: ["A"]), .incident(message(t, "A"))])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func aCancelOfEveryMessageBeforeAnyOfThem(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([cancel(t, ["A", "B", "A"])])
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        try t.seed([.incident(message(t, "A"))])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func aCancelOfTheUpdateBeforeTheUpdateOfAKnownAlert(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(message(t, "A"))])
        try t.seed([cancel(t, ["B"])])
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].status == "closed" && rows[0].ref == "B", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func everyUpdateReferencingTheOriginalUpdatesOneIncident(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(message(t, "A", level: .three))])
        try t.seed([.incident(message(t, "B", level: .two), supersedes: ["A"])])
        try t.seed([.incident(message(t, "C", level: .one), supersedes: ["A"])])
        try t.seed([.incident(message(t, "B", level: .two), supersedes: ["A"])])   // B re-sent late: older content
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].ref == "C" && rows[0].title == "暴雨预警 C", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func updatesInReverseOrderKeepTheNewest(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(message(t, "C"), supersedes: ["A", "B"])])
        try t.seed([.incident(message(t, "B"), supersedes: ["A"])])
        try t.seed([.incident(message(t, "A"))])
        let rows = try incidents(t)
        #expect(rows.count == 1 && rows[0].ref == "C" && rows[0].title == "暴雨预警 C", "\(rows)")
    }
}
