// A one-line editor for the `/` filter and the `:` command line.

import WatchfloorCore

/// Line-editing state. The cursor is an index in grapheme clusters; on screen it sits at the display width of the
/// text before it, so it lands on the right column after Chinese text. Readline-style keys: ←/→, Home/End,
/// Ctrl-A/Ctrl-E, Backspace, Delete, Ctrl-U (clear before), Ctrl-K (clear after), Ctrl-W (delete word before).
public struct TextInput: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable { case ignored, edited, moved, submitted, cancelled }

    public private(set) var text: String
    /// Cursor position in characters, 0…text.count.
    public private(set) var cursor: Int
    /// Longest accepted text in characters.
    public var maxLength: Int

    public init(text: String = "", maxLength: Int = 256) {
        self.text = text
        self.cursor = text.count
        self.maxLength = maxLength
    }

    /// Display columns before the cursor.
    public var cursorColumn: Int { DisplayWidth.of(text.prefix(cursor)) }

    public mutating func handle(_ key: Key) -> Outcome {
        var chars = Array(text)
        defer { text = String(chars) }
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .left: if cursor > 0 { cursor -= 1; return .moved }; return .ignored
        case .right: if cursor < chars.count { cursor += 1; return .moved }; return .ignored
        case .home, .ctrl("a"): cursor = 0; return .moved
        case .end, .ctrl("e"): cursor = chars.count; return .moved
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .ignored }
            chars.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return .ignored }
            chars.remove(at: cursor)
            return .edited
        case .ctrl("u"):
            chars.removeSubrange(0..<cursor)
            cursor = 0
            return .edited
        case .ctrl("k"):
            chars.removeSubrange(cursor...)
            return .edited
        case .ctrl("w"):
            var start = cursor
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .char(let c):
            // Keys arrive a scalar at a time, so a ZWJ sequence, a flag, VS16, a skin tone or a combining mark is
            // typed in pieces: join each piece to the text and let String re-segment, so the cursor moves by whole
            // grapheme clusters (`👩‍🚒` is one step of ←, one Backspace).
            guard let first = c.unicodeScalars.first, first.value >= 0x20, !(0x7F..<0xA0).contains(first.value)
            else { return .ignored }
            let before = String(chars[..<cursor]) + String(c)
            let joined = Array(before + String(chars[cursor...]))
            guard joined.count <= maxLength || joined.count == chars.count else { return .ignored }
            cursor = before.count
            chars = joined
            return .edited
        default:
            return .ignored
        }
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func set(_ newText: String) {
        text = String(newText.prefix(maxLength))
        cursor = text.count
    }

    /// Draws `prompt` then the text, scrolled horizontally so the cursor is visible; the cursor is a highlighted
    /// cell (the terminal cursor stays hidden). Returns the screen column of the cursor.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, prompt: String = "", theme: Theme,
                       focused: Bool = true) -> Int {
        guard area.height > 0, area.width > 0 else { return area.x }
        let style = theme[.input]
        buffer.fill(area.row(0), style: style)
        let promptWidth = buffer.put(prompt, x: area.x, y: area.y, style: style, maxWidth: area.width - 1)
        let room = area.width - promptWidth
        guard room > 0 else { return area.maxX - 1 }
        let chars = Array(text)
        // Scroll: start at the first character such that the text up to the cursor (plus the cursor cell) fits.
        var start = 0
        let cursorCell = cursor < chars.count ? max(1, DisplayWidth.of(chars[cursor])) : 1
        while start < cursor && DisplayWidth.of(String(chars[start..<cursor])) + cursorCell > room { start += 1 }
        var x = area.x + promptWidth
        var cursorX = x
        for i in start...chars.count {
            if i == cursor { cursorX = x }
            guard i < chars.count else { break }
            let w = DisplayWidth.of(chars[i])
            if x + w > area.maxX { break }
            let st = (focused && i == cursor) ? theme[.inputCursor] : style
            x += buffer.put(String(chars[i]), x: x, y: area.y, style: st)
        }
        if focused && cursor >= chars.count && cursorX < area.maxX {
            buffer.put(" ", x: cursorX, y: area.y, style: theme[.inputCursor])
        }
        return cursorX
    }
}
