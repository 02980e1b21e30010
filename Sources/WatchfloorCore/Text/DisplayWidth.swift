// Terminal display width of text: the one place that decides how many columns something takes.
//
// The screen is a grid of cells and Chinese is two cells wide, so every layout decision (truncation, padding,
// wrapping, where a dialog's edge falls) is made in columns, never in characters. The rules follow glibc `wcwidth`
// for single scalars (the terminal and ncurses use it too) and extend it to grapheme clusters the way modern
// terminals draw them:
//
// - controls (C0, DEL, C1) are 0; nonspacing/enclosing marks and format characters are 0;
// - East Asian Wide/Fullwidth (CJK, Hangul syllables, fullwidth forms, emoji with default emoji presentation) are 2;
// - everything else, including East Asian *Ambiguous* (`①`, `─`, `Ⅳ`), is 1 — or 2 when `ambiguousIsWide` is on,
//   for terminals set up to draw them wide (`[ui] ambiguous_wide = true`; common with CJK fonts and locales);
// - a cluster with VS16 (U+FE0F), a regional-indicator pair, or an emoji ZWJ sequence is 2.
//
// Deliberate differences from `wcwidth`: unassigned scalars count 1 (wcwidth says -1: "unprintable"), and so do
// U+2028/U+2029 (the sanitiser turns them into line breaks anyway); clusters are clamped to 2 columns because a
// cell holds at most a double-width glyph.
//
// Example: `DisplayWidth.of("事件 INC-7")` is 10; `DisplayWidth.truncate("社会治安事件", to: 7)` is `"社会治…"`.

/// Horizontal alignment of text inside a fixed number of columns.
public enum TextAlignment: String, Sendable, Equatable, CaseIterable {
    case left, center, right
}

/// Column widths of scalars, characters and strings, plus width-aware truncate/pad/wrap.
public enum DisplayWidth {
    /// East Asian Ambiguous characters (`…`, `“”`, `Ⅰ`–`Ⅳ`, box drawing, `°`) count 2 columns instead of 1.
    ///
    /// One terminal per process, so this is process-wide: set it once at start-up from `[ui] ambiguous_wide`,
    /// before anything is measured or drawn (tests that flip it restore it). Every width, truncation and layout
    /// decision follows it, so the screen stays exact either way.
    nonisolated(unsafe) public static var ambiguousIsWide = false

