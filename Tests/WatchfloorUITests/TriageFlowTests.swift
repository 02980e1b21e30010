import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Keyboard flow of a duty officer working down a list: the cursor holds its row after an action, Home/End/g/G,
/// `/` filters as you type, `:help`, `q` closes views before it quits, Ctrl-C asks, dialogs keep their input.
@Suite(.serialized) struct TriageFlowTests {
    func selectedID(_ rt: UIRuntime) -> String? { rt.model.panes[.incidents]?.selectedItem?.ref.id }

    @Test func afterAnAcknowledgementTheNextItemMovesUpIntoTheCursorRow() throws {
        let store = try UIFixture.store("triage")
        let (rt, _) = try UIFixture.runtime(store)
        let first = try #require(selectedID(rt))
        UIFixture.press(rt, .char("a"))
        #expect(rt.model.panes[.incidents]?.selected == 0, "the cursor stays on the first row")
        let next = try #require(selectedID(rt))
        #expect(next != first, "the next unacknowledged incident is selected, not the one just acknowledged")
        #expect(try store.read { try IncidentRepository.get($0, id: next) }?.status == .new)
    }

    @Test func homeEndAndgG() throws {
        let (rt, _) = try UIFixture.runtime(try UIFixture.store("home"))
        UIFixture.press(rt, .char("G"))
        #expect(rt.model.panes[.incidents]?.selected == 3)
        UIFixture.press(rt, .char("g"))
        #expect(rt.model.panes[.incidents]?.selected == 0)
        UIFixture.press(rt, .end)
        #expect(rt.model.panes[.incidents]?.selected == 3)
        UIFixture.press(rt, .home)
        #expect(rt.model.panes[.incidents]?.selected == 0)
    }

    @Test func slashFiltersAsYouTypeAndEscPutsItBack() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("filter"))
        UIFixture.press(rt, .char("/"))
        UIFixture.type(rt, "水库")
        #expect(rt.model.panes[.incidents]?.total == 1, "filtered before Enter")
        #expect(UIFixture.screenText(backend).contains("石门水库") && !UIFixture.screenText(backend).contains("三车相撞"))
        UIFixture.press(rt, .escape)
        #expect(rt.model.panes[.incidents]?.total == 4)
        UIFixture.press(rt, .char("/"))
        UIFixture.type(rt, "婚宴")
        UIFixture.press(rt, .enter)
        #expect(rt.model.panes[.incidents]?.total == 1)
    }

    @Test func qClosesViewsBeforeQuittingAndQuittingAsks() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("quit"), language: .en)
        UIFixture.press(rt, .enter)
        #expect(rt.model.detail != nil)
        UIFixture.press(rt, .char("q"))
        #expect(rt.model.detail == nil && !rt.model.wantsQuit, "q closed the detail view")
        UIFixture.press(rt, .char("q"))
        #expect(UIFixture.screenText(backend).contains("Quit Watchfloor?") && !rt.model.wantsQuit)
        UIFixture.press(rt, .char("n"))
        #expect(!rt.model.wantsQuit && !UIFixture.screenText(backend).contains("Quit Watchfloor?"))
        UIFixture.press(rt, .ctrl("c"))
        #expect(UIFixture.screenText(backend).contains("Quit Watchfloor?") && !rt.model.wantsQuit)
        UIFixture.press(rt, .char("y"))
        #expect(rt.model.wantsQuit)
    }

    @Test func commandLineHelpAndUnknownGrid() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("cmd"), language: .en)
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "help")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("First row"), "the help overlay is open")
        UIFixture.press(rt, .escape, .char(":"))
        UIFixture.type(rt, "grid 123456")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("unknown grid: 123456"))
        #expect(rt.model.gridFilter == nil && rt.model.panes[.incidents]?.total == 4, "panes are not emptied")
    }

    @Test func aPageLongTitleIsClampedAndTheNoteInputStaysVisible() throws {
        let store = try UIFixture.store("long")
        let long = String(repeating: "超长标题👩‍🚒🇨🇳 ", count: 120)
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: [
            .incident(Incident(id: "", source: "网格上报", sourceRef: "long-1", category: .publicSafety, level: .one,
                               title: long, gridID: "990102001001001", reportedAt: UIFixture.now)),
        ]))
        let (rt, backend) = try UIFixture.runtime(store, width: 80, height: 24)
        #expect(rt.model.panes[.incidents]?.selectedItem?.ref.id != nil)
        UIFixture.press(rt, .char("n"))
        UIFixture.type(rt, "已到场")
        let rows = backend.screen.dump()
        let dialogRows = rows.filter { $0.contains("║") }
        #expect(dialogRows.count <= 9, "the dialog is a few lines tall:\n\(rows.joined(separator: "\n"))")
        #expect(rows.contains { $0.contains("已到场") }, "the input line is on screen")
        #expect(rows.contains { $0.contains("Enter 确定") }, "the footer is on screen")
        #expect(rows.contains { $0.contains("…") })
    }
}

