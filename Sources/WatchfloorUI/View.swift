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

    func paneName(_ pane: PaneID) -> String {
        switch pane {
        case .incidents: language.pick("事件", "Incidents")
        case .grid: language.pick("网格", "Grids")
        case .hotline: language.pick("12345 工单", "12345 hotline")
        case .alerts: language.pick("安全告警", "Security alerts")
        }
    }

    func gridLabel(_ code: String) -> String { gridNames[code] ?? code }

    /// A grid's name for a narrow table column, its own part always kept: the township taken off the front
    /// ("北街社区第1网格"); when still too wide, the village shortened ("北街…第1网格"); failing that, the end kept
    /// ("…第1网格"). (Cutting at the end showed only the township, so the grid itself was never seen.)
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
            if room >= 3 {
                let cut = DisplayWidth.truncate(villageOwn, to: room).replacingOccurrences(of: " …", with: "…")
                return cut + village.own
            }
        }
        var tail = ""
        for c in belowTownship.reversed() {
            if DisplayWidth.of(tail) + DisplayWidth.of(c) > width - DisplayWidth.of("…") { break }
            tail.insert(c, at: tail.startIndex)
        }
        return "…" + tail
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

    /// The tab strip of the tabs layout: "▶1 事件 114  2 网格  3 12345 工单 294  4 安全告警 61".
    func renderTabs(into buffer: inout Buffer, area: Rect) {
        var spans: [(String, Style)] = []
        for pane in PaneID.allCases {
            let total = panes[pane]?.total ?? 0
            let count = pane == .grid || total == 0 ? "" : " \(total)"
            let on = pane == focus
            spans.append(((on ? "▶" : " ") + "\(pane.rawValue + 1) \(paneName(pane))\(count) ",
                          theme[on ? .titleFocused : .dim]))
            spans.append((" ", theme[.text]))
        }
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
        }
    }

    func statusRole(_ s: IncidentStatus) -> Role {
        switch s {
        case .new: .statusNew
        case .acknowledged, .dispatched: .statusAcked
        case .resolved, .closed: .statusDone
        }
    }

    func incidentTable(_ items: [Incident], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let roomy = width >= (l == .zh ? 70 : 90)      // English labels are wider
        var columns = [TableColumn(l.pick("级", "Lv"), width: .fixed(2))]
        // The category column is as wide as the longest category name in this language when the pane has room
        // (English names run to 16 columns), else the zh width.
        let categoryWidth = width >= 140 ? IncidentCategory.allCases.map { DisplayWidth.of($0.label.text(l)) }.max() ?? 11
            : (l == .zh ? 8 : 11)
        if roomy { columns.append(TableColumn(l.pick("类别", "Category"), width: .fixed(categoryWidth))) }
        columns += [
            // The header explains the ↑N a title may carry (escalated N times) when there is room for it.
            TableColumn(width >= 100 ? l.pick("事件（↑N=已升级N次）", "Title (↑N = escalated N times)") : l.pick("事件", "Title"),
                        width: .fill(1)),
            TableColumn(l.pick("网格", "Grid"), width: .fixed(roomy ? 12 : 8)),
            TableColumn(l.pick("时长", "Age"), width: .fixed(4), alignment: .right),
            TableColumn(l.pick("状态", "Status"), width: .fixed(l == .zh ? 6 : 12)),
        ]
        if roomy { columns.append(TableColumn(l.pick("确认人", "Acked by"), width: .fixed(8))) }
        let rows = items.map { i -> TableRow in
            let alarm = i.status == .new && i.level <= .two
            var cells: [[Span]] = [[Span(i.level.roman, role: Role.level(i.level.rawValue))]]
            if roomy { cells.append([Span(i.category.label.text(l))]) }
            var title = i.title
            if i.escalations > 0 { title = "↑\(i.escalations) " + title }
            cells += [
                [Span(title)],
                [Span(i.gridID.map { gridCell($0, width: roomy ? 12 : 8) } ?? "—", role: .dim)],
                [Span(Format.age(i.reportedAt, now: now, l), role: .dim)],
                [Span(i.status.label.text(l), role: statusRole(i.status))],
            ]
            if roomy { cells.append([Span(i.ackedBy ?? (i.assignee ?? "—"))]) }
            return TableRow(cells: cells, role: alarm && flashOn ? .flash : nil)
        }
        return (columns, rows)
    }

    func deadlineRole(_ s: DeadlineState) -> Role? {
        switch s {
        case .overdue: .overdue
        case .nearDue: .nearDue
        case .onTime: .ok
        case .none: nil
        }
    }

    func hotlineTable(_ items: [HotlineCase], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let roomy = width >= 70
        var columns = [
            TableColumn(l.pick("时限", "SLA"), width: .fixed(l == .zh ? 4 : 8)),
            TableColumn(l.pick("剩余", "Left"), width: .fixed(11)),
        ]
        let showTicket = width >= (l == .zh ? 70 : 100)
        if showTicket { columns.append(TableColumn(l.pick("工单", "Ticket"), width: .fixed(13))) }
        columns += [
            TableColumn(l.pick("类型", "Type"), width: .fixed(l == .zh ? 4 : 10)),
            TableColumn(l.pick("诉求", "Summary"), width: .fill(1)),
        ]
        if roomy { columns.append(TableColumn(l.pick("电话", "Phone"), width: .fixed(11))) }
        columns.append(TableColumn(l.pick("状态", "Status"), width: .fixed(l == .zh ? 6 : 11)))
        let rows = items.map { h -> TableRow in
            let state = config.sla.state(due: h.stageDueAt, now: now)
            let role = deadlineRole(state)
            var cells: [[Span]] = [
                [Span(state.label.text(l), role: role)],
                [Span(Format.countdown(due: h.stageDueAt, now: now, l), role: role)],
            ]
            if showTicket {
                let ticket = h.ticket.hasPrefix("12345-") ? String(h.ticket.dropFirst(6)) : h.ticket
                cells.append([Span(ticket, role: .dim)])
            }
            cells += [[Span(h.type.label.text(l))], [Span(h.summary)]]
            if roomy { cells.append([Span(h.phone.map(PhoneMask.mask) ?? "—", role: .dim)]) }
            cells.append([Span(h.status.label.text(l), role: h.status == .new ? .statusNew : .statusAcked)])
            return TableRow(cells: cells)
        }
        return (columns, rows)
    }

    func alertTable(_ items: [AlertRow], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let roomy = width >= 60
        let wide = width >= 90
        var columns = [
            TableColumn(l.pick("级", "Lv"), width: .fixed(2)),
            TableColumn(l.pick("次数", "Count"), width: .fixed(5), alignment: .right),
            TableColumn(l.pick("特征", "Signature"), width: .fill(1)),
        ]
        if roomy {
            if wide { columns.append(TableColumn(l.pick("资产", "Asset"), width: .fixed(12))) }
            columns.append(TableColumn(l.pick("首次", "First"), width: .fixed(5)))
        }
        // The signature is what the officer reads; the rate chart gets only what is left over beyond 40 columns
        // for it (at most the full hour), half an hour's worth on narrow panes.
        let spark = width >= 110 ? PaneLoader.rateBuckets : min(PaneLoader.rateBuckets, max(6, PaneLoader.rateBuckets / 2))
        columns += [
            TableColumn(l.pick("最近", "Last"), width: .fixed(5)),
            TableColumn(spark < PaneLoader.rateBuckets ? l.pick("近30分", "30 min") : l.pick("近1小时", "Last hour"),
                        width: .fixed(spark)),
            TableColumn(l.pick("状态", "Status"), width: .fixed(l == .zh ? 6 : 12)),
        ]
        let rows = items.map { row -> TableRow in
            let a = row.alert
            let status = a.effectiveStatus(now: now)
            var cells: [[Span]] = [
                [Span(a.level.roman, role: Role.level(a.level.rawValue))],
                [Span(a.count > 99_999 ? "99k+" : String(a.count))],
                [Span(a.signature)],
            ]
            if roomy {
                if wide { cells.append([Span(a.assetName, role: .dim)]) }
                cells.append([Span(Format.timeOrDate(a.firstSeen, now: now, offset: config.offsetSeconds), role: .dim)])
            }
            cells += [
                [Span(Format.timeOrDate(a.lastSeen, now: now, offset: config.offsetSeconds))],
                [Span(Sparkline(row.rate.map(Double.init)).line(width: spark), role: .sparkline)],
                [Span(status.label.text(l), role: status == .new ? .statusNew : .statusAcked)],
            ]
            return TableRow(cells: cells)
        }
        return (columns, rows)
    }

    func gridTable(_ items: [GridLoadRow], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let roomy = width >= 44
        var columns = [TableColumn(l.pick("网格", "Grid"), width: .fill(1))]
        if roomy { columns.append(TableColumn(l.pick("代码", "Code"), width: .fixed(15))) }
        columns += [
            TableColumn(l.pick("事件", "Inc"), width: .fixed(4), alignment: .right),
            TableColumn(l.pick("工单", "Hotl"), width: .fixed(4), alignment: .right),
            TableColumn(l.pick("告警", "Alrt"), width: .fixed(4), alignment: .right),
        ]
        let maxTotal = max(1, items.map(\.total).max() ?? 1)
        let rows = items.map { g -> TableRow in
            let chosen = gridFilter.map { g.id.hasPrefix($0) } ?? false
            let load = Role.mapLoad(g.total == 0 ? 0 : 1 + (g.total * 3) / maxTotal)
            var cells: [[Span]] = [[Span(chosen ? "▶ " : "  ", role: .mapSelected), Span(g.name, role: load)]]
            if roomy { cells.append([Span(g.id, role: .dim)]) }
            cells += [[Span(String(g.incidents))], [Span(String(g.hotline))], [Span(String(g.alerts))]]
            return TableRow(cells: cells)
        }
        return (columns, rows)
    }
}
