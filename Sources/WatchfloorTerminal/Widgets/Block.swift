// A bordered box with a width-aware title: the frame of every pane and dialog.

import WatchfloorCore

/// A piece of text with an optional role (`nil`: the surrounding role).
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var role: Role?

    public init(_ text: String, role: Role? = nil) {
        self.text = text
        self.role = role
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// Border characters.
public struct BorderSet: Sendable {
    public var topLeft, top, topRight, side, bottomLeft, bottomRight: Character

    public static let plain = BorderSet(topLeft: "┌", top: "─", topRight: "┐", side: "│", bottomLeft: "└",
                                        bottomRight: "┘")
    public static let heavy = BorderSet(topLeft: "┏", top: "━", topRight: "┓", side: "┃", bottomLeft: "┗",
                                        bottomRight: "┛")
    public static let double = BorderSet(topLeft: "╔", top: "═", topRight: "╗", side: "║", bottomLeft: "╚",
                                         bottomRight: "╝")
    /// For terminals that draw box drawing two columns wide (`[ui] ambiguous_wide`): ASCII is one column everywhere.
    public static let ascii = BorderSet(topLeft: "+", top: "-", topRight: "+", side: "|", bottomLeft: "+",
                                        bottomRight: "+")
    public static let asciiFocused = BorderSet(topLeft: "#", top: "=", topRight: "#", side: "#", bottomLeft: "#",
                                               bottomRight: "#")
}

/// A border box. Focused blocks use the heavy border and the focused roles so focus shows without colour too.
///
/// Example: `let inner = Block(title: "事件 Incidents", focused: true).render(into: &buf, area: r, theme: theme)`.
public struct Block: Sendable {
    public var title: String?
    /// Text at the right of the top border, e.g. a count "12/340".
    public var rightTitle: String?
    public var focused: Bool
    public var borderRole: Role?
    public var titleRole: Role?
    /// Role filling the inside (`nil`: leave the inside alone).
    public var fillRole: Role?
    public var borders: BorderSet?

    public init(title: String? = nil, rightTitle: String? = nil, focused: Bool = false, borderRole: Role? = nil,
                titleRole: Role? = nil, fillRole: Role? = nil, borders: BorderSet? = nil) {
        self.title = title
        self.rightTitle = rightTitle
        self.focused = focused
        self.borderRole = borderRole
        self.titleRole = titleRole
        self.fillRole = fillRole
        self.borders = borders
    }

    /// Draws the block and returns the area inside the border.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Rect {
        let area = area.intersection(buffer.area)
        guard area.width >= 2, area.height >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let border = theme[borderRole ?? (focused ? .borderFocused : .border)]
        let titleStyle = theme[titleRole ?? (focused ? .titleFocused : .title)]
        let b = DisplayWidth.ambiguousIsWide ? (focused ? BorderSet.asciiFocused : .ascii)
            : borders ?? (focused ? .heavy : .plain)
        let inner = area.inset(by: 1)
        if let fillRole { buffer.fill(inner, style: theme[fillRole]) }
        let top = String(repeating: b.top, count: area.width - 2)
        buffer.put(String(b.topLeft) + top + String(b.topRight), x: area.x, y: area.y, style: border)
        buffer.put(String(b.bottomLeft) + top + String(b.bottomRight), x: area.x, y: area.maxY - 1, style: border)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.put(String(b.side), x: area.x, y: y, style: border)
            buffer.put(String(b.side), x: area.maxX - 1, y: y, style: border)
        }
        // Titles sit on the top border with one space of padding: "┌ 事件 ───── 3/12 ┐".
        var rightUsed = 0
        if let rightTitle, area.width > 8 {
            let text = " " + DisplayWidth.truncate(rightTitle, to: max(1, (area.width - 4) / 2)) + " "
            rightUsed = DisplayWidth.of(text)
            buffer.put(text, x: area.maxX - 2 - rightUsed, y: area.y, style: titleStyle)
        }
        if let title, area.width > 4 {
            let room = area.width - 4 - (rightUsed > 0 ? rightUsed + 1 : 0)
            if room > 0 {
                let text = " " + DisplayWidth.truncate(title, to: room) + " "
                buffer.put(text, x: area.x + 1, y: area.y, style: titleStyle, maxWidth: room + 2)
            }
        }
        return inner
    }
}
