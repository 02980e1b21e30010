// The four panes' tables as prioritised columns (PaneColumns): at 80 columns the title, the state and the grid's own
// name keep their room and the category, the ticket or the asset give way; on wide screens everything shows and the
// text column takes the rest. Priorities are per pane; minimum and preferred widths follow the language's labels.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

extension Model {
    func statusRole(_ s: IncidentStatus) -> Role {
        switch s {
        case .new: .statusNew
        case .acknowledged, .dispatched: .statusAcked
        case .resolved, .closed: .statusDone
        }
    }

    func deadlineRole(_ s: DeadlineState) -> Role? {
        switch s {
        case .overdue: .overdue
        case .nearDue: .nearDue
        case .onTime: .ok
        case .none: nil
        }
    }

    /// A grid column: the grid's own name at least (`第1网格`), its village too when there is room.
    func gridColumn<Item>(priority: Int, codes: [String], code: @escaping (Item) -> String?) -> PaneColumn<Item> {
        let own = max(4, widest(codes.map(gridOwnName), cap: 10))
        let full = widest(codes.map { gridCell($0, width: .max) }, cap: 16)
        return PaneColumn(language.pick("网格", "Grid"), ColumnNeed(priority: priority, minimum: own, preferred: full)) { item, width in
            [Span(code(item).map { self.gridCell($0, width: width) } ?? "—", role: .dim)]
        }
    }

    func incidentTable(_ items: [Incident], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        // English labels are wider, so an English title keeps a little more before the category may show.
        // It grows towards its longest title (to 40 columns) before lower-priority columns grow.
        let title = ColumnNeed(priority: 1, minimum: l == .zh ? 26 : 28,
                               preferred: widest(items.map { ($0.escalations > 0 ? "↑\($0.escalations) " : "") + $0.title }, cap: 40),
                               fills: true)
        let columns: [PaneColumn<Incident>] = [
            PaneColumn(l.pick("级", "Lv"), .fixed(2, priority: 0)) { i, _ in [Span(i.level.roman, role: Role.level(i.level.rawValue))] },
            // A category is shown whole or not at all ("Natural di…" says less than nothing).
            PaneColumn(l.pick("类别", "Category"), .fixed(widest(IncidentCategory.allCases.map(\.label)), priority: 6)) { i, _ in
                [Span(i.category.label.text(l))]
            },
            // The header explains the ↑N a title may carry (escalated N times) when there is room for it.
            PaneColumn(header: { $0 >= 32 ? l.pick("事件（↑N=已升级N次）", "Title (↑N = escalated N times)") : l.pick("事件", "Title") },
                       title) { i, _ in [Span(i.escalations > 0 ? "↑\(i.escalations) " + i.title : i.title)] },
            gridColumn(priority: 3, codes: items.compactMap(\.gridID)) { $0.gridID },
            PaneColumn(l.pick("时长", "Age"), .fixed(4, priority: 4), alignment: .right) { i, _ in
                [Span(Format.age(i.reportedAt, now: self.now, l), role: .dim)]
            },
            PaneColumn(l.pick("状态", "Status"), .fixed(widest(IncidentStatus.allCases.map(\.label)), priority: 2)) { i, _ in
                [Span(i.status.label.text(l), role: self.statusRole(i.status))]
            },
            PaneColumn(l.pick("确认人", "Acked by"),
                       ColumnNeed(priority: 7, minimum: 8, preferred: max(8, widest(items.map { $0.ackedBy ?? $0.assignee ?? "—" }, cap: 12)))) { i, _ in
                [Span(i.ackedBy ?? (i.assignee ?? "—"))]
            },
        ] + countyColumn(.incidents) { .incident($0.id) }
        return plannedTable(columns, items: items, width: width) { i in
            i.status == .new && i.level <= .two && self.flashOn ? .flash : nil
        }
    }

    func hotlineTable(_ items: [HotlineCase], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let columns: [PaneColumn<HotlineCase>] = [
            PaneColumn(l.pick("时限", "SLA"), .fixed(widest([DeadlineState.overdue, .nearDue, .onTime].map(\.label)), priority: 0)) { h, _ in
                let state = self.config.sla.state(due: h.stageDueAt, now: self.now)
                return [Span(state.label.text(l), role: self.deadlineRole(state))]
            },
            PaneColumn(l.pick("剩余", "Left"), .fixed(11, priority: 1)) { h, _ in
                let state = self.config.sla.state(due: h.stageDueAt, now: self.now)
                return [Span(Format.countdown(due: h.stageDueAt, now: self.now, l), role: self.deadlineRole(state))]
            },
            PaneColumn(l.pick("工单", "Ticket"), .fixed(13, priority: 6)) { h, _ in
                [Span(h.ticket.hasPrefix("12345-") ? String(h.ticket.dropFirst(6)) : h.ticket, role: .dim)]
            },
            PaneColumn(l.pick("类型", "Type"), .fixed(widest(HotlineType.allCases.map(\.label)), priority: 4)) { h, _ in
                [Span(h.type.label.text(l))]
            },
            PaneColumn(l.pick("诉求", "Summary"),
                       ColumnNeed(priority: 2, minimum: l == .zh ? 20 : 24, preferred: widest(items.map(\.summary), cap: 36), fills: true)) { h, _ in
                [Span(h.summary)]
            },
            gridColumn(priority: 7, codes: items.compactMap(\.gridID)) { $0.gridID },
            PaneColumn(l.pick("电话", "Phone"),
                       ColumnNeed(priority: 5, minimum: 11, preferred: widest(items.compactMap { $0.phone.map(PhoneMask.mask) }, cap: 16))) { h, _ in
                [Span(h.phone.map(PhoneMask.mask) ?? "—", role: .dim)]
            },
            PaneColumn(l.pick("状态", "Status"), .fixed(widest(HotlineStatus.allCases.map(\.label)), priority: 3)) { h, _ in
                [Span(h.status.label.text(l), role: h.status == .new ? .statusNew : .statusAcked)]
            },
        ] + countyColumn(.hotline) { .hotline($0.ticket) }
        return plannedTable(columns, items: items, width: width)
    }

