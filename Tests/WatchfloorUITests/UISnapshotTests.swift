import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Rendered screens as golden files (Chinese data always): each pane, the whole dashboard wide and narrow, the
/// detail view, a dialog and a prompt over wide characters, help, too-small, NO_COLOR.
@Suite struct UISnapshotTests {
    @Test func dashboardWideChinese() throws {
        let (_, backend) = try UIFixture.runtime(try UIFixture.store(), width: 160, height: 48)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "dashboard-160x48-zh")
    }

    @Test func dashboardNarrowEnglishStacksThePanes() throws {
        let (_, backend) = try UIFixture.runtime(try UIFixture.store(), width: 80, height: 24, language: .en)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "dashboard-80x24-en")
    }

    /// One pane zoomed, with a style snapshot: level colours, flashing unacknowledged Ⅰ/Ⅱ rows, the selection.
    @Test(arguments: [(PaneID.incidents, "incidents"), (.hotline, "hotline"), (.alerts, "alerts"), (.grid, "grid")])
    func paneZoomedWithRoles(pane: PaneID, name: String) throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 110, height: 16,
                                                  theme: .distinctForTesting)
        UIFixture.press(rt, .char(Character(String(pane.rawValue + 1))), .char("z"))
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen, styles: true), named: "pane-\(name)-zh")
    }

    @Test func alertsPaneInEnglish() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 100, height: 16, language: .en)
        UIFixture.press(rt, .char("4"), .char("z"))
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "pane-alerts-en")
    }

    @Test func detailViewWithNotesAndTimeline() throws {
        let store = try UIFixture.store()
        let (rt, backend) = try UIFixture.runtime(store, width: 100, height: 30)
        let first = try #require(rt.model.panes[.incidents]?.selectedItem?.ref)
        try OperatorActions(store: store, actor: "lina").addNote(kind: "incident", id: first.id, text: "已通知水务局和龙泉镇")
        UIFixture.press(rt, .enter)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "detail-zh")
    }

    @Test func confirmationDialogOverChineseText() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 97, height: 24, theme: .distinctForTesting)
        UIFixture.press(rt, .char("j"), .char("j"), .char("j"), .char("c"))
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen, styles: true), named: "dialog-close-zh")
    }

    @Test func assignPromptWithChineseInput() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 81, height: 24)
        UIFixture.press(rt, .char("s"))
        UIFixture.type(rt, "县应急管理局")
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "prompt-assign-zh")
    }

    @Test(arguments: [Language.zh, .en])
    func helpOverlayIsGeneratedFromTheKeyMap(language: Language) throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 120, height: 40, language: language)
        UIFixture.press(rt, .char("3"), .char("?"))
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "help-hotline-\(language.rawValue)")
    }

    @Test func tooSmallScreenSaysHowLarge() throws {
        let (_, backend) = try UIFixture.runtime(try UIFixture.store(), width: 50, height: 12)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "too-small-zh")
    }

    /// NO_COLOR: no colour anywhere, yet the selection (reverse + bold) and the status bar stay visible.
    @Test func noColorKeepsTheSelectionVisible() throws {
        let (_, backend) = try UIFixture.runtime(try UIFixture.store(), width: 80, height: 24, capability: .none)
        let screen = backend.screen
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let s = screen[x, y].style
                #expect(s.fg == .default && s.bg == .default, "colour at \(x),\(y)")
            }
        }
        UIGolden.assertMatches(UIGolden.snapshot(screen) + "\n" + UIGolden.attributes(screen), named: "no-color-80x24-zh")
        // The selected incident row (the first data row of the focused pane, below the tab strip) is reverse
        // video; the header is bold and underlined, not reverse; a flashing unacknowledged Ⅰ row is marked `!`
        // in the gutter instead of reverse.
        let rows = screen.dump()
        let header = try #require(rows.firstIndex { $0.contains("事件") && $0.contains("时长") })
        #expect(screen[3, header].style.attributes.contains(.underline) && !screen[3, header].style.attributes.contains(.reverse))
        #expect(screen[3, header + 1].style.attributes.contains(.reverse))
        #expect(rows[header + 2].contains("!Ⅱ"), "the unacknowledged Ⅱ row is marked: \(rows[header + 2])")
        #expect(!screen[5, header + 2].style.attributes.contains(.reverse))
    }
}
