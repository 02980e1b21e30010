import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// A grid's detail lists the open work under it (issue 5: "worker, households, and its open items").
@Suite struct GridDetailTests {
    @Test func townshipDetailListsOnlyItsOpenItems() throws {
        let store = try UIFixture.store("griddetail")
        let snapshot = try store.read { try PaneLoader.detail(.grid("990102003"), $0) }   // 龙泉镇
        let items = try #require(snapshot.openItems)
        #expect(items.incidents.map(\.title) == ["石门水库大坝出现渗漏险情", "温泉村一婚宴发生疑似食物中毒十余人就医"])
        #expect(items.incidentCount == 2)
        #expect(Set(items.hotline.map(\.ticket)) == ["12345-20261118-0031", "12345-20261119-0042"])
        #expect(items.alerts.map(\.assetName) == ["县医院HIS系统"])
        // Resolved or elsewhere: not listed.
        let cityCentre = try store.read { try PaneLoader.detail(.grid("990102001001001"), $0) }.openItems!
        #expect(cityCentre.incidents.map(\.title) == ["城关镇人民路三车相撞致1死3伤"])
    }

    @Test func gridDetailRendersWorkerHouseholdsAndItems() throws {
        let store = try UIFixture.store("griddetail-view")
        let snapshot = try store.read { try PaneLoader.detail(.grid("990102003002003"), $0) }
        let (rt, _) = try UIFixture.runtime(store)
        let spans: [Span] = rt.model.detailLines(DetailState(ref: .grid("990102003002003"), data: snapshot))
        let text = spans.map { $0.text }.joined(separator: "\n")
        #expect(text.contains("李强") && text.contains("268"))
        #expect(text.contains("未结事件（2）") && text.contains("石门水库大坝出现渗漏险情"))
        #expect(text.contains("未办结工单（2）") && text.contains("活动告警（1）"))
    }
}
