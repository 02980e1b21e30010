// How one buffer cell reaches a real terminal through curses without moving anything after it.
//
// The buffer measures a grapheme cluster the way current terminals draw it (`👩‍🚒` 2, `⚠️` 2, `👍🏽` 2, `🇨🇳` 2).
// curses does not: it measures a cell by `wcwidth` of its first scalar, keeps only zero-width scalars after it, and
// silently drops the rest (`👩‍🚒` becomes `👩‍` with a dangling joiner, `🇨🇳` becomes `🇨`, one column). Terminals
// disagree among themselves too (tmux 3.3 draws `⚠️` one column wide and `👍🏽` four). Sending the cluster as-is
// lets curses' idea of the cursor drift from the terminal's, and every cell after it on the row lands one or two
// columns off: the emoji corruption operators saw.
//
// So the backend sends each cell as `portable` pieces: the part of the cluster on whose width curses and every
// terminal agree (`wcwidth` of each piece's first scalar, only zero-width marks after it), padded with spaces to
// the cell's width. The buffer (and so layout, snapshots, exports) keeps the whole cluster; only what is sent to
// the terminal is reduced: a ZWJ sequence draws as its first emoji, a skin tone as the plain emoji, a text-default
// symbol with VS16 as the symbol plus a space, a flag as its two regional-indicator letters.

import WatchfloorCore

public enum TerminalGlyph {
    /// Pieces to write at consecutive columns: each a first scalar plus zero-width marks, and the columns curses and
    /// the terminal both give it (`wcwidth`). The columns add up to `width` (1 or 2) exactly.
    public static func portable(_ grapheme: String, width: Int) -> [(text: [Unicode.Scalar], columns: Int)] {
        let width = max(1, width)
        var pieces: [(text: [Unicode.Scalar], columns: Int)] = []
        var used = 0
        var current: [Unicode.Scalar] = []
        var currentWidth = 0
        var marks = 0
        func finish() {
            if !current.isEmpty { pieces.append((current, currentWidth)); used += currentWidth }
            current = []; currentWidth = 0; marks = 0
        }
        for s in grapheme.unicodeScalars {
            let v = s.value
            if v == 0x200D { break }                                  // ZWJ: keep what comes before it
            if v == 0xFE0E || v == 0xFE0F { continue }                // presentation selectors: width by the base
            if (0x1F3FB...0x1F3FF).contains(v) { continue }           // skin tones: the plain emoji
            let w = DisplayWidth.of(s)
            if w == 0 {
                if v < 0x20 || (0x7F..<0xA0).contains(v) { continue } // never a control
                guard !current.isEmpty, marks < 4 else { continue }  // curses keeps up to 4 marks per cell
                current.append(s); marks += 1
                continue
            }
            if (0x1F1E6...0x1F1FF).contains(v), current.count == 1, (0x1F1E6...0x1F1FF).contains(current[0].value) {
                finish()                                              // second letter of a flag: its own cell
            } else if !current.isEmpty {
                break                                                 // a second spacing character: not portable
            }
            if used + w > width { break }
            current = [s]; currentWidth = w
        }
        finish()
        if used > width { return [([" "], 1)] + Array(repeating: ([" "], 1), count: width - 1) }
        while used < width { pieces.append(([" "], 1)); used += 1 }
        return pieces
    }
}
