// A table with Chinese-aware column widths, alignment, truncation, selection and scrolling.

import WatchfloorCore

/// A table column: header text, width rule (`Constraint`, as for layout) and alignment.
public struct TableColumn: Sendable {
    public var title: String
    public var width: Constraint
    public var alignment: TextAlignment

    public init(_ title: String, width: Constraint, alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// One row: a list of spans per column, and an optional role for the whole row (e.g. `.overdue`).
public struct TableRow: Sendable {
    public var cells: [[Span]]
    public var role: Role?

    public init(cells: [[Span]], role: Role? = nil) {
        self.cells = cells
        self.role = role
    }

    /// A row of plain texts.
    public init(_ texts: [String], role: Role? = nil) {
        self.init(cells: texts.map { [Span($0)] }, role: role)
    }
}

/// A table widget. Columns are laid out with `Rect.split` (one space between columns); each cell is truncated with
/// `…` to its column and aligned by display width. The selected row is highlighted and kept in view.
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var rows: [TableRow]
    public var selected: Int?
    /// First visible row; adjust it with `scrollOffset` so the selection stays visible.
    public var offset: Int
    public var showHeader: Bool
    /// Whether the table's pane has focus (selection role `.selection` vs `.selectionUnfocused`).
    public var focused: Bool

    public init(columns: [TableColumn], rows: [TableRow], selected: Int? = nil, offset: Int = 0,
                showHeader: Bool = true, focused: Bool = true) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.offset = offset
        self.showHeader = showHeader
        self.focused = focused
    }

    /// The scroll offset that keeps `selected` visible with the least movement from `offset`.
    public static func scrollOffset(selected: Int?, offset: Int, visibleRows: Int, rowCount: Int) -> Int {
        guard visibleRows > 0 else { return 0 }
        var o = max(0, min(offset, rowCount - visibleRows))
        if let s = selected {
            if s < o { o = s }
            if s >= o + visibleRows { o = s - visibleRows + 1 }
        }
        return max(0, o)
    }

    /// Rows of data that fit in `area` (excluding the header).
    public func visibleRowCount(in area: Rect) -> Int { max(0, area.height - (showHeader ? 1 : 0)) }

    /// Draws the table; returns the scroll offset used (store it for the next frame).
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Int {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return offset }
        let gutter = theme.rowMarkers && area.width > 10 ? 1 : 0
        let columnRects = Rect(x: area.x + gutter, y: area.y, width: area.width - gutter, height: 1)
            .split(.horizontal, columns.map(\.width), spacing: 1)
        var y = area.y
        if showHeader {
            buffer.fill(area.row(0), style: theme[.header])
            for (col, r) in zip(columns, columnRects) where r.width > 0 {
                buffer.put(DisplayWidth.pad(col.title, to: r.width, alignment: col.alignment), x: r.x, y: y,
                           style: theme[.header])
            }
            y += 1
        }
        let visible = visibleRowCount(in: area)
        let first = Table.scrollOffset(selected: selected, offset: offset, visibleRows: visible, rowCount: rows.count)
        for index in first..<min(rows.count, first + visible) {
            let row = rows[index]
            let rowStyle = theme[row.role ?? .text]
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: rowStyle)
            for (c, r) in columnRects.enumerated() where r.width > 0 && c < row.cells.count {
                render(cell: row.cells[c], alignment: columns[c].alignment, in: Rect(x: r.x, y: y, width: r.width,
                       height: 1), rowStyle: rowStyle, buffer: &buffer, theme: theme)
            }
            if index == selected {
                buffer.patchStyle(Rect(x: area.x, y: y, width: area.width, height: 1),
                                  with: theme[focused ? .selection : .selectionUnfocused])
            }
            if gutter > 0 {
                let marker = row.role == .flash ? "!" : index == selected && !focused ? "▶" : nil
                if let marker { buffer.put(marker, x: area.x, y: y, style: theme[.critical].patched(with: Style(attributes: .bold))) }
            }
            y += 1
        }
        return first
    }

    private func render(cell spans: [Span], alignment: TextAlignment, in r: Rect, rowStyle: Style,
                        buffer: inout Buffer, theme: Theme) {
        let total = spans.reduce(0) { $0 + DisplayWidth.of($1.text) }
        if total > r.width {
            // Too wide: keep what fits before a "…" (1 column, 2 where ambiguous characters are wide), then the
            // "…" in the style of the span that was cut.
            let budget = max(0, r.width - DisplayWidth.of("…"))
            var used = 0
            var cutStyle = rowStyle
            for span in spans {
                let st = style(span, rowStyle, theme)
                cutStyle = st
                let w = DisplayWidth.of(span.text)
                if used + w <= budget {
                    used += buffer.put(span.text, x: r.x + used, y: r.y, style: st)
                    continue
                }
                for ch in span.text {
                    let cw = DisplayWidth.of(ch)
                    if used + cw > budget { break }
                    used += buffer.put(String(ch), x: r.x + used, y: r.y, style: st)
                }
                break
            }
            buffer.put(String(repeating: " ", count: budget - used) + "…", x: r.x + used, y: r.y, style: cutStyle,
                       maxWidth: r.maxX - r.x - used)
            return
        }
        let gap = r.width - total
        var x = r.x + (alignment == .left ? 0 : alignment == .right ? gap : gap / 2)
        for span in spans {
            x += buffer.put(span.text, x: x, y: r.y, style: style(span, rowStyle, theme), maxWidth: r.maxX - x)
        }
    }

    private func style(_ span: Span, _ rowStyle: Style, _ theme: Theme) -> Style {
        span.role.map { rowStyle.patched(with: theme[$0]) } ?? rowStyle
    }
}
