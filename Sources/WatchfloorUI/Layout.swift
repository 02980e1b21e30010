// Where the panes go for a given screen size: a 2×2 grid when wide, stacked panes when narrow (the focused one
// taller), tabs when too low for every stacked pane to keep three data rows (80×24), one pane when zoomed; below
// the minimum, the too-small notice. Panes come from `PaneID.allCases`, so a further view slots in by adding a case.

import WatchfloorTerminal

struct Layout: Equatable {
    static let minWidth = 60
    static let minHeight = 16
    /// From here on the four panes sit in a 2×2 grid.
    static let wideWidth = 110
    static let wideHeight = 22

    var body: Rect
    var messageLine: Rect
    var statusBar: Rect
    var panes: [PaneID: Rect]
    var tooSmall: Bool
    /// Tabs instead of stacked panes: the screen is too low for every pane to keep three data rows, so the focused
    /// pane takes the body below a one-row tab strip naming every pane with its count (1–4 or Tab switch).
    var tabBar: Rect?
    /// Rows a stacked pane needs for three data rows: borders, header, three rows.
    static let stackedPaneMinHeight = 6
    /// From this body height on, the 2×2 grid's right column holds the map, the alerts and public opinion.
    static let opinionBesideHeight = 36

    init(size: Size, focus: PaneID, zoomed: Bool) {
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        tooSmall = size.width < Layout.minWidth || size.height < Layout.minHeight
        let rows = screen.split(.vertical, [.fill(1), .fixed(1), .fixed(1)])
        body = rows[0]
        messageLine = rows[1]
        statusBar = rows[2]
        panes = [:]
        guard !tooSmall else { return }
        if zoomed {
            panes[focus] = body
        } else if size.width >= Layout.wideWidth && size.height >= Layout.wideHeight {
            let columns = body.split(.horizontal, [.percent(58), .fill(1)])
            let left = columns[0].split(.vertical, [.percent(55), .fill(1)])
            panes[.incidents] = left[0]
            panes[.hotline] = left[1]
            if body.height >= Layout.opinionBesideHeight {
                let right = columns[1].split(.vertical, [.percent(40), .percent(30), .fill(1)])
                panes[.grid] = right[0]
                panes[.alerts] = right[1]
                panes[.opinion] = right[2]
            } else {
                // Too low for a third pane on the right: public opinion is a tab beside the alerts, shown while
                // it has focus (5), the alerts otherwise (4).
                let right = columns[1].split(.vertical, [.percent(45), .fill(1)])
                panes[.grid] = right[0]
                panes[focus == .opinion ? .opinion : .alerts] = right[1]
            }
        } else if body.height < Layout.stackedPanes(focus: focus).count * Layout.stackedPaneMinHeight {
            let parts = body.split(.vertical, [.fixed(1), .fill(1)])
            tabBar = parts[0]
            panes[focus] = parts[1]
        } else {
            // Stacked in focus-key order: the others keep a few rows each (at least one data row), the focused pane
            // takes the rest.
            let order = Layout.stackedPanes(focus: focus)
            let other = max(Layout.stackedPaneMinHeight, min(7, (body.height - 6) / order.count))
            let parts = body.split(.vertical, order.map { $0 == focus ? .fill(1) : .fixed(other) })
            for (pane, rect) in zip(order, parts) { panes[pane] = rect }
        }
    }

    /// The panes stacked on a narrow screen: public opinion shares the alerts' place (a tab beside them, shown
    /// while it has focus), so four panes keep their rows.
    static func stackedPanes(focus: PaneID) -> [PaneID] {
        PaneID.allCases.filter { $0 != (focus == .opinion ? .alerts : .opinion) }
    }

    /// Data rows a pane's table can show (inside the border, below the header).
    func visibleRows(_ pane: PaneID) -> Int {
        guard let r = panes[pane] else { return 0 }
        return max(0, r.height - 3)
    }
}
