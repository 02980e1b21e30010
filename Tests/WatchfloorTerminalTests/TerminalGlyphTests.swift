import Testing
import WatchfloorCore
@testable import WatchfloorTerminal

/// What the curses backend sends for a cell: pieces on whose width curses and terminals agree, adding up to the
/// cell's width, so nothing after the cell moves.
@Suite struct TerminalGlyphTests {
    func sent(_ g: String) -> [String] {
        TerminalGlyph.portable(g, width: DisplayWidth.of(Character(g))).map { String(String.UnicodeScalarView($0.text)) }
    }
    func columns(_ g: String) -> Int {
        TerminalGlyph.portable(g, width: DisplayWidth.of(Character(g))).reduce(0) { $0 + $1.columns }
    }

    @Test func clustersBecomePortablePiecesOfTheSameWidth() {
        #expect(sent("中") == ["中"])
        #expect(sent("🚒") == ["🚒"])
        #expect(sent("👩‍🚒") == ["👩"])                     // ZWJ sequence: its first emoji
        #expect(sent("🇨🇳") == ["🇨", "🇳"])                 // flag: two one-column letters
        #expect(sent("⚠️") == ["⚠", " "])                   // VS16 on a text symbol: symbol plus a space
        #expect(sent("👍🏽") == ["👍"])                       // skin tone: the plain emoji
        #expect(sent("e\u{301}") == ["e\u{301}"])           // combining mark stays on its base
        for g in ["中", "🚒", "👩‍🚒", "🇨🇳", "⚠️", "👍🏽", "e\u{301}", "❤️", "👩‍👩‍👧", "1️⃣", "🏳️‍🌈"] {
            #expect(columns(g) == DisplayWidth.of(Character(g)), "\(g)")
            for piece in TerminalGlyph.portable(g, width: DisplayWidth.of(Character(g))) {
                #expect(piece.columns == DisplayWidth.wcwidth(piece.text[0]), "\(g): curses agrees on each piece")
            }
        }
    }

    @Test func clusterWiderThanItsCellIsBlankedNotOverflowed() {
        #expect(TerminalGlyph.portable("中", width: 1).map(\.columns) == [1])
        #expect(TerminalGlyph.portable("中", width: 1).first?.text == [" "])
    }
}
