import Testing
@testable import WatchfloorTerminal

@Suite("Buffer")
struct BufferTests {
    let red = Style(fg: .ansi(1))

    @Test func putIsWidthAwareAndReturnsColumns() {
        var b = Buffer(width: 10, height: 1)
        #expect(b.put("事件ab", x: 0, y: 0, style: .plain) == 6)
        #expect(b[0, 0].grapheme == "事" && b[0, 0].width == 2)
        #expect(b[1, 0].isContinuation)
        #expect(b[4, 0].grapheme == "a")
        #expect(b.dump() == ["事件ab    "])
    }

    @Test func wideCharacterThatDoesNotFitIsNotDrawn() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("ab中文", x: 0, y: 0, style: .plain) == 4)
        #expect(b.dump() == ["ab中 "])
        var c = Buffer(width: 10, height: 1)
        #expect(c.put("中文字", x: 1, y: 0, style: .plain, maxWidth: 5) == 4)
        #expect(c.dump() == [" 中文     "])
    }

    @Test func overwritingEitherHalfBlanksTheOtherHalf() {
        var b = Buffer(width: 6, height: 1)
        b.put("中文字", x: 0, y: 0, style: red)
        b.put("x", x: 1, y: 0, style: .plain)              // right half of 中
        #expect(b.dump() == [" x文字"])
        #expect(b[0, 0] == .blank(red))                     // the left half is a blank, style kept
        b.put("y", x: 2, y: 0, style: .plain)              // left half of 文
        #expect(b.dump() == [" xy 字"])
        b.put("宽", x: 5, y: 0, style: .plain)             // no room at the last column: nothing drawn
        #expect(b.dump() == [" xy 字"])
        b.put("宽", x: 3, y: 0, style: .plain)             // straddles the blank and the left half of 字
        #expect(b.dump() == [" xy宽 "])
        #expect(!b[5, 0].isContinuation)
    }

    @Test func setWideOnLastColumnLeavesABlank() {
        var b = Buffer(width: 3, height: 1)
        b.set(x: 2, y: 0, Cell("中", width: 2))
        #expect(b.dump() == ["   "])
    }

    @Test func fillOverHalfAWideCharacterLeavesNoDebris() {
        var b = Buffer(width: 8, height: 2)
        b.put("社会治安", x: 0, y: 0, style: red)
        b.put("社会治安", x: 0, y: 1, style: red)
        b.fill(Rect(x: 1, y: 0, width: 4, height: 2), style: .plain, character: "#")
        #expect(b.dump() == [" #### 安", " #### 安"])
        #expect(b.cells.allSatisfy { !$0.isContinuation || $0.style == red })
    }

    @Test func controlCharactersNeverEnterAndMarksJoin() {
        var b = Buffer(width: 8, height: 1)
        #expect(b.put("a\u{1B}[2Jb\tc", x: 0, y: 0, style: .plain) == 6)   // ESC and TAB dropped; "[2J" is text
        #expect(b.dump() == ["a[2Jbc  "])
        var c = Buffer(width: 4, height: 1)
        c.put("e\u{301}x", x: 0, y: 0, style: .plain)
        #expect(c[0, 0].grapheme == "e\u{301}")
        #expect(c.dump() == ["e\u{301}x  "])
    }

    @Test func negativeXClipsAtTheLeftEdge() {
        var b = Buffer(width: 4, height: 1)
        b.put("中文ab", x: -1, y: 0, style: .plain)
        #expect(b.dump() == [" 文a"])
    }

    @Test func diffListsOnlyChangedCellsAndLeadsOfWidePairs() {
        var a = Buffer(width: 6, height: 2)
        a.put("中文", x: 0, y: 0, style: .plain)
        var b = a
        #expect(b.diff(from: a).isEmpty)
        b.put("z", x: 0, y: 1, style: .plain)
        #expect(b.diff(from: a).map { [$0.x, $0.y] } == [[0, 1]])
        var c = a
        c.put("ab", x: 0, y: 0, style: .plain)            // replaces 中 with two narrow cells
        #expect(c.diff(from: a).map(\.x) == [0, 1])
        #expect(a.diff(from: nil).count == 6 * 2 - 2)     // continuations are drawn by their lead
        let backend = TestBackend(width: 6, height: 2)
        backend.draw(c, previous: nil)
        #expect(backend.screen == c)
        backend.draw(a, previous: c)
        #expect(backend.screen.dump() == a.dump())
        #expect(backend.lastDrawnCells == 1)
    }

    @Test func patchStyleKeepsText() {
        var b = Buffer(width: 4, height: 1)
        b.put("中a", x: 0, y: 0, style: red)
        b.patchStyle(b.area, with: Style(bg: .ansi(4), attributes: .bold))
        #expect(b.dump() == ["中a "])
        #expect(b[0, 0].style == Style(fg: .ansi(1), bg: .ansi(4), attributes: .bold))
    }

    @Test func layoutSplits() {
        let r = Rect(x: 0, y: 0, width: 100, height: 30)
        let rows = r.split(.vertical, [.fill(1), .fixed(1)])
        #expect(rows.map(\.height) == [29, 1])
        #expect(rows[1].y == 29)
        let cols = r.split(.horizontal, [.percent(50), .fill(1), .fill(1)])
        #expect(cols.map(\.width) == [50, 25, 25])
        #expect(cols.map(\.x) == [0, 50, 75])
        let spaced = Rect(x: 2, y: 0, width: 20, height: 1).split(.horizontal, [.fixed(5), .min(3), .fixed(4)],
                                                                  spacing: 1)
        #expect(spaced.map(\.width) == [5, 9, 4])
        #expect(spaced.map(\.x) == [2, 8, 18])
        let tight = Rect(x: 0, y: 0, width: 6, height: 1).split(.horizontal, [.fixed(4), .fixed(4)])
        #expect(tight.map(\.width) == [4, 2])
        #expect(r.centered(width: 40, height: 10) == Rect(x: 30, y: 10, width: 40, height: 10))
        #expect(r.inset(by: 1) == Rect(x: 1, y: 1, width: 98, height: 28))
    }
}

import Glibc

@Suite struct LocaleFallbackTests {
    /// A Chinese locale that is not installed must still leave ncursesw a UTF-8 character type.
    @Test func missingChineseLocaleFallsBackToUTF8() {
        let saved = String(cString: setlocale(LC_ALL, nil))
        defer { setlocale(LC_ALL, saved) }
        setenv("LC_ALL", "zh_CN.UTF-8-not-installed", 1)
        defer { unsetenv("LC_ALL") }
        #expect(NcursesBackend.selectUTF8Locale().uppercased().replacingOccurrences(of: "-", with: "") == "UTF8")
    }
}
