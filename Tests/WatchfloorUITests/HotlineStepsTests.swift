import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// 12345 steps as the platform does them: the reply asks for its text, the call-back for the result and the
/// satisfaction, and the full phone number shows for a minute, audited.
@Suite(.serialized) struct HotlineStepsTests {
    static let ticket = "12345-20261119-0042"

    func hotline(_ store: Store) throws -> HotlineCase {
        try #require(try store.withConnection { try HotlineRepository.get($0, ticket: Self.ticket) })
    }

    /// Focus the hotline pane and put the cursor on the inquiry case.
    func focusCase(_ rt: UIRuntime) {
        UIFixture.press(rt, .char("3"), .char("g"))
        for _ in 0..<5 where rt.model.panes[.hotline]?.selectedItem?.ref != .hotline(Self.ticket) { UIFixture.press(rt, .char("j")) }
    }

    @Test func replyAsksForTheTextAndCallBackForResultAndSatisfaction() throws {
        let store = try UIFixture.store("hotline-steps")
        let ops = OperatorActions(store: store, actor: "lina")
        try ops.accept(hotline: Self.ticket)
        try ops.transfer(hotline: Self.ticket, to: "县农业农村局")
        let (rt, backend) = try UIFixture.runtime(store)
        focusCase(rt)
        UIFixture.press(rt, .char("p"))
        #expect(UIFixture.screenText(backend).contains("答复市民的内容"), "p asks for the reply text")
        #expect(try hotline(store).status == .transferred, "nothing recorded before the text is given")
        UIFixture.type(rt, "补贴将于12月上旬发放")
        UIFixture.press(rt, .enter)
        #expect(try hotline(store).status == .replied)
        let notes = try store.withConnection { try NoteRepository.forEntity($0, kind: "hotline", id: Self.ticket) }
        #expect(notes.map(\.text).contains("补贴将于12月上旬发放"))

        focusCase(rt)
        UIFixture.press(rt, .char("b"))
        UIFixture.type(rt, "已电话告知，市民认可")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("[2] 基本满意"), "then asks for the satisfaction")
        #expect(try hotline(store).status == .replied)
        UIFixture.press(rt, .char("2"))
        let done = try hotline(store)
        #expect(done.status == .callbackDone && done.callbackResult == "已电话告知，市民认可"
                && done.satisfaction == .basicallySatisfied)
    }

    @Test func revealPhoneShowsTheFullNumberForAMinuteAndIsAudited() throws {
        let store = try UIFixture.store("reveal")
        let (rt, backend) = try UIFixture.runtime(store)
        focusCase(rt)
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("0871-661*3456") || !UIFixture.screenText(backend).contains("0871-66123456"))
        UIFixture.press(rt, .char("v"))
        #expect(UIFixture.screenText(backend).contains("0871-66123456"), "\(UIFixture.screenText(backend))")
        let audited = try store.withConnection { try EventLog.timeline($0, kind: "hotline", id: Self.ticket) }
        #expect(audited.contains { $0.topic == "hotline.reveal_phone" && $0.actor == "wangwei" && $0.hash != nil })
        rt.send(.tick(UIFixture.now.adding(seconds: 61)))
        rt.render()
        #expect(!UIFixture.screenText(backend).contains("0871-66123456"), "masked again after a minute")
    }

    @Test func readOnlyHidesTheWriteKeysAndShowsABadge() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("ro"), width: 120, height: 40, language: .en,
                                                  readOnly: true)
        #expect(UIFixture.screenText(backend).contains("READ-ONLY"))
        UIFixture.press(rt, .char("3"), .char("?"))
        let help = UIFixture.screenText(backend)
        #expect(help.contains("Move down"))
        #expect(!help.contains(" Acknowledge "), "the help row of a write key (the table says Acknowledged)")
        #expect(!help.contains("Show full phone"))
    }
}
