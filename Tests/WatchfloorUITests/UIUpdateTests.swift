import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Keys → actions → store state, refusals, live bus refreshes, the grid filter, read-only and remapped keys.
@Suite struct UIUpdateTests {
    func incident(_ store: Store, _ id: String) throws -> Incident {
        try #require(try store.withConnection { try IncidentRepository.get($0, id: id) })
    }

    @Test func aAcknowledgesTheSelectedIncidentAsTheOperator() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store)
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        guard case .incident(let id) = ref else { Issue.record("not an incident"); return }
        #expect(try incident(store, id).status == .new)
        UIFixture.press(rt, .char("a"))
        let after = try incident(store, id)
        #expect(after.status == .acknowledged)
        #expect(after.ackedBy == "wangwei")
        #expect(UIFixture.screenText(backend).contains("已确认 \(id)"))
    }

    @Test func aSecondOperatorIsToldWhoAcknowledgedFirst() throws {
        let store = try UIFixture.store()
        let (lina, linaScreen) = try UIFixture.runtime(store, operator: "lina")
        let (wang, _) = try UIFixture.runtime(store, operator: "wangwei")
        UIFixture.press(wang, .char("a"))                     // wangwei wins; lina's screen has not refreshed yet
        let ref = try #require(lina.model.panes[.incidents]?.selectedItem?.ref)
        UIFixture.press(lina, .char("a"))
        let text = UIFixture.screenText(linaScreen)
        #expect(text.contains("已由 王伟 于 14:02 确认"), "\(text)")
        #expect(try incident(store, ref.id).ackedBy == "wangwei")
        // …and her panes were refreshed: the row now shows wangwei.
        #expect(text.split(separator: "\n").contains { $0.contains("石门水库") && $0.contains("wangwei") })
    }

    @Test func englishRefusalNamesTheOperatorToo() throws {
        let store = try UIFixture.store()
        let (lina, screen) = try UIFixture.runtime(store, language: .en, operator: "lina")
        let ref = try #require(lina.model.panes[.incidents]?.selectedItem?.ref)
        try OperatorActions(store: store, actor: "wangwei").acknowledge(incident: ref.id)
        UIFixture.press(lina, .char("a"))
        #expect(UIFixture.screenText(screen).contains("already acknowledged by 王伟 at 14:02"))
    }

    @Test func navigationKeysNeverWriteToTheStore() throws {
        let store = try UIFixture.store()
        let (rt, _) = try UIFixture.runtime(store)
        let before = try UIFixture.latestSeq(store)
        let keys: [Key] = [.char("j"), .char("k"), .down, .up, .tab, .backTab, .char("1"), .char("2"), .char("3"),
                           .char("4"), .pageDown, .pageUp, .enter, .escape, .char("z"), .char("z"), .char("?"), .escape,
                           .ctrl("l"), .left, .right, .char("g"), .escape]
        for k in keys { UIFixture.press(rt, k) }
        #expect(try UIFixture.latestSeq(store) == before)
        #expect(!rt.model.wantsQuit)
    }

    @Test func closeWaitsForConfirmation() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store)
        UIFixture.press(rt, .char("j"), .char("j"), .char("j"))   // the resolved incident (last in attention order)
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        #expect(try incident(store, ref.id).status == .resolved)
        UIFixture.press(rt, .char("c"))
        #expect(UIFixture.screenText(backend).contains("关闭事件？"))
        #expect(try incident(store, ref.id).status == .resolved)
        UIFixture.press(rt, .char("n"))
        #expect(try incident(store, ref.id).status == .resolved)
        UIFixture.press(rt, .char("c"), .char("y"))
        #expect(try incident(store, ref.id).status == .closed)
    }

    @Test func assignAsksToWhomThenAssigns() throws {
        let store = try UIFixture.store()
        let (rt, _) = try UIFixture.runtime(store)
        UIFixture.press(rt, .char("j"))                          // the Ⅱ incident, still new: acknowledge first
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        UIFixture.press(rt, .char("a"), .char("s"))
        UIFixture.type(rt, "县交警大队")
        UIFixture.press(rt, .enter)
        let i = try incident(store, ref.id)
        #expect(i.status == .dispatched)
        #expect(i.assignee == "县交警大队")
    }

    @Test func hotlineAcceptAndTransferAskForTheDepartment() throws {
        let store = try UIFixture.store()
        let (rt, _) = try UIFixture.runtime(store)
        UIFixture.press(rt, .char("3"))
        let ref = try #require(rt.model.panes[.hotline]?.selectedItem?.ref)
        #expect(ref == .hotline("12345-20261116-0007"))       // the overdue case is first (deadline order)
        UIFixture.press(rt, .char("a"))
        // The cursor holds its row after the action; go back to the accepted case to transfer it.
        UIFixture.press(rt, .char("g"))
        for _ in 0..<5 where rt.model.panes[.hotline]?.selectedItem?.ref != ref { UIFixture.press(rt, .char("j")) }
        UIFixture.press(rt, .char("t"))
        UIFixture.type(rt, "县住建局")
        UIFixture.press(rt, .enter)
        let h = try #require(try store.withConnection { try HotlineRepository.get($0, ticket: ref.id) })
        #expect(h.status == .transferred)
        #expect(h.department == "县住建局")
    }

    @Test func busEventsRefreshThePanesWithoutAKey() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store)
        let seq = try UIFixture.latestSeq(store)
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .incident(Incident(id: "", source: "110联动", sourceRef: "new-1", category: .productionSafety, level: .one,
                               title: "青石镇烟花爆竹仓库起火", reportedAt: UIFixture.now)),
        ]))
        #expect(!UIFixture.screenText(backend).contains("青石镇烟花爆竹仓库起火"))
        try UIFixture.deliverNewEvents(rt, after: seq)
        let text = UIFixture.screenText(backend)
        #expect(text.contains("青石镇烟花爆竹仓库起火"))
        #expect(text.contains("未确认Ⅰ/Ⅱ级 3"))
    }

    /// The real loop with the real BusWatcher thread: a write shows up within 100 ms without a key.
    @Test func theLoopPicksUpCommitsFromTheBusWatcher() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store, watchBus: true)
        defer { rt.stop() }
        let other = try Store(path: store.path)                 // another connection, as another process would have
        other.clock = { UIFixture.now }
        try OperatorActions(store: other, actor: "zhangmin").acknowledge(incident: rt.model.panes[.incidents]!.selectedItem!.ref.id)
        let start = Date()
        while Date().timeIntervalSince(start) < 2, !UIFixture.screenText(backend).contains("已确认 zhangmin") { rt.step() }
        let elapsed = Date().timeIntervalSince(start)
        #expect(UIFixture.screenText(backend).contains("已确认 zhangmin"))
        #expect(elapsed < 0.15, "took \(elapsed) s")
    }

    @Test func gridFilterAppliesToEveryPaneAndShowsInTitles() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store)
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "grid 990102001")
        UIFixture.press(rt, .enter)
        #expect(rt.model.gridFilter == "990102001")
        guard case .incidents(let inc, _, _)? = rt.model.panes[.incidents]?.data,
              case .hotline(let hot, _, _)? = rt.model.panes[.hotline]?.data,
              case .alerts(let al, _, _)? = rt.model.panes[.alerts]?.data else { Issue.record("no data"); return }
        #expect(!inc.isEmpty && inc.allSatisfy { $0.gridID?.hasPrefix("990102001") ?? false })
        #expect(!hot.isEmpty && hot.allSatisfy { $0.gridID?.hasPrefix("990102001") ?? false })
        #expect(!al.isEmpty && al.allSatisfy { $0.alert.gridID?.hasPrefix("990102001") ?? false })
        let text = UIFixture.screenText(backend)
        #expect(text.contains("1 事件 · 网格 城关镇"))
        #expect(text.contains("3 12345 工单 · 网格 城关镇"))
        #expect(!text.contains("石门水库"))
        UIFixture.press(rt, .escape)
        #expect(rt.model.gridFilter == nil)
        #expect(UIFixture.screenText(backend).contains("石门水库"))
    }

    @Test func textFilterNarrowsTheFocusedPane() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store())
        UIFixture.press(rt, .char("/"))
        UIFixture.type(rt, "水库")
        UIFixture.press(rt, .enter)
        #expect(rt.model.panes[.incidents]?.total == 1)
        #expect(UIFixture.screenText(backend).contains("1 事件 · /水库"))
    }

    @Test func readOnlyRemovesWritingKeys() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store, readOnly: true)
        let before = try UIFixture.latestSeq(store)
        UIFixture.press(rt, .char("a"), .char("c"), .char("y"), .char("r"), .char("e"))
        #expect(try UIFixture.latestSeq(store) == before)
        UIFixture.press(rt, .char("?"))
        let text = UIFixture.screenText(backend)
        #expect(text.contains("只读"))
        #expect(!text.contains("添加备注"))
    }

    @Test func ambiguousWideSettingIsReadAndChecked() throws {
        var settings = WatchfloorSettings()
        settings.raw = try TOML.parse("[ui]\nambiguous_wide = true\n")
        #expect(try WatchfloorApp.prepare(settings: settings, operator: "wangwei", language: .zh, theme: nil,
                                          handover: nil, readOnly: false).ambiguousWide)
        settings.raw = try TOML.parse("[ui]\n")
        #expect(!(try WatchfloorApp.prepare(settings: settings, operator: "wangwei", language: .zh, theme: nil,
                                            handover: nil, readOnly: false).ambiguousWide))
        settings.raw = try TOML.parse("[ui]\nambiguous_wide = \"yes\"\n")
        #expect(throws: UISetupError.self) {
            try WatchfloorApp.prepare(settings: settings, operator: "wangwei", language: .zh, theme: nil,
                                      handover: nil, readOnly: false)
        }
    }

    @Test func remappedKeysFromSettingsAct() throws {
        var settings = WatchfloorSettings()
        settings.raw = try TOML.parse("[ui]\nbell = true\n[ui.keys]\nacknowledge = [\"A\"]\n")
        let setup = try WatchfloorApp.prepare(settings: settings, operator: "wangwei", language: .zh, theme: nil,
                                              handover: nil, readOnly: false)
        #expect(setup.config.bell)
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store, keyMap: setup.keyMap)
        let ref = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        UIFixture.press(rt, .char("a"))
        #expect(try incident(store, ref.id).status == .new)
        UIFixture.press(rt, .char("A"))
        #expect(try incident(store, ref.id).status == .acknowledged)
        UIFixture.press(rt, .char("?"))
        #expect(UIFixture.screenText(backend).contains("A                确认"))
    }

    @Test func resizeAdaptsAndTooSmallRecovers() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 160, height: 48)
        backend.resize(width: 50, height: 12)
        rt.step()
        #expect(UIFixture.screenText(backend).contains("终端窗口太小"))
        backend.resize(width: 60, height: 20)
        rt.step()
        let text = UIFixture.screenText(backend)
        #expect(backend.screen.width == 60 && text.contains("1 事件") && text.contains("4 安全告警"))
        #expect(!text.contains("终端窗口太小"))
    }

    @Test func commandLineSwitchesLanguageAndQuits() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store())
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "lang en")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("1 Incidents"))
        UIFixture.press(rt, .char(":"), .char("q"), .enter)
        #expect(rt.model.wantsQuit)
    }

    @Test func unacknowledgedHighIncidentFlashesUntilAcknowledged() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), theme: .distinctForTesting)
        let flash = Theme.distinctForTesting[.flash]
        func flashing() -> Int { backend.screen.cells.filter { $0.style == flash }.count }
        #expect(flashing() > 0)
        rt.send(.tick(UIFixture.now.adding(milliseconds: 1000)))  // the other half of the blink
        rt.render()
        #expect(flashing() == 0)
        rt.send(.tick(UIFixture.now))
        UIFixture.press(rt, .char("a"), .char("k"), .char("a"))   // the cursor follows Ⅰ down; Ⅱ is now on top
        #expect(flashing() == 0)
        #expect(!UIFixture.screenText(backend).contains("未确认Ⅰ/Ⅱ级"))
    }
}
