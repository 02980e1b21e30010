import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// A feed that re-sends the same record every poll must not bury the item's notes (and the handover's notes
/// section) under the same "feed says …; kept …" line: one note per disagreement, again after anything else.
@Suite struct FeedConflictNoteTests {
    @Test(arguments: StoreEngine.allCases) func aRepeatedConflictIsNotedOnceUntilSomethingElseIsNoted(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let sent = t.incident(level: .four, title: "河口村水位上涨")
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        let ops = OperatorActions(store: t.store, actor: "王伟")
        try ops.escalate(incident: id)
        for _ in 0..<5 { try t.seed([.incident(sent)]) }
        var notes = try t.store.withConnection { try NoteRepository.forEntity($0, kind: "incident", id: id) }.map(\.text)
        #expect(notes == ["feed says level Ⅳ; kept Ⅲ set by 王伟"])
        try ops.escalate(incident: id)
        try t.seed([.incident(sent)])
        try t.seed([.incident(sent)])
        _ = try ops.addNote(kind: "incident", id: id, text: "已通知河口村")
        try t.seed([.incident(sent)])
        notes = try t.store.withConnection { try NoteRepository.forEntity($0, kind: "incident", id: id) }.map(\.text)
        #expect(notes == ["feed says level Ⅳ; kept Ⅲ set by 王伟", "feed says level Ⅳ; kept Ⅱ set by 王伟", "已通知河口村",
                          "feed says level Ⅳ; kept Ⅱ set by 王伟"])
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    @Test(arguments: StoreEngine.allCases) func twoConflictsInEachReSendAreEachNotedOnce(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var sent = t.incident(level: .four)
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        let ops = OperatorActions(store: t.store, actor: "lina")
        try ops.escalate(incident: id)
        try ops.acknowledge(incident: id)
        sent.status = .resolved; sent.resolvedAt = t.now
        for _ in 0..<3 { try t.seed([.incident(sent)]) }
        let notes = try t.store.withConnection { try NoteRepository.forEntity($0, kind: "incident", id: id) }.map(\.text)
        #expect(notes == ["feed says level Ⅳ; kept Ⅲ set by lina", "feed says status resolved; kept acknowledged set by lina"])
    }

    @Test(arguments: StoreEngine.allCases) func aRepeatedHotlineConflictIsNotedOnce(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let h = HotlineCase(ticket: "12345-77", receivedAt: t.now, type: .complaint, summary: "夜间施工噪音")
        try t.seed([.hotline(h)])
        try OperatorActions(store: t.store, actor: "lina").accept(hotline: "12345-77")
        for _ in 0..<4 { try t.seed([.hotline(h)]) }
        let notes = try t.store.withConnection { try NoteRepository.forEntity($0, kind: "hotline", id: "12345-77") }.map(\.text)
        #expect(notes == ["feed says status new; kept accepted set by lina"])
    }
}