/// The detail view speaks like the lists: `Ⅱ`, display names, local times and timeline sentences.
@Suite(.serialized) struct DetailWordingTests {
    @Test func timelineLinesAreSentencesWithDisplayNames() throws {
        let store = try UIFixture.store("timeline")
        let (rt, backend) = try UIFixture.runtime(store, width: 120, height: 40, language: .en)
        // A level-Ⅰ incident cannot be escalated: walk down to the first new incident below Ⅰ.
        var moves = 0
        func current() throws -> Incident? {
            guard let ref = rt.model.panes[.incidents]?.selectedItem?.ref else { return nil }
            return try store.read { try IncidentRepository.get($0, id: ref.id) }
        }
        while let i = try current(), i.level == .one || i.status != .new, moves < 50 { UIFixture.press(rt, .char("j")); moves += 1 }
        let target = try #require(try current())
        let ops = OperatorActions(store: store, actor: "wangwei")
        let i = try ops.acknowledge(incident: target.id)
        try OperatorActions(store: store, actor: "lina").escalate(incident: target.id, expectedVersion: i.version)
        UIFixture.press(rt, .enter)
        let text = UIFixture.screenText(backend)
        #expect(text.contains("王伟  acknowledged (new → acknowledged)"), "\(text)")
        #expect(text.contains("李娜  escalated \(target.level.roman)→\(target.level.raised.roman)"), "\(text)")
        #expect(!text.contains("from_level=") && !text.contains("incident.acknowledge"))
        #expect(text.contains("Acknowledged   王伟 11-19 14:02") || text.contains("王伟 11-19 14:02"))
    }

    @Test func englishDetailShowsTheRomanLevelAsTheListsDo() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("level"), width: 100, height: 30, language: .en)
        UIFixture.press(rt, .char("j"), .enter)
        #expect(UIFixture.screenText(backend).contains("Ⅱ Serious"))
        #expect(!UIFixture.screenText(backend).contains("II Serious"))
    }

    @Test func anOutcomeLineGoesWhenTheOperatorMovesOn() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("expire"))
        UIFixture.press(rt, .char("a"))
        #expect(rt.model.message != nil)
        rt.send(.tick(UIFixture.now.adding(seconds: 3)))
        UIFixture.press(rt, .char("j"))
        #expect(rt.model.message == nil, "\(UIFixture.screenText(backend))")
    }
}

/// Column widths follow the content: a wide English incidents pane shows whole category names.
@Suite struct ColumnPriorityTests {
    @Test func wideEnglishPaneShowsWholeCategoryNames() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("columns"), width: 200, height: 40, language: .en)
        UIFixture.press(rt, .char("z"))
        let text = UIFixture.screenText(backend)
        #expect(text.contains("Natural disaster") || text.contains(IncidentCategory.naturalDisaster.label.en), "\(text)")
        #expect(!text.contains(String(IncidentCategory.naturalDisaster.label.en.prefix(10)) + "…"))
    }
}
