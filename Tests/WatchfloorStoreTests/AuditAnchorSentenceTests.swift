import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// `audit verify --against` must not call a log "truncated" when its chain goes on past the anchor: an anchor
/// naming an event that is not audited here (an edited document, or one from another store) is a mismatch.
@Suite struct AuditAnchorSentenceTests {
    @Test(arguments: StoreEngine.allCases) func anAnchorInsideTheChainThatIsNotThereIsNotATruncation(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]   // event #1 (unaudited)
        try OperatorActions(store: t.store, actor: "lina").acknowledge(incident: id)
        let head = try #require(try t.store.withConnection { try AuditChain.head($0) })
        let forged = AuditHead(seq: 1, hash: String(repeating: "0", count: 64))
        let check = try t.store.withConnection { try AuditChain.check($0, anchor: forged) }
        #expect(!check.ok)
        #expect(!check.sentence(forged).contains("truncated"), "\(check.sentence(forged))")
        #expect(check.sentence(forged).contains("#\(head.seq)"))
        let past = AuditHead(seq: head.seq + 5, hash: head.hash)
        #expect(try t.store.withConnection { try AuditChain.check($0, anchor: past) }.sentence(past).contains("truncated"))
    }
}
