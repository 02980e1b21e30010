import Testing
import WatchfloorCore
@testable import WatchfloorTerminal

@Suite("Widgets")
struct WidgetTests {
    let theme = Theme.distinctForTesting

    /// A pane full of Chinese text, as the incidents pane would look.
    private func chineseBackground(width: Int, height: Int) -> Buffer {
        var b = Buffer(width: width, height: height)
        let inner = Block(title: "事件 Incidents", rightTitle: "3/12", focused: true)
            .render(into: &b, area: b.area, theme: theme)
        let lines = ["Ⅰ级 东门化工厂火警，现场有浓烟", "Ⅱ级 城南农贸市场纠纷，双方对峙", "Ⅲ级 某小区电梯困人一名老人",
                     "Ⅳ级 路灯损坏 12345 转办", "网格员王伟已到达现场进行处置", "社会治安事件持续跟进中"]
        for (i, line) in lines.enumerated() where i < inner.height {
            b.put(line, x: inner.x, y: inner.y + i, style: theme[.text], maxWidth: inner.width)
        }
        return b
    }

    @Test func dialogOverWideCharactersLeavesNoDebris() {
        // Odd offsets on purpose: the dialog's edges cut through wide characters.
        for (w, name) in [(40, "dialog-over-cjk"), (41, "dialog-over-cjk-odd")] {
            var b = chineseBackground(width: w, height: 10)
            let box = Dialog(title: "确认关闭", body: "关闭事件 INC-20261122-0007？此操作会记入审计。",
                             footer: "[y] 确认  [n] 取消", width: 25).render(into: &b, area: b.area, theme: theme)
            // Every row: no continuation cell without its lead, no lead without its continuation.
            for y in 0..<b.height {
                for x in 0..<b.width {
                    if b[x, y].isContinuation { #expect(x > 0 && b[x - 1, y].width == 2) }
                    if b[x, y].width == 2 { #expect(x + 1 < b.width && b[x + 1, y].isContinuation) }
                }
            }
            #expect(box.width == 25)
            Golden.assertMatches(Golden.snapshot(b, styles: true), named: name)
        }
    }

    private var incidentTable: Table {
        Table(columns: [
            TableColumn("级别", width: .fixed(4)),
            TableColumn("编号", width: .fixed(8)),
            TableColumn("标题 Title", width: .fill(1)),
            TableColumn("状态", width: .fixed(6), alignment: .center),
            TableColumn("用时", width: .fixed(5), alignment: .right),
        ], rows: [
            TableRow(cells: [[Span("Ⅰ", role: .level1)], ["0007"], ["东门化工厂火警，现场有浓烟"],
                             [Span("待确认", role: .statusNew)], ["2m"]]),
            TableRow(cells: [[Span("Ⅱ", role: .level2)], ["0008"], ["城南农贸市场纠纷"], [Span("已确认", role: .statusAcked)],
                             ["15m"]]),
            TableRow(cells: [[Span("Ⅲ", role: .level3)], ["0009"], ["Elevator stuck 电梯困人"], ["已派遣"], ["1h"]],
                     role: .overdue),
            TableRow(cells: [[Span("Ⅳ", role: .level4)], ["0010"], ["路灯损坏"], [Span("已办结", role: .statusDone)],
                             ["3d"]]),
            TableRow(cells: [[Span("Ⅳ", role: .level4)], ["0011"], ["网格巡查发现占道经营"], ["已确认"], ["12m"]]),
        ], selected: 1)
    }

    @Test func tableWithChineseColumnsIsAligned() {
        var b = Buffer(width: 44, height: 5)
        let offset = incidentTable.render(into: &b, area: b.area, theme: theme)
        #expect(offset == 0)
        for line in b.dump() { #expect(DisplayWidth.of(line) == 44) }
        Golden.assertMatches(Golden.snapshot(b, styles: true), named: "table-cjk")
    }

    @Test func tableScrollsToKeepSelectionVisible() {
        var t = incidentTable
        t.selected = 4
        var b = Buffer(width: 44, height: 3)                  // header + 2 rows
        let offset = t.render(into: &b, area: b.area, theme: theme)
        #expect(offset == 3)
        #expect(b.dump()[2].contains("0011"))
        #expect(Table.scrollOffset(selected: 0, offset: 3, visibleRows: 2, rowCount: 5) == 0)
        #expect(Table.scrollOffset(selected: 2, offset: 1, visibleRows: 2, rowCount: 5) == 1)
        #expect(Table.scrollOffset(selected: nil, offset: 9, visibleRows: 2, rowCount: 5) == 3)
    }

    @Test func helpOverlayIsGeneratedFromTheKeyMap() {
        for lang in UILanguage.allCases {
            var b = Buffer(width: 80, height: 24)
            b.put(String(repeating: "背景文字", count: 20), x: 1, y: 3, style: theme[.text])
            HelpOverlay(keyMap: .watchfloorDefaults, language: lang).render(into: &b, area: b.area, theme: theme)
            Golden.assertMatches(Golden.snapshot(b), named: "help-\(lang.rawValue)")
        }
        // Rebinding shows up in the help without touching the overlay.
        var map = KeyMap.watchfloorDefaults
        map.applyOverrides(["acknowledge": .array([.string("Ctrl-A"), .string("y")])])
        let rows = HelpOverlay(keyMap: map, language: .en).entries()
        #expect(rows.contains { $0.keys == "Ctrl-A y" && $0.text == "Acknowledge" })
    }

    @Test func tooSmallNotice() {
        let notice = TooSmallNotice(minWidth: 100, minHeight: 30, language: .zh)
        #expect(notice.applies(width: 80, height: 30))
        #expect(!notice.applies(width: 100, height: 30))
        var b = Buffer(width: 30, height: 5)
        notice.render(into: &b, theme: theme)
        #expect(b.dump()[1] == "         终端窗口太小         ")
        #expect(b.dump().joined().contains("至少需要 100×30"))
        #expect(b.dump().joined().contains("当前 30×5"))
        var en = Buffer(width: 12, height: 3)                 // narrower than the text: truncated, never wrapped
        TooSmallNotice(minWidth: 100, minHeight: 30, language: .en).render(into: &en, theme: theme)
        #expect(en.dump() == ["Terminal to…", "needs at le…", "  now 12×3  "])
    }

    @Test func statusBarSegments() {
        var b = Buffer(width: 40, height: 1)
        StatusBar(left: ["值班 ", Span("王伟", role: .title)], center: ["未确认 3"],
                  right: [Span("● 正常", role: .ok), " 14:02"]).render(into: &b, area: b.area, theme: theme)
        #expect(b.dump() == ["值班 王伟       未确认 3    ● 正常 14:02"])
        var narrow = Buffer(width: 16, height: 1)
        StatusBar(left: ["值班 王伟"], center: ["未确认 3"], right: ["14:02"])
            .render(into: &narrow, area: narrow.area, theme: theme)
        #expect(DisplayWidth.of(narrow.dump()[0]) == 16)
        #expect(narrow.dump()[0].hasSuffix("14:02"))
    }

    @Test func sparkline() {
        #expect(Sparkline([0, 1, 2, 3, 4, 5, 6, 7]).line(width: 8) == " ▂▃▄▅▆▇█")
        #expect(Sparkline([8, 8]).line(width: 4) == "  ██")
        #expect(Sparkline([1, 2, 3, 100], maximum: 4).line(width: 4) == "▃▅▆█")
        #expect(Sparkline([]).line(width: 3) == "   ")
    }

    @Test func textInputCursorIsCJKAware() {
        var input = TextInput()
        for c in "东门fire" { _ = input.handle(.char(c)) }
        #expect(input.text == "东门fire")
        #expect(input.cursorColumn == 8)
        _ = input.handle(.home)
        _ = input.handle(.right)
        #expect(input.cursorColumn == 2)
        #expect(input.handle(.backspace) == .edited)
        #expect(input.text == "门fire")
        #expect(input.cursorColumn == 0)
        _ = input.handle(.end)
        _ = input.handle(.ctrl("w"))
        #expect(input.text == "")
        input.set("a 王伟 b")
        _ = input.handle(.left); _ = input.handle(.left)
        #expect(input.handle(.ctrl("k")) == .edited)
        #expect(input.text == "a 王伟")
        #expect(input.handle(.enter) == .submitted)
        #expect(input.handle(.escape) == .cancelled)
        #expect(input.handle(.char("\u{7}")) == .ignored)

        var b = Buffer(width: 10, height: 1)
        var long = TextInput(text: "一二三四五六七八")
        let cursorX = long.render(into: &b, area: b.area, prompt: "/", theme: theme)
        #expect(b.dump() == ["/五六七八 "])                 // scrolled so the cursor cell at the end is visible
        #expect(cursorX == 9)
        #expect(b[9, 0].style == theme[.inputCursor])
        _ = long.handle(.home)
        b = Buffer(width: 10, height: 1)
        #expect(long.render(into: &b, area: b.area, prompt: "/", theme: theme) == 1)
        #expect(b.dump() == ["/一二三四 "])
        #expect(b[1, 0].style == theme[.inputCursor])
    }

    @Test func paragraphWraps() {
        var b = Buffer(width: 10, height: 3)
        let total = Paragraph("报警人称东门化工厂起火 fire").render(into: &b, area: b.area, theme: theme)
        #expect(total == 3)
        #expect(b.dump() == ["报警人称东", "门化工厂起", "火 fire   "])
        var scrolled = Buffer(width: 10, height: 1)
        Paragraph("报警人称东门化工厂起火 fire", scroll: 2).render(into: &scrolled, area: scrolled.area, theme: theme)
        #expect(scrolled.dump() == ["火 fire   "])
    }

    @Test func blockTitleIsTruncatedByWidth() {
        var b = Buffer(width: 12, height: 3)
        Block(title: "安全告警 Security alerts").render(into: &b, area: b.area, theme: theme)
        #expect(b.dump() == ["┌ 安全告 … ┐", "│          │", "└──────────┘"])
    }
}
