// curses' measure of East Asian Ambiguous characters, kept equal to the cell buffer's (`[ui] ambiguous_wide`).

import CNcursesw
import Foundation
import WatchfloorCore

/// Makes curses count East Asian Ambiguous characters (`Ⅰ`–`Ⅳ`, `…`, `“”`, `·`) two columns wide when the
/// terminal draws them so, the way `DisplayWidth.ambiguousIsWide` makes the cell buffer count them.
///
/// Why: the buffer can lay a row out exactly, but curses moves its cursor by libc `wcwidth` (one column for these),
/// so on a terminal that draws them wide every cell after one lands a column further right than curses believes,
/// and later updates of that row write into the wrong cells. The CNcursesw shim defines `wcwidth`/`wcswidth` in
/// the executable, where libncursesw's imports bind (see `ambiguous_width.c`); this type switches its widening on
/// and off and lets callers check that the binding really happened.
///
/// Example: `CursesAmbiguousWidth.follow(wide: true)`; `CursesAmbiguousWidth.cursesColumns(of: "Ⅰ")` is then 2.
public enum CursesAmbiguousWidth {
    /// Widens ambiguous characters in curses exactly when `wide` is true (the set `DisplayWidth` widens).
    /// Process-wide, like `DisplayWidth.ambiguousIsWide`: call it once at start-up, before the screen is set up.
    public static func follow(wide: Bool) {
        wf_set_ambiguous_classifier(wide ? { DisplayWidth.isEastAsianAmbiguous($0) ? 1 : 0 } : nil)
    }

    /// Whether libncursesw's `wcwidth` is the shim's (false would mean the setting cannot reach curses: a static
    /// ncurses, a linker that did not export the symbol, or a preloaded library that defines its own).
    public static var isInterposed: Bool { wf_wcwidth_is_interposed() == 1 }

    /// The columns curses itself advances its cursor by for `text`, on a throwaway screen for `terminal` over
    /// /dev/null (so it works without a terminal). Needs a UTF-8 character type: the locale is switched to one for
    /// the call and restored. nil when curses could not set up such a screen (e.g. no terminfo entry).
    public static func cursesColumns(of text: String, terminal: String = "xterm-256color") -> Int? {
        let saved = setlocale(LC_ALL, nil).map { String(cString: $0) }
        defer { if let saved { setlocale(LC_ALL, saved) } }
        _ = NcursesBackend.selectUTF8Locale()
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        let column = wf_curses_cursor_after(&wide, terminal)
        return column < 0 ? nil : Int(column)
    }
}
