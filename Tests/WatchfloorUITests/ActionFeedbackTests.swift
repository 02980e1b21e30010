import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Actions run off the loop: a busy store shows in the status bar while the loop keeps going, and the action
/// lands once the lock goes. Refusals say whether someone else won or a rule forbids it.
@Suite(.serialized) struct ActionFeedbackTests {
    @Test func busyStoreIsShownAndTheAcknowledgementLandsAfterTheLockGoes() throws {
        let store = try UIFixture.store("busy")
        let (rt, backend) = try UIFixture.runtime(store)
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        // Another process's write lock, as `sqlite3` with `BEGIN IMMEDIATE` holds it.
        let other = try Connection(path: store.path, create: false)
        try other.execute("BEGIN IMMEDIATE")
        rt.send(.key(.char("a")))
        var sawBusy = false
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && !sawBusy {
            rt.step()                                          // the loop keeps running meanwhile
            sawBusy = UIFixture.screenText(backend).contains("存储忙")
        }
        #expect(sawBusy, "status bar says the store is busy")
        #expect(UIFixture.screenText(backend).contains("处理中 \(ref.id)"))
        #expect(try store.read { try IncidentRepository.get($0, id: ref.id) }?.status == .new)
        try other.execute("COMMIT")
        rt.finishActions()
        rt.render()
        #expect(try store.read { try IncidentRepository.get($0, id: ref.id) }?.ackedBy == "wangwei")
        let text = UIFixture.screenText(backend)
        #expect(text.contains("已确认 \(ref.id)") && text.contains("存储正常") && !text.contains("处理中"))
    }

    @Test func closingADispatchedIncidentSaysWhichStateAllowsIt() throws {
        let store = try UIFixture.store("rule")
        let (rt, backend) = try UIFixture.runtime(store, language: .en)
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        let ops = OperatorActions(store: store, actor: "wangwei")
        try ops.acknowledge(incident: ref.id)
        try ops.assign(incident: ref.id, to: "城关派出所")
        try UIFixture.deliverNewEvents(rt, after: 0)
        UIFixture.press(rt, .char("c"))
        if UIFixture.screenText(backend).contains("[y]") { UIFixture.press(rt, .char("y")) }
        let text = UIFixture.screenText(backend)
        #expect(text.contains("only a resolved incident can be closed (it is dispatched)"), "\(text)")
        #expect(!text.contains("already"))
    }
}

/// Two operators escalate the same incident from the same screen state: the UI sends the version each saw, so
/// exactly one escalation lands and the other is told who won.
@Suite(.serialized) struct EscalationRaceTests {
    @Test func twoOperatorsEscalatingAtOnceMakeOneWinner() throws {
        let store = try UIFixture.store("escalate-race")
        let (wang, _) = try UIFixture.runtime(store, operator: "wangwei")
        let (lina, linaScreen) = try UIFixture.runtime(store, operator: "lina")
        UIFixture.press(wang, .char("j"))
        UIFixture.press(lina, .char("j"))
        let ref = try #require(wang.model.panes[.incidents]?.selectedItem?.ref)
        #expect(lina.model.panes[.incidents]?.selectedItem?.ref == ref)
        let before = try #require(try store.read { try IncidentRepository.get($0, id: ref.id) })
        UIFixture.press(wang, .char("e"), .char("y"))
        UIFixture.press(lina, .char("e"), .char("y"))
        let after = try #require(try store.read { try IncidentRepository.get($0, id: ref.id) })
        #expect(after.escalations == before.escalations + 1, "one winner")
        #expect(UIFixture.screenText(linaScreen).contains("已由 王伟 于 14:02 升级"), "\(UIFixture.screenText(linaScreen))")
    }
}
