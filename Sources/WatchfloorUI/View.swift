// Model → Buffer: a pure function of the state (ratatui's immediate mode). The runtime diffs frames.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

extension Model {
    /// Renders the whole screen into `buffer` (resized to the model's size).
    public func view(into buffer: inout Buffer) {
        if buffer.width != size.width || buffer.height != size.height {
            buffer = Buffer(width: size.width, height: size.height)
        }
        buffer.clear(style: theme[.text])
        let layout = self.layout
        if layout.tooSmall {
            TooSmallNotice(minWidth: Layout.minWidth, minHeight: Layout.minHeight, language: language)
                .render(into: &buffer, theme: theme)
            return
        }
        if let detail {
            renderDetail(detail, into: &buffer, area: layout.body)
        } else {
            if let tabBar = layout.tabBar { renderTabs(into: &buffer, area: tabBar) }
            for pane in PaneID.allCases {
                guard let rect = layout.panes[pane] else { continue }
                renderPane(pane, into: &buffer, area: rect)
            }
        }
        renderMessageLine(into: &buffer, area: layout.messageLine)
        renderStatusBar(into: &buffer, area: layout.statusBar)
        renderOverlay(into: &buffer, layout: layout)
    }

    /// A fresh frame.
    public func frame() -> Buffer {
        var b = Buffer(width: size.width, height: size.height)
        view(into: &b)
        return b
    }

    // MARK: Panes

    /// A pane's name; `short` for a crowded tab strip ("告警" for "安全告警").
    func paneName(_ pane: PaneID, short: Bool = false) -> String {
        switch pane {
        case .incidents: language.pick("事件", "Incidents")
        case .grid: language.pick("网格", "Grids")
        case .hotline: language.pick("12345 工单", short ? "12345" : "12345 hotline")
        case .alerts: short ? language.pick("告警", "Alerts") : language.pick("安全告警", "Security alerts")
        case .opinion: short ? language.pick("舆情", "Opinion") : language.pick("网络舆情", "Public opinion")
        }
    }

    func gridLabel(_ code: String) -> String { gridNames[code] ?? code }

    /// A grid's name for a narrow table column, its own part always kept: the township taken off the front
    /// ("北街社区第1网格"); when still too wide, the village shortened ("北街…第1网格"); failing that, the grid's own
    /// name alone ("第1网格"), or its end ("…1网格"). (Cutting at the end showed only the township, so the grid
    /// itself was never seen.)
    func gridCell(_ code: String, width: Int) -> String {
        let name = gridLabel(code)
        func strip(_ prefixLength: Int, from text: String) -> (parent: String, own: String)? {
            guard code.count > prefixLength, let parent = gridNames[String(code.prefix(prefixLength))],
                  text.hasPrefix(parent), text != parent else { return nil }
            return (parent, String(text.dropFirst(parent.count)))
        }
        let belowTownship = strip(9, from: name)?.own ?? name
        if DisplayWidth.of(belowTownship) <= width || width < 4 { return belowTownship }
        if let village = strip(12, from: name) {
            let villageOwn = strip(9, from: village.parent)?.own ?? village.parent
            let room = width - DisplayWidth.of(village.own)
            if room >= 5 {                         // two characters of the village and "…", or nothing of it
                let cut = DisplayWidth.truncate(villageOwn, to: room).replacingOccurrences(of: " …", with: "…")
                return cut + village.own
            }
            if room >= 0 { return village.own }     // the grid's own name, whole ("第1网格")
        }
        var tail = ""
        for c in belowTownship.reversed() {
            if DisplayWidth.of(tail) + DisplayWidth.of(c) > width - DisplayWidth.of("…") { break }
            tail.insert(c, at: tail.startIndex)
        }
        return "…" + tail
    }

    /// The grid's own name, below its village ("第1网格"): the least a grid column must show.
    func gridOwnName(_ code: String) -> String {
        let name = gridLabel(code)
        guard code.count > 12, let village = gridNames[String(code.prefix(12))], name.hasPrefix(village), name != village
        else { return gridCell(code, width: .max) }
        return String(name.dropFirst(village.count))
    }

