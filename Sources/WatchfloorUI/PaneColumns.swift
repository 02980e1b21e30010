// A pane's table declared as columns with needs (ColumnPlan) and cell makers, so every pane gives room the same
// way: what matters most keeps its room, lower-priority columns give way first, per pane and per language.

import WatchfloorCore
import WatchfloorTerminal

/// One column of a pane's table: its header (which may depend on the width it got), how it gives way, and the
/// cell it shows for an item at that width.
struct PaneColumn<Item> {
    var header: (Int) -> String
    var need: ColumnNeed
    var alignment: TextAlignment
    var cell: (Item, Int) -> [Span]

    init(_ header: String, _ need: ColumnNeed, alignment: TextAlignment = .left, cell: @escaping (Item, Int) -> [Span]) {
        self.init(header: { _ in header }, need, alignment: alignment, cell: cell)
    }

    init(header: @escaping (Int) -> String, _ need: ColumnNeed, alignment: TextAlignment = .left,
         cell: @escaping (Item, Int) -> [Span]) {
        self.header = header
        self.need = need
        self.alignment = alignment
        self.cell = cell
    }
}

extension Model {
    /// Lays `columns` out in `width` (less the row-marker gutter the table keeps) and makes the rows; columns that
    /// got no room are left out of both.
    func plannedTable<Item>(_ columns: [PaneColumn<Item>], items: [Item], width: Int,
                            role: (Item) -> Role? = { _ in nil }) -> ([TableColumn], [TableRow]) {
        let gutter = theme.rowMarkers && width > 10 ? 1 : 0
        let widths = ColumnPlan.widths(columns.map(\.need), width: width - gutter)
        let kept = columns.indices.filter { widths[$0] > 0 }
        let tableColumns = kept.map {
            TableColumn(columns[$0].header(widths[$0]), width: .fixed(widths[$0]), alignment: columns[$0].alignment)
        }
        let rows = items.map { item in
            TableRow(cells: kept.map { columns[$0].cell(item, widths[$0]) }, role: role(item))
        }
        return (tableColumns, rows)
    }

    /// The widest of some labels in the UI's language (a status column fits every status it may show).
    func widest(_ labels: [Bilingual]) -> Int {
        labels.map { DisplayWidth.of($0.text(language)) }.max() ?? 1
    }

    /// Widest of `texts`, at most `cap` (content-sized columns that must not run away with the row).
    func widest(_ texts: [String], cap: Int) -> Int {
        min(cap, texts.map { DisplayWidth.of($0) }.max() ?? 0)
    }
}
