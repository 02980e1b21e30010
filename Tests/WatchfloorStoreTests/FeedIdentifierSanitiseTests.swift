import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Identifiers are feed text too: a JSONL `id`, a CAP identifier, a 12345 ticket or a grid code with an escape
/// sequence, a bidi override or NUL must not be stored raw (and NUL must not cut the id short in SQLite).
@Suite struct FeedIdentifierSanitiseTests {
    static let hostile = "\u{1B}[31mX\u{1B}]0;PWNED\u{07}\u{9B}2J\u{202E}\u{2066}\u{200B}\u{0}Y"

    func isClean(_ s: String?) -> Bool {
        !(s ?? "").unicodeScalars.contains {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value) || $0.value == 0x200B
        }
    }

    @Test(arguments: StoreEngine.allCases) func incidentIdsRefsAndGridsAreSanitisedAndMatchAgain(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let h = FeedIdentifierSanitiseTests.hostile
        let sent = Incident(id: "INC-20261201-0901" + h, source: "cap", sourceRef: "CN" + h, category: .naturalDisaster,
                            level: .three, title: "大风蓝色预警", gridID: "9901" + h, reportedAt: t.now)
        let ids = try t.seed([.incident(sent)]).incidentIDs
        #expect(ids == ["INC-20261201-0901XY"])
        let got = try #require(try t.store.withConnection { try IncidentRepository.get($0, id: ids[0]) })
        #expect(isClean(got.id) && isClean(got.sourceRef) && isClean(got.gridID), "\(got.id.debugDescription)")
        #expect(got.sourceRef == "CNXY")
        // The same hostile id re-sent updates the same row; a Cancel with the same hostile reference finds it.
        try t.seed([.incident(sent)])
        try t.seed([.incidentCancel(source: "cap", sourceRefs: ["CN" + h], at: t.now, reason: nil)])
        let rows = try t.store.withConnection { try $0.query("SELECT id, status FROM incidents", []) { ($0.string(0), $0.string(1)) } }
        #expect(rows.count == 1 && rows[0].1 == "closed", "\(rows)")
    }

    @Test(arguments: StoreEngine.allCases) func hotlineTicketsAreSanitised(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let h = FeedIdentifierSanitiseTests.hostile
        try t.seed([.hotline(HotlineCase(ticket: "T-1" + h, receivedAt: t.now, type: .complaint, summary: "噪音", gridID: "9901" + h))])
        let rows = try t.store.withConnection { try $0.query("SELECT ticket, grid_id FROM hotline_cases", []) { ($0.string(0), $0.stringOptional(1)) } }
        #expect(rows.count == 1 && rows[0].0 == "T-1XY" && isClean(rows[0].1), "\(rows)")
        let events = try t.store.withConnection { try EventLog.timeline($0, kind: "hotline", id: "T-1XY") }
        #expect(!events.isEmpty)
    }
}
