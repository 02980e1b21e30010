import Testing
@testable import WatchfloorTerminal

/// Column widths by priority: minimums first in priority order, then preferred widths, then the rest to the filler.
@Suite struct ColumnPlanTests {
    // Level, title (fills), grid (8…16), category (8…16), acked by (6…8).
    let needs = [
        ColumnNeed.fixed(2, priority: 0),
        ColumnNeed(priority: 1, minimum: 20, fills: true),
        ColumnNeed(priority: 3, minimum: 8, preferred: 16),
        ColumnNeed(priority: 5, minimum: 8, preferred: 16),
        ColumnNeed(priority: 6, minimum: 6, preferred: 8),
    ]

    @Test func everythingFitsAndTheFillerTakesTheRest() {
        let w = ColumnPlan.widths(needs, width: 120)
        #expect(w == [2, 120 - 4 - 2 - 16 - 16 - 8, 16, 16, 8])
    }

    @Test func lowerPrioritiesGiveWayFirst() {
        // 2+20+8+8+6 plus 4 gaps = 48: all at their minimum; the grid grows before the category.
        #expect(ColumnPlan.widths(needs, width: 52) == [2, 20, 12, 8, 6])
        // 47: the acked-by column no longer fits at its minimum and is left out, not the grid.
        #expect(ColumnPlan.widths(needs, width: 47) == [2, 20, 14, 8, 0])
        // 32: level, title and the grid's own name; the rest gives way.
        #expect(ColumnPlan.widths(needs, width: 32) == [2, 20, 8, 0, 0])
        // 10: the title does not fit at its minimum: it takes what is left, and nothing less important shows.
        #expect(ColumnPlan.widths(needs, width: 10) == [2, 7, 0, 0, 0])
        #expect(ColumnPlan.widths(needs, width: 5) == [2, 0, 0, 0, 0])
    }

    @Test func widthsAndGapsAddUpExactly() {
        for width in 0...200 {
            let w = ColumnPlan.widths(needs, width: width)
            let shown = w.filter { $0 > 0 }
            let used = shown.reduce(0, +) + max(0, shown.count - 1)
            #expect(used <= width)
            if w[1] > 0 { #expect(used == width, "the filler takes what is left at \(width)") }
            for (i, n) in needs.enumerated() where w[i] > 0 && !n.fills { #expect(w[i] >= n.minimum) }
        }
    }

    @Test func equalPrioritiesKeepTheirOrder() {
        let same = [ColumnNeed.fixed(4, priority: 1), .fixed(4, priority: 1), .fixed(4, priority: 1)]
        #expect(ColumnPlan.widths(same, width: 9) == [4, 4, 0])
    }
}
