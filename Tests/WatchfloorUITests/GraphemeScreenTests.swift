import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Titles as citizens and 12345 write them: emoji, ZWJ sequences, flags, VS16, skin tones and combining marks in
/// every pane. Each cluster is one unit of the width a terminal gives it, rows keep their borders in their
/// columns, and nothing is left behind when rows change.
@Suite(.serialized) struct GraphemeScreenTests {
    /// One of each kind of cluster that broke the screen.
    static let hostile = "🚒消防 👩‍🚒 到场 🇨🇳 ⚠️ 注意 👍🏽 Cafe\u{301} ❤️"

    static func emojiStore() throws -> Store {
        let store = try UIFixture.store("emoji")
        let at = UIFixture.ago(minutes: 1)
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: [
            .grid(Grid(id: "990102001001002", name: "北街社区🏠第2网格", worker: "王🌸", households: 100)),
            .incident(Incident(id: "", source: "网格上报", sourceRef: "emoji-1", category: .publicSafety, level: .two,
                               title: hostile, gridID: "990102001001002", reportedAt: at)),
            .hotline(HotlineCase(ticket: "12345-20261119-0099", receivedAt: at, phone: "13700001234", type: .complaint,
                                 summary: "👩‍👩‍👧 家门口 🇨🇳 旗杆倒了⚠️ 请处理 👍🏽", gridID: "990102001001002")),
            .alert(AlertObservation(at: at, sensor: "waf-portal-01", signatureID: 2099001,
                                    signature: "ET WEB 🚨 emoji payload 👩‍💻 ⚠️ ñ", level: .two,
                                    src: "203.0.113.9", dest: "10.99.10.12:443", asset: "县医院HIS系统",
                                    gridID: "990102001001002")),
        ]))
        return store
    }

    /// Every row of a framed screen: the pane borders sit in the same columns on every row of a pane (checked by
    /// the display width of each row's text, which must equal the screen's width).
    static func expectRowsFill(_ buffer: Buffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for (y, row) in buffer.dump().enumerated() {
            #expect(DisplayWidth.of(row) == buffer.width, "row \(y) is \(DisplayWidth.of(row)) columns: \(row)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func everyPaneWithEmojiAt160x48() throws {
        let (_, backend) = try UIFixture.runtime(try Self.emojiStore(), width: 160, height: 48)
        Self.expectRowsFill(backend.screen)
        let text = UIFixture.screenText(backend)
        #expect(text.contains("👩‍🚒") && text.contains("🇨🇳") && text.contains("⚠️") && text.contains("👍🏽"))
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "emoji-dashboard-160x48-zh")
    }

    @Test func everyPaneWithEmojiAt80x24() throws {
        let (_, backend) = try UIFixture.runtime(try Self.emojiStore(), width: 80, height: 24, language: .en)
        Self.expectRowsFill(backend.screen)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "emoji-dashboard-80x24-en")
    }

    @Test func detailAndNoteDialogOverEmoji() throws {
        let (rt, backend) = try UIFixture.runtime(try Self.emojiStore(), width: 100, height: 30)
        UIFixture.press(rt, .enter)
        Self.expectRowsFill(backend.screen)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "emoji-detail-zh")
        UIFixture.press(rt, .escape, .char("n"))
        UIFixture.type(rt, "👩‍🚒已到 🇨🇳")
        Self.expectRowsFill(backend.screen)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "emoji-note-dialog-zh")
    }

    /// Terminals that draw ambiguous-width characters wide: `…`, `Ⅱ` and borders are counted 2 (borders become
    /// ASCII) and every row still fills the screen exactly.
    @Test func ambiguousWideSettingKeepsLayoutExact() throws {
        DisplayWidth.ambiguousIsWide = true
        defer { DisplayWidth.ambiguousIsWide = false }
        let (_, backend) = try UIFixture.runtime(try Self.emojiStore(), width: 120, height: 30)
        Self.expectRowsFill(backend.screen)
        #expect(DisplayWidth.of("Ⅱ…“”─") == 10)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "emoji-ambiguous-wide-120x30-zh")
    }

    /// A row that changes from emoji to plain text leaves no stale cells on a real diffing backend.
    @Test func changedRowsLeaveNothingStale() throws {
        let store = try Self.emojiStore()
        let (rt, backend) = try UIFixture.runtime(store, width: 120, height: 30)
        let seq = try UIFixture.latestSeq(store)
        // The emoji incident (newest Ⅱ) is replaced by a plain title: same row, shorter text.
        let id = try store.read { c in
            try c.queryOne("SELECT id FROM incidents WHERE source_ref = 'emoji-1'") { $0.string(0) }
        }
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: [
            .incident(Incident(id: "", source: "网格上报", sourceRef: "emoji-1", category: .publicSafety, level: .two,
                               title: "标题已更正", gridID: "990102001001002", reportedAt: UIFixture.ago(minutes: 1))),
        ]))
        try UIFixture.deliverNewEvents(rt, after: seq)
        var fresh = Buffer(width: 120, height: 30)
        rt.model.view(into: &fresh)
        #expect(backend.screen.dump() == fresh.dump(), "the diffed screen equals a fresh render")
        #expect(!UIFixture.screenText(backend).contains("👩‍🚒"))
        #expect(id != nil)
    }

    @Test func typingAClusterInPiecesEditsItAsOneCharacter() {
        var input = TextInput()
        for scalar in "a👩‍🚒🇨🇳e\u{301}".unicodeScalars { _ = input.handle(.char(Character(scalar))) }
        #expect(input.text == "a👩‍🚒🇨🇳e\u{301}")
        #expect(input.cursor == 4)
        #expect(input.cursorColumn == 6)
        _ = input.handle(.left)
        _ = input.handle(.backspace)                          // removes the whole flag
        #expect(input.text == "a👩‍🚒e\u{301}")
        _ = input.handle(.char("\u{7}"))                     // a control never enters
        #expect(input.text == "a👩‍🚒e\u{301}")
    }
}
