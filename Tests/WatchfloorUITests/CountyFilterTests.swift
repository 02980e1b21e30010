import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// `:county CODE` in the UI: every pane keeps to one county of a city store, the titles say which, and an operator
/// limited to a county cannot leave it.
@Suite struct CountyFilterTests {
    /// The fixture county (990102, unstamped, its store's own) plus one incident stamped with a second county.
    func cityStore() throws -> Store {
        let store = try UIFixture.store("county")
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: [
            .incident(Incident(id: "", source: "网格上报", sourceRef: "B-1", category: .dispute, level: .two,
                               title: "石桥县集市摊位纠纷", gridID: "990103001001001", reportedAt: UIFixture.ago(minutes: 5))),
        ]))
        try CountyAccess.setHomeCounty(store, "990102")
        try store.withConnection { try $0.execute("UPDATE incidents SET county = '990103' WHERE source_ref = 'B-1'") }
        return store
    }

    @Test func countyCommandFiltersEveryPaneAndSaysSoInTheTitle() throws {
        let (rt, backend) = try UIFixture.runtime(try cityStore(), language: .en)
        #expect(rt.model.panes[.incidents]?.total == 5)
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "county 990103")
        UIFixture.press(rt, .enter)
        #expect(rt.model.countyFilter == "990103")
        #expect(rt.model.panes[.incidents]?.total == 1)
        let screen = UIFixture.screenText(backend)
        #expect(screen.contains("county 990103") && screen.contains("石桥县集市摊位纠纷"))
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "county 990102")
        UIFixture.press(rt, .enter)
        #expect(rt.model.panes[.incidents]?.total == 4, "the home county's unstamped rows")
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "county 99")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("a county code is 6 digits: 99") && rt.model.countyFilter == "990102")
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "county")
        UIFixture.press(rt, .enter)
        #expect(rt.model.countyFilter == nil && rt.model.panes[.incidents]?.total == 5)
    }
}