    func alertTable(_ items: [AlertRow], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let buckets = PaneLoader.rateBuckets
        let bucketMinutes = Int(PaneLoader.rateBucketMs / 60_000)
        let columns: [PaneColumn<AlertRow>] = [
            PaneColumn(l.pick("级", "Lv"), .fixed(2, priority: 0)) { r, _ in [Span(r.alert.level.roman, role: Role.level(r.alert.level.rawValue))] },
            PaneColumn(l.pick("次数", "Count"), .fixed(5, priority: 1), alignment: .right) { r, _ in
                [Span(r.alert.count > 99_999 ? "99k+" : String(r.alert.count))]
            },
            // The signature is what the officer reads: it keeps 24 columns before anything but the state is shown,
            // and grows towards its longest (to 40) before the asset, the times or the rate chart grow.
            PaneColumn(l.pick("特征", "Signature"),
                       ColumnNeed(priority: 2, minimum: 24, preferred: widest(items.map(\.alert.signature), cap: 40), fills: true)) { r, _ in
                [Span(r.alert.signature)]
            },
            // An asset is shown whole or not at all ("县政务 …" names no system).
            PaneColumn(l.pick("资产", "Asset"), .fixed(max(8, widest(items.map(\.alert.assetName), cap: 16)), priority: 7)) { r, _ in
                [Span(r.alert.assetName, role: .dim)]
            },
            PaneColumn(l.pick("首次", "First"), .fixed(5, priority: 6)) { r, _ in
                [Span(Format.timeOrDate(r.alert.firstSeen, now: self.now, offset: self.config.offsetSeconds), role: .dim)]
            },
            PaneColumn(l.pick("最近", "Last"), .fixed(5, priority: 4)) { r, _ in
                [Span(Format.timeOrDate(r.alert.lastSeen, now: self.now, offset: self.config.offsetSeconds))]
            },
            // The rate chart: the last half hour at least, the hour when there is room (one cell per 5 minutes).
            PaneColumn(header: { w in
                w >= buckets ? l.pick("近1小时", "Last hour") : l.pick("近\(w * bucketMinutes)分", "\(w * bucketMinutes) min")
            }, ColumnNeed(priority: 5, minimum: buckets / 2, preferred: buckets)) { r, w in
                [Span(Sparkline(r.rate.map(Double.init)).line(width: w), role: .sparkline)]
            },
            PaneColumn(l.pick("状态", "Status"), .fixed(widest(AlertStatus.allCases.map(\.label)), priority: 3)) { r, _ in
                let status = r.alert.effectiveStatus(now: self.now)
                return [Span(status.label.text(l), role: status == .new ? .statusNew : .statusAcked)]
            },
        ] + countyColumn(.alerts) { .alert($0.alert.id) }
        return plannedTable(columns, items: items, width: width)
    }

    func gridTable(_ items: [GridLoadRow], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let maxTotal = max(1, items.map(\.total).max() ?? 1)
        let count = { (header: String, value: @escaping (GridLoadRow) -> Int) in
            PaneColumn<GridLoadRow>(header, .fixed(4, priority: 1), alignment: .right) { g, _ in [Span(String(value(g)))] }
        }
        let columns: [PaneColumn<GridLoadRow>] = [
            PaneColumn(l.pick("网格", "Grid"), ColumnNeed(priority: 0, minimum: 12, fills: true)) { g, _ in
                let chosen = self.gridFilter.map { g.id.hasPrefix($0) } ?? false
                let load = Role.mapLoad(g.total == 0 ? 0 : 1 + (g.total * 3) / maxTotal)
                return [Span(chosen ? "▶ " : "  ", role: .mapSelected), Span(g.name, role: load)]
            },
            PaneColumn(l.pick("代码", "Code"), .fixed(15, priority: 2)) { g, _ in [Span(g.id, role: .dim)] },
            count(l.pick("事件", "Inc"), \.incidents),
            count(l.pick("工单", "Hotl"), \.hotline),
            count(l.pick("告警", "Alrt"), \.alerts),
        ]
        return plannedTable(columns, items: items, width: width)
    }
}