    /// "1 事件 · 网格 龙泉镇 · /水库" on the left, "3/12" on the right.
    func paneTitles(_ pane: PaneID) -> (String, String) {
        let state = panes[pane] ?? PaneState()
        var title = "\(pane.rawValue + 1) \(paneName(pane))"
        if let county = countyFilter { title += " · " + language.pick("县 ", "county ") + county }
        if pane != .grid, let g = gridFilter { title += " · " + language.pick("网格 ", "grid ") + gridLabel(g) }
        if pane == .grid, let g = gridFilter { title += " · " + language.pick("已选 ", "selected ") + gridLabel(g) }
        if let t = state.text { title += " · /" + t }
        if zoomed && pane == focus { title += language.pick(" · 放大", " · zoomed") }
        let total = state.total
        let count = total == 0 ? "0" : "\(min(state.selected + 1, total))/\(total)"
        return (title, count)
    }

    /// The tab strip of the tabs layout: "▶1 事件 114  2 网格  3 12345 工单 294  4 安全告警 61  5 网络舆情 12";
    /// shorter names when the full ones do not fit (public opinion's first), then only the focused pane's count,
    /// so every pane's key stays visible.
    func renderTabs(into buffer: inout Buffer, area: Rect) {
        func strip(counts: Bool = true, _ name: (PaneID) -> String) -> [(String, Style)] {
            var spans: [(String, Style)] = []
            for pane in PaneID.allCases {
                let total = panes[pane]?.total ?? 0
                let count = pane == .grid || total == 0 || !(counts || pane == focus) ? "" : " \(total)"
                let on = pane == focus
                spans.append(((on ? "▶" : " ") + "\(pane.rawValue + 1) \(name(pane))\(count) ", theme[on ? .titleFocused : .dim]))
                spans.append((" ", theme[.text]))
            }
            return spans
        }
        let candidates = [strip { paneName($0) }, strip { paneName($0, short: $0 == .opinion) }, strip { paneName($0, short: true) },
                          strip(counts: false) { paneName($0, short: true) }]
        let spans = candidates.first { $0.reduce(0) { $0 + DisplayWidth.of($1.0) } <= area.width + 1 } ?? candidates[3]
        buffer.put(spans: spans, x: area.x, y: area.y, maxWidth: area.width)
    }

    func renderPane(_ pane: PaneID, into buffer: inout Buffer, area: Rect) {
        let focused = pane == focus
        if pane == .grid, let map {
            // Where the map gets more width than its shape can use (narrow screens, tabs), a ranked load list sits
            // beside it, so the busiest areas read at once even when the map is small.
            if size.width < Layout.wideWidth, area.width >= 60, !zoomed || size.height < 30 {
                let parts = area.split(.horizontal, [.fixed(min(30, area.width / 3)), .fill(1)])
                renderLoadRanking(map, into: &buffer, area: parts[0], focused: focused)
                map.render(into: &buffer, area: parts[1], theme: theme, language: language, focused: focused)
            } else {
                map.render(into: &buffer, area: area, theme: theme, language: language, focused: focused)
            }
            return
        }
        let (title, count) = paneTitles(pane)
        let inner = Block(title: title, rightTitle: count, focused: focused).render(into: &buffer, area: area, theme: theme)
        guard inner.height > 0, inner.width > 0 else { return }
        let state = panes[pane] ?? PaneState()
        guard let data = state.data else {
            buffer.put(language.pick("载入中…", "loading…"), x: inner.x + 1, y: inner.y, style: theme[.dim],
                       maxWidth: inner.width - 1)
            return
        }
        let (columns, rows) = table(for: data, width: inner.width)
        let selected = state.selected - data.offset
        Table(columns: columns, rows: rows, selected: (0..<rows.count).contains(selected) ? selected : nil,
              focused: focused).render(into: &buffer, area: inner, theme: theme)
        if rows.isEmpty && inner.height >= 2 {
            let empty = state.text != nil || (pane != .grid && gridFilter != nil)
                ? language.pick("没有符合筛选条件的条目", "nothing matches the filter")
                : language.pick("暂无待处理条目", "nothing open")
            buffer.put(DisplayWidth.pad(empty, to: inner.width, alignment: .center), x: inner.x, y: inner.y + 1,
                       style: theme[.dim])
        }
    }

    func table(for data: PaneSnapshot, width: Int) -> ([TableColumn], [TableRow]) {
        switch data {
        case .incidents(let rows, _, _): return incidentTable(rows, width: width)
        case .hotline(let rows, _, _): return hotlineTable(rows, width: width)
        case .alerts(let rows, _, _): return alertTable(rows, width: width)
        case .grid(let rows, _, _): return gridTable(rows, width: width)
        case .opinion(let rows, _, _): return opinionTable(rows, width: width)
        }
    }
}
