import Testing
import WatchfloorCore
@testable import WatchfloorTerminal

/// `[ui] ambiguous_wide` reaching curses: curses' own cursor column after writing a string (`getcurx` on a
/// `newterm` screen over /dev/null) must equal the cell buffer's width for it, with the setting off and on.
///
/// This is where the drift can be observed at all: tmux draws ambiguous characters one column wide whatever curses
/// believes, so a tmux capture looks the same either way (the CJK terminals that draw them wide are not testable
/// here); what matters is that curses and the buffer agree, which fixes where the terminal's cursor goes.
/// Serialized: the curses screen and the widening switch are process-wide.
@Suite(.serialized) struct CursesAmbiguousWidthTests {
    static let samples = ["Ⅰ", "Ⅱ级 重大", "…", "“火警”", "·", "─┼─", "①②", "°C", "事件 INC-7", "abc", "é"]

    @Test func libncurseswBindsTheShimsWcwidth() {
        #expect(CursesAmbiguousWidth.isInterposed)
    }

    @Test func narrowByDefaultAsLibcSays() throws {
        CursesAmbiguousWidth.follow(wide: false)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "Ⅰ") == 1)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "Ⅱ级") == 3)
        for text in Self.samples {
            #expect(CursesAmbiguousWidth.cursesColumns(of: text) == DisplayWidth.of(text), "\(text)")
        }
    }

    @Test func wideWhenTheSettingIsOnAndEqualToTheBuffer() throws {
        CursesAmbiguousWidth.follow(wide: true)
        defer { CursesAmbiguousWidth.follow(wide: false) }
        #expect(CursesAmbiguousWidth.cursesColumns(of: "Ⅰ") == 2)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "Ⅱ级") == 4)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "abc") == 3)        // ASCII never widens
        #expect(CursesAmbiguousWidth.cursesColumns(of: "事") == 2)         // wide stays 2, not 4
        for text in Self.samples {
            let buffer = text.unicodeScalars.reduce(0) { w, s in
                w + (DisplayWidth.wcwidth(s) == 1 && DisplayWidth.isEastAsianAmbiguous(s.value) ? 2 : DisplayWidth.wcwidth(s))
            }
            #expect(CursesAmbiguousWidth.cursesColumns(of: text) == buffer, "\(text)")
        }
    }

    /// Switching back off restores libc's answer (the doctor measures both ways in one process).
    @Test func switchingOffRestoresLibc() {
        CursesAmbiguousWidth.follow(wide: true)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "…") == 2)
        CursesAmbiguousWidth.follow(wide: false)
        #expect(CursesAmbiguousWidth.cursesColumns(of: "…") == 1)
    }
}
