// Column widths by content priority: what a table column needs, and how the columns share a pane's width.

/// What one table column needs: the room below which it is left out, the room it can use, and how much it matters.
///
/// Example: a grid column needs 8 columns for the grid's own name (`第1网格`) and can use 16 for the village too
/// (`北街社区第1网格`); at priority 3 it keeps its 8 before the category (priority 5) is shown at all, and grows to 16
/// before the category grows.
public struct ColumnNeed: Sendable, Equatable {
    /// Lower numbers matter more; columns of equal priority keep their left-to-right order.
    public var priority: Int
    /// Narrower than this, the column says nothing useful: it is left out instead.
    public var minimum: Int
    /// As wide as the column usefully gets (its longest content, or its header).
    public var preferred: Int
    /// Takes whatever room is left once every shown column has its preferred width (the title, the summary).
    public var fills: Bool

    public init(priority: Int, minimum: Int, preferred: Int? = nil, fills: Bool = false) {
        self.priority = priority
        self.minimum = max(0, minimum)
        self.preferred = max(self.minimum, preferred ?? minimum)
        self.fills = fills
    }

    /// A column that is always exactly `width` wide (a level, a time).
    public static func fixed(_ width: Int, priority: Int) -> ColumnNeed { ColumnNeed(priority: priority, minimum: width) }
}

/// Shares a width among columns by priority (k9s and lazygit drop low-value columns first; so do we):
/// 1. in priority order, each column is shown at its minimum while that still fits (with `spacing` between
///    columns); from the first that does not, it and every less important column are left out (width 0), so
///    lower-priority columns always give way first (a `fills` column that does not fit takes what room is left,
///    if any worth having, rather than vanish);
/// 2. in priority order, each shown column grows towards its preferred width while room remains;
/// 3. what is left goes to the first shown `fills` column.
public enum ColumnPlan {
    public static func widths(_ needs: [ColumnNeed], width: Int, spacing: Int = 1) -> [Int] {
        var widths = Array(repeating: 0, count: needs.count)
        var shown = Array(repeating: false, count: needs.count)
        let order = needs.indices.sorted { (needs[$0].priority, $0) < (needs[$1].priority, $1) }
        var used = 0
        var count = 0
        for i in order {
            guard needs[i].minimum > 0 else { continue }
            let cost = needs[i].minimum + (count > 0 ? spacing : 0)
            guard used + cost <= width else {
                // It and everything less important give way; but the text column (the title) is never dropped while
                // a little room is left: a short title says more than none.
                let room = width - used - (count > 0 ? spacing : 0)
                if needs[i].fills && room >= 4 { shown[i] = true; widths[i] = room; used = width }
                break
            }
            shown[i] = true
            widths[i] = needs[i].minimum
            used += cost
            count += 1
        }
        var left = width - used
        for i in order where shown[i] && left > 0 {
            let grow = min(left, needs[i].preferred - widths[i])
            widths[i] += grow
            left -= grow
        }
        if left > 0, let filler = order.first(where: { shown[$0] && needs[$0].fills }) {
            widths[filler] += left
        }
        return widths
    }
}
