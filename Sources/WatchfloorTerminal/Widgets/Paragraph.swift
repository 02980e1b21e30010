// Wrapped text (details, timelines, notes).

import WatchfloorCore

/// Text wrapped to the area's width (see `DisplayWidth.wrap`), scrolled by `scroll` lines.
public struct Paragraph: Sendable {
    public var spans: [Span]
    public var role: Role
    public var scroll: Int

    public init(_ text: String, role: Role = .text, scroll: Int = 0) {
        self.init(spans: [Span(text)], role: role, scroll: scroll)
    }

    /// Several styled pieces; each is wrapped on its own and starts a new line.
    public init(spans: [Span], role: Role = .text, scroll: Int = 0) {
        self.spans = spans
        self.role = role
        self.scroll = scroll
    }

    /// Lines after wrapping to `width`, with their roles.
    public func lines(width: Int) -> [(String, Role)] {
        spans.flatMap { span in DisplayWidth.wrap(span.text, width: width).map { ($0, span.role ?? role) } }
    }

    /// Draws the visible lines; returns the total number of wrapped lines (to bound scrolling).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Int {
        guard area.width > 0 else { return 0 }
        let all = lines(width: area.width)
        for (i, (line, r)) in all.dropFirst(max(0, scroll)).prefix(area.height).enumerated() {
            buffer.put(line, x: area.x, y: area.y + i, style: theme[r], maxWidth: area.width)
        }
        return all.count
    }
}