    /// Width of a single scalar: 0, 1 or 2, following `ambiguousIsWide`.
    @inlinable
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let w = wcwidth(scalar)
        if w == 1 && ambiguousIsWide && scalar.value >= 0xA0 && isAmbiguous(scalar.value) { return 2 }
        return w
    }

    /// Width of a single scalar as glibc `wcwidth` (and so curses) gives it, ambiguous characters narrow: 0, 1 or 2.
    /// Fast paths for ASCII and Latin-1, then a binary search in `table`.
    @inlinable
    public static func wcwidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }                 // DEL and C1 controls
        if v < 0x300 { return 1 }                // Latin-1 and Latin Extended: no marks, no wide forms
        return tableWidth(v)
    }

    @usableFromInline
    static func tableWidth(_ v: UInt32) -> Int {
        // Enclosed CJK, the CJK ideographs (Extension A and the main block) and Yi: the table's one long wide range
        // (U+3220–U+A48C), answered without the search since most of what the screen measures is Chinese.
        if v >= 0x3220 && v <= 0xA48C { return 2 }
        return rangeIndex(of: v, in: table, stride: 3).map { Int(table[$0 * 3 + 2]) } ?? 1
    }

    /// Binary search in a flat table of sorted, non-overlapping ranges (`stride` values each, `lo, hi` first):
    /// the number of the range holding `v`.
    @usableFromInline
    static func rangeIndex(of v: UInt32, in t: [UInt32], stride: Int) -> Int? {
        var lo = 0
        var hi = t.count / stride - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            if v < t[mid * stride] { hi = mid - 1 } else if v > t[mid * stride + 1] { lo = mid + 1 } else { return mid }
        }
        return nil
    }

    /// Width of one grapheme cluster (what a user sees as one character), 0…2.
    public static func of(_ character: Character) -> Int {
        let utf8 = character.utf8
        if utf8.count == 1 {
            let b = utf8.first!
            return (b >= 0x20 && b < 0x7F) ? 1 : 0
        }
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return of(first) }

        let firstWidth = of(first)
        if firstWidth == 2 { return 2 }          // emoji + modifier, Hangul L+V+T, CJK + variation selector
        if first.value >= 0x1F1E6 && first.value <= 0x1F1FF { return 2 }   // regional-indicator flag
        var sum = firstWidth
        var scalar: Unicode.Scalar? = second
        var hasZWJ = false
        while let s = scalar {
            if s.value == 0xFE0F { return 2 }    // VS16: emoji presentation requested
            if s.value == 0x200D { hasZWJ = true }
            sum += of(s)
            scalar = iterator.next()
        }
        if hasZWJ && first.value > 0x7F && first.properties.isEmoji { return 2 }
        return min(sum, 2)
    }

    /// Width of a string in columns. ASCII strings take a byte scan; others sum their clusters.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var columns = 0
        var ascii = true
        for b in text.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b >= 0x20 && b < 0x7F { columns += 1 }
        }
        if ascii { return columns }
        columns = 0
        for c in text { columns += of(c) }
        return columns
    }

    /// `text` cut to at most `width` columns. When something is cut, the result ends in `ellipsis` (default `…`)
    /// and is exactly `width` columns: a wide character that would straddle the edge is dropped and a space pads
    /// the gap. Never splits a grapheme cluster.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        if width <= 0 { return "" }
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        if ellipsisWidth > width { return String(repeating: " ", count: width) }
        let budget = width - ellipsisWidth
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > budget { break }
            out.append(c)
            used += w
        }
        if used < budget { out += String(repeating: " ", count: budget - used) }
        return out + ellipsis
    }

    /// `text` padded with spaces to exactly `width` columns (truncated with `…` first if it is wider).
    public static func pad(_ text: String, to width: Int, alignment: TextAlignment = .left) -> String {
        if width <= 0 { return "" }
        let fitted = truncate(text, to: width)
        let gap = width - of(fitted)
        if gap <= 0 { return fitted }
        switch alignment {
        case .left:
            return fitted + String(repeating: " ", count: gap)
        case .right:
            return String(repeating: " ", count: gap) + fitted
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
        }
    }

    /// Greedy word wrap to lines of at most `width` columns. Breaks at spaces, between any two wide (CJK)
    /// characters, and inside a word only when the word alone is wider than a line. Explicit `\n` starts a new
    /// line; spaces at a wrap point are dropped. Always returns at least one line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [""] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapParagraph(paragraph, width: width, into: &lines)
        }
        return lines.isEmpty ? [""] : lines
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, into lines: inout [String]) {
        var line = ""
        var lineWidth = 0
        var pendingSpaces = 0          // spaces seen since the last word, emitted only if a word follows on this line

        var wrapped = false
        func flush() {
            wrapped = true
            lines.append(line)
            line = ""
            lineWidth = 0
            pendingSpaces = 0
        }
        func place(_ token: String, _ tokenWidth: Int) {
            if lineWidth > 0 && lineWidth + pendingSpaces + tokenWidth > width { flush() }
            // Spaces are kept between words and as a paragraph's indentation, dropped at a wrap point.
            if lineWidth > 0 || !wrapped {
                let spaces = lineWidth > 0 ? pendingSpaces : min(pendingSpaces, max(0, width - tokenWidth))
                line += String(repeating: " ", count: spaces)
                lineWidth += spaces
            }
            pendingSpaces = 0
            if tokenWidth <= width - lineWidth {
                line += token
                lineWidth += tokenWidth
                return
            }
            // A word wider than the line: hard-break it by clusters.
            for c in token {
                let w = of(c)
                if lineWidth + w > width && lineWidth > 0 { flush() }
                line.append(c)
                lineWidth += w
            }
        }

        var word = ""
        var wordWidth = 0
        for c in paragraph {
            let w = of(c)
            if c == " " {
                if !word.isEmpty { place(word, wordWidth); word = ""; wordWidth = 0 }
                pendingSpaces += 1
            } else if w == 2 {
                if !word.isEmpty { place(word, wordWidth); word = ""; wordWidth = 0 }
                place(String(c), 2)
            } else {
                word.append(c)
                wordWidth += w
            }
        }
        if !word.isEmpty { place(word, wordWidth) }
        lines.append(line)
    }
}

extension StringProtocol {
    /// Terminal columns this text occupies; see `DisplayWidth`.
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension Character {
    /// Terminal columns this character occupies (0…2); see `DisplayWidth`.
    public var displayWidth: Int { DisplayWidth.of(self) }
}
