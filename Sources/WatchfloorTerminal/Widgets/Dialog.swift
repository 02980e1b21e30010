// A centred dialog drawn over whatever is on screen (confirmations, notes, errors).

import WatchfloorCore

/// A modal box centred in an area. Its rectangle is cleared first, and `Buffer` blanks the far half of any wide
/// character cut by the dialog's edge, so no half-glyph debris is left around it.
public struct Dialog: Sendable {
    public var title: String
    public var body: String
    /// Hint line at the bottom, e.g. "[y] 确认  [n] 取消".
    public var footer: String?
    /// Preferred outer width (clamped to the area); `nil`: fit the content, at most 60 columns.
    public var width: Int?
    public var role: Role

    public init(title: String, body: String, footer: String? = nil, width: Int? = nil, role: Role = .dialog) {
        self.title = title
        self.body = body
        self.footer = footer
        self.width = width
        self.role = role
    }

    /// `text` wrapped to `width` and cut to at most `lines` lines, the last one ending in `…` when anything was
    /// cut. For untrusted text (titles, summaries) in dialogs, so the dialog's input and footer stay on screen.
    public static func clamp(_ text: String, width: Int, lines: Int) -> String {
        let wrapped = DisplayWidth.wrap(text, width: max(1, width))
        guard wrapped.count > lines, lines > 0 else { return wrapped.joined(separator: "\n") }
        var kept = Array(wrapped.prefix(lines))
        kept[lines - 1] = DisplayWidth.truncate(kept[lines - 1] + " …", to: max(1, width))
        if !kept[lines - 1].hasSuffix("…") { kept[lines - 1] += "…" }
        return kept.joined(separator: "\n")
    }

    /// Where the dialog goes inside `area`.
    public func frame(in area: Rect) -> Rect {
        let contentWidth = max(DisplayWidth.of(title) + 4,
                               body.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 0,
                               footer.map { DisplayWidth.of($0) } ?? 0)
        let outerWidth = min(area.width, width ?? min(60, contentWidth + 4))
        let lines = DisplayWidth.wrap(body, width: max(1, outerWidth - 4))
        let outerHeight = min(area.height, lines.count + 2 + (footer == nil ? 0 : 2))
        return area.centered(width: outerWidth, height: outerHeight)
    }

    /// Draws the dialog; returns its outer rectangle.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Rect {
        let box = frame(in: area)
        guard box.width >= 4, box.height >= 3 else { return box }
        buffer.fill(box, style: theme[role])
        let inner = Block(title: title, focused: true, borderRole: .dialogBorder, titleRole: .dialogTitle,
                          fillRole: role, borders: .double).render(into: &buffer, area: box, theme: theme)
        let text = inner.inset(left: 1, right: 1)
        let lines = DisplayWidth.wrap(body, width: max(1, text.width))
        let bodyRows = footer == nil ? text.height : max(0, text.height - 2)
        for (i, line) in lines.prefix(bodyRows).enumerated() {
            buffer.put(line, x: text.x, y: text.y + i, style: theme[role], maxWidth: text.width)
        }
        if let footer, text.height >= 2 {
            buffer.put(DisplayWidth.pad(footer, to: text.width, alignment: .center), x: text.x, y: text.maxY - 1,
                       style: theme[.dialogTitle], maxWidth: text.width)
        }
        return box
    }
}
