// The one-line status bar: left, centre and right segments (clock, operator, store health, ingest rate, counts).

import WatchfloorCore

/// A status bar. Right wins over centre and centre over left when space runs out; each segment is truncated with
/// `…` rather than overlapping another.
public struct StatusBar: Sendable {
    public var left: [Span]
    public var center: [Span]
    public var right: [Span]
    public var role: Role

    public init(left: [Span] = [], center: [Span] = [], right: [Span] = [], role: Role = .statusBar) {
        self.left = left
        self.center = center
        self.right = right
        self.role = role
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height))
            .intersection(buffer.area)
        guard !row.isEmpty else { return }
        let base = theme[role]
        buffer.fill(row, style: base)
        func width(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }
        func draw(_ spans: [Span], x: Int, room: Int) {
            guard room > 0 else { return }
            let total = width(spans)
            var used = 0
            for span in spans {
                let st = span.role.map { base.patched(with: theme[$0]) } ?? base
                let left = room - used
                if left <= 0 { break }
                let text = total > room && DisplayWidth.of(span.text) >= left
                    ? DisplayWidth.truncate(span.text, to: left) : span.text
                used += buffer.put(text, x: x + used, y: row.y, style: st, maxWidth: left)
            }
        }
        let rw = min(width(right), row.width)
        let rightX = row.maxX - rw
        draw(right, x: rightX, room: rw)
        let cw = min(width(center), max(0, rightX - row.x - 1))
        let centerX = max(row.x, min(row.x + (row.width - cw) / 2, rightX - 1 - cw))
        if cw > 0 { draw(center, x: centerX, room: cw) }
        let leftLimit = (cw > 0 ? centerX : rightX) - row.x - 1
        draw(left, x: row.x, room: min(width(left), max(0, leftLimit)))
    }
}
