import WatchfloorCore

/// Plain-text tables for the terminal that align by display width, so Chinese columns line up.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns that may be truncated to keep lines within `maxWidth`.
    var flexible: Set<Int> = []
    var maxWidth = 160

    func render() -> String {
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        if total > maxWidth, !flexible.isEmpty {
            var excess = total - maxWidth
            for i in flexible.sorted() where excess > 0 {
                let cut = min(excess, max(0, widths[i] - 12))
                widths[i] -= cut
                excess -= cut
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let cell = DisplayWidth.truncate(c, to: widths[i])
                return i == cells.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[i])
            }.joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Local wall-clock rendering in the county's zone: `11-22 14:02`.
func localTime(_ t: Timestamp?, offset: Int) -> String {
    guard let t else { return "—" }
    return ISOTime.localMonthDayTime(t, offsetSeconds: offset)
}
