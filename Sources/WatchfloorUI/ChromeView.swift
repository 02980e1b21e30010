// The status bar, the message line, the detail view and the overlays (help, confirmations, prompts, handover).

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

extension Model {
    func renderStatusBar(into buffer: inout Buffer, area: Rect) {
        let l = language
        let offset = config.offsetSeconds
        // Below ~110 columns the shift name and the ingest rate go and the operator is named short, so the
        // operator stays visible whatever the counts need (the status bar gives room to right, centre, left).
        let narrow = size.width < 110
        let who = narrow ? (config.operatorNames[config.operatorLogin] ?? config.operatorLogin) : config.operatorDisplay
        var left: [Span] = [Span(" " + Format.hhmmss(now, offset: offset) + " ", role: .statusBarAccent)]
        if !narrow { left.append(Span(" " + Format.shift(now, offset: offset, l))) }
        left.append(Span(" │ " + l.pick("值班员 ", narrow ? "" : "operator ") + who))
        var center: [Span] = []
        if status.unacknowledgedHigh > 0 {
            let n = status.unacknowledgedHigh
            center.append(Span(narrow ? l.pick(" 未确认 \(n) ", " UNACKED \(n) ") : l.pick(" 未确认Ⅰ/Ⅱ级 \(n) ", " UNACKED Ⅰ/Ⅱ \(n) "),
                               role: flashOn ? .flash : .critical))
        }
        if status.overdueHotline > 0 {
            let n = status.overdueHotline
            center.append(Span(narrow ? l.pick(" 超期 \(n) ", " \(n) overdue ") : l.pick(" 工单超期 \(n) ", " \(n) overdue "),
                               role: .overdue))
        }
        if let first = pending.first {
            let more = pending.count > 1 ? " +\(pending.count - 1)" : ""
            center.append(Span(l.pick(" ⋯ 处理中 \(first.request.item.display)\(more) ", " ⋯ pending \(first.request.item.display)\(more) "),
                               role: .warning))
        }
        let health = status.reconnecting ? Span(l.pick("存储重连中", "store reconnecting"), role: .warning)
            : storeBusy ? Span(l.pick("存储忙", "store busy"), role: .warning)
            : status.healthy ? Span(l.pick("存储正常", "store ok"), role: .ok)
            : Span(l.pick("存储异常", "STORE FAILING"), role: .critical)
        let help = keyMap.keyNames("help").first.map { " │ \($0) " + l.pick("帮助 ", "help ") } ?? " "
        var right: [Span] = [health, Span(help)]
        if !narrow { right.insert(Span(l.pick("入库 \(ingestPerMinute)/分", "ingest \(ingestPerMinute)/min") + " │ "), at: 0) }
        // The read-only badge sits on the right, which never gives way to the counts.
        if config.readOnly { right.insert(Span(l.pick("只读", "READ-ONLY"), role: .warning), at: 0); right.insert(Span(" │ "), at: 1) }
        StatusBar(left: left, center: center, right: right).render(into: &buffer, area: area, theme: theme)
    }

    /// Hints for the keys that matter here, generated from the key map.
    func hints() -> String {
        let l = language
        var actions: [(String, String)] = []
        func add(_ action: String, _ zh: String, _ en: String) {
            if let k = keyMap.keyNames(action).first { actions.append((k, l.pick(zh, en))) }
        }
        if detail != nil {
            add("back", "返回", "back")
            add("moveDown", "滚动", "scroll")
        } else {
            add("focusNext", "切换", "focus")
            add("details", focus == .grid ? "选定网格" : "详情", focus == .grid ? "pick grid" : "details")
        }
        switch detail.map({ Model.scope(of: $0.ref) }) ?? focus.scope {
        case "incidents":
            add("acknowledge", "确认", "ack"); add("assign", "指派", "assign"); add("resolve", "处置", "resolve")
        case "hotline":
            add("acknowledge", "受理", "accept"); add("transfer", "转办", "transfer"); add("reply", "答复", "reply")
        case "alerts":
            add("acknowledge", "确认", "ack"); add("suppress", "屏蔽", "suppress"); add("close", "关闭", "close")
        case "grid" where map != nil:
            add("mapZoomIn", "放大地图", "zoom map"); add("mapZoomOut", "缩小", "out"); add("mapUp", "上一级", "up")
            add("mapMeasure", mapMeasure == .load ? "舆情热度" : "负荷", mapMeasure == .load ? "opinion heat" : "load")
        default: break
        }
        add("filter", "筛选", "filter"); add("command", "命令", "command"); add("zoom", "放大", "zoom")
        add("help", "帮助", "help"); add("quit", "退出", "quit")
        return actions.map { "\($0.0) \($0.1)" }.joined(separator: "  ")
    }

    func renderMessageLine(into buffer: inout Buffer, area: Rect) {
        switch overlay {
        case .filter(let input):
            input.render(into: &buffer, area: area, prompt: language.pick("筛选 \(paneName(focus)) /", "filter \(paneName(focus)) /"),
                         theme: theme)
            return
        case .command(let input):
            input.render(into: &buffer, area: area, prompt: ":", theme: theme)
            return
        default: break
        }
        if let m = message {
            buffer.put(" " + m.text, x: area.x, y: area.y, style: theme[m.role], maxWidth: area.width)
        } else {
            buffer.put(" " + hints(), x: area.x, y: area.y, style: theme[.hint], maxWidth: area.width)
        }
    }

    // MARK: Detail

    /// The grid's open incidents, 12345 cases and active alerts, each list capped with a "… N more" line.
    func openItemLines(_ items: GridOpenItems) -> [Span] {
        let l = language
        var out: [Span] = []
        func section(_ zh: String, _ en: String, _ total: Int, _ rows: [Span]) {
            out.append(Span(""))
            out.append(Span(l.pick("\(zh)（\(total)）", "\(en) (\(total))"), role: .header))
            if rows.isEmpty { out.append(Span(l.pick("  无", "  none"), role: .dim)) }
            out += rows
            if total > rows.count { out.append(Span(l.pick("  …另有 \(total - rows.count) 条", "  … \(total - rows.count) more"), role: .dim)) }
        }
        section("未结事件", "Open incidents", items.incidentCount, items.incidents.map {
            Span("  \($0.level.roman) \($0.id)  \($0.status.label.text(l))  \($0.title)", role: .level($0.level.rawValue))
        })
        section("未办结工单", "Open 12345 cases", items.hotlineCount, items.hotline.map {
            Span("  \($0.ticket)  \($0.status.label.text(l))  \($0.summary)")
        })
        section("活动告警", "Active alerts", items.alertCount, items.alerts.map {
            Span("  \($0.level.roman) ×\($0.count)  \($0.assetName)  \($0.signature)", role: .level($0.level.rawValue))
        })
        return out
    }

    func detailLines(_ d: DetailState) -> [Span] {
        let l = language
        let off = config.offsetSeconds
        func t(_ ts: Timestamp?) -> String { ts.map { Format.monthDayTime($0, offset: off) } ?? "—" }
        func field(_ zh: String, _ en: String, _ value: String?, _ role: Role? = nil) -> Span {
            let label = DisplayWidth.pad(l.pick(zh, en), to: l == .zh ? 10 : 14)
            return Span(label + (value ?? "—"), role: role)
        }
        guard let data = d.data else { return [Span(l.pick("载入中…", "loading…"), role: .dim)] }
        var out: [Span] = []
        switch data.entity {
        case nil:
            out.append(Span(l.pick("条目不存在：\(d.ref.display)", "no such item: \(d.ref.display)"), role: .warning))
        case .incident(let i)?:
            out += [
                Span(i.title, role: Role.level(i.level.rawValue)),
                field("编号", "ID", i.id),
                // `Ⅱ` as in the lists, in English too ("Ⅱ Serious", not "II Serious").
                field("级别", "Level", l == .zh ? i.level.label.zh
                      : i.level.roman + " " + i.level.label.en.split(separator: " ", maxSplits: 1).dropFirst().joined(),
                      Role.level(i.level.rawValue)),
                field("类别", "Category", i.category.label.text(l)),
                field("状态", "Status", i.status.label.text(l), statusRole(i.status)),
                field("网格", "Grid", i.gridID.map { "\(gridLabel($0)) (\($0))" }),
                field("地点", "Location", i.location),
                field("来源", "Source", i.source + (i.sourceRef.map { " · \($0)" } ?? "")),
                field("报告人", "Reporter", i.reporter),
                field("报告时间", "Reported", t(i.reportedAt) + "  (" + Format.age(i.reportedAt, now: now, l) + ")"),
                field("确认", "Acknowledged", i.ackedBy.map { "\(displayName($0)) \(t(i.ackedAt))" }),
                field("指派", "Assigned", i.assignee.map { "\($0) \(t(i.dispatchedAt))" }),
                field("升级次数", "Escalations", i.escalations == 0 ? "0"
                      : l.pick("↑\(i.escalations)（列表标题前的 ↑N 即升级次数）", "↑\(i.escalations) (↑N before a title in lists)")),
                field("版本", "Version", String(i.version), .dim),
            ]
            if !i.detail.isEmpty { out += [Span(""), Span(i.detail)] }
        case .hotline(let h)?:
            let state = config.sla.state(due: h.stageDueAt, now: now)
            out += [
                Span(h.summary, role: .title),
                field("工单", "Ticket", h.ticket),
                field("类型", "Type", h.type.label.text(l) + (h.category.map { " · \($0)" } ?? "")),
                field("状态", "Status", h.status.label.text(l)),
                field("时限", "Deadline", "\(t(h.stageDueAt))  \(state.label.text(l))  "
                      + Format.countdown(due: h.stageDueAt, now: now, l), deadlineRole(state)),
                field("来电人", "Caller", h.caller),
                field("电话", "Phone", h.phone.map { phone in
                    if let r = revealedPhone, r.ticket == h.ticket, now < r.until { return phone + l.pick("（限时显示）", " (shown for a minute)") }
                    return PhoneMask.mask(phone) + (config.readOnly ? "" : l.pick("   v 显示完整号码", "   v: full number"))
                }),
                field("网格", "Grid", h.gridID.map { "\(gridLabel($0)) (\($0))" }),
                field("承办部门", "Department", h.department),
                field("受理时间", "Received", t(h.receivedAt)),
                field("回访结果", "Call-back", h.callbackResult),
                field("版本", "Version", String(h.version), .dim),
            ]
        case .alert(let a)?:
            let status = a.effectiveStatus(now: now)
            out += [
                Span(a.signature, role: Role.level(a.level.rawValue)),
                field("编号", "ID", d.ref.display),
                field("级别", "Level", a.level.label.text(l), Role.level(a.level.rawValue)),
                field("状态", "Status", status.label.text(l)),
                field("次数", "Count", String(a.count)),
                field("首次", "First seen", t(a.firstSeen)),
                field("最近", "Last seen", t(a.lastSeen)),
                field("传感器", "Sensor", a.sensor),
                field("源 → 目的", "Source → dest", "\(a.src) → \(a.dest)" + (a.proto.map { " \($0)" } ?? "")),
                field("资产", "Asset", a.assetName),
                field("处置动作", "Action", a.action),
                field("关联事件", "Incident", a.incidentID),
                field("确认人", "Acked by", a.ackedBy.map(displayName)),
                field("版本", "Version", String(a.version), .dim),
            ]
        case .grid(let g)?:
            if let map {
                // The map's own lines already name the grid, its place in the hierarchy, worker and households.
                let lines = map.detailLines(for: g.id, load: map.load(of: g.id), language: l)
                out += lines.enumerated().map { Span($1, role: $0 == 0 ? .title : nil) }
            } else {
                out += [Span(g.name, role: .title), field("代码", "Code", g.id), field("层级", "Level", g.level.label.text(l)),
                        field("网格员", "Worker", g.worker), field("户数", "Households", g.households.map(String.init))]
            }
            if let items = data.openItems { out += openItemLines(items) }
        case .topic(let topic)?:
            out += topicDetailLines(topic, posts: data.posts, responses: data.responses)
        }
        out.append(Span(""))
        out.append(Span(l.pick("备注（\(data.notes.count)）", "Notes (\(data.notes.count))"), role: .header))
        if data.notes.isEmpty { out.append(Span(l.pick("  无", "  none"), role: .dim)) }
        for n in data.notes { out.append(Span("  \(t(n.at))  \(displayName(n.actor))  \(n.text)")) }
        out.append(Span(""))
        out.append(Span(l.pick("时间线（\(data.timeline.count)）", "Timeline (\(data.timeline.count))"), role: .header))
        for e in data.timeline {
            let what = timelineText(topic: e.topic, data: e.data)
            out.append(Span("  \(t(e.at))  \(displayName(e.actor))  \(what)", role: e.hash != nil ? .text : .dim))
        }
        return out
    }

    func renderDetail(_ d: DetailState, into buffer: inout Buffer, area: Rect) {
        let title = language.pick("详情 · ", "Details · ") + d.ref.display
        let inner = Block(title: title, rightTitle: language.pick("Esc 返回", "Esc back"), focused: true)
            .render(into: &buffer, area: area, theme: theme)
        let text = inner.inset(left: 1, right: 1)
        let paragraph = Paragraph(spans: detailLines(d), scroll: 0)
        let total = paragraph.lines(width: max(1, text.width)).count
        let scroll = min(d.scroll, max(0, total - text.height))
        Paragraph(spans: detailLines(d), scroll: scroll).render(into: &buffer, area: text, theme: theme)
    }

    // MARK: Overlays

    func renderOverlay(into buffer: inout Buffer, layout: Layout) {
        let l = language
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        switch overlay {
        case .none, .filter, .command:
            return
        case .help:
            let scope = detail.map { Model.scope(of: $0.ref) } ?? focus.scope
            HelpOverlay(keyMap: keyMap, language: l, scope: scope).render(into: &buffer, area: layout.body, theme: theme)
        case .confirm(let c):
            // Titles are untrusted and can be a page long: a few lines of them, then `…`.
            let width = min(64, screen.width - 4)
            Dialog(title: c.title, body: Dialog.clamp(c.body, width: width - 4, lines: 4),
                   footer: l.pick("[y] 确认   [n] 取消", "[y] yes   [n] no"),
                   width: width, role: .dialog).render(into: &buffer, area: screen, theme: theme)
        case .satisfaction(let st):
            let options = Satisfaction.allCases.enumerated().map { "[\($0.offset + 1)] \($0.element.label.text(l))" }
            Dialog(title: l.pick("回访满意度", "Satisfaction"),
                   body: Dialog.clamp(l.pick("回访结果：", "Result: ") + st.result, width: min(56, screen.width - 4) - 4, lines: 3)
                       + "\n" + options.joined(separator: "   "),
                   footer: l.pick("按 1–3 选择   Esc 取消", "1–3 to choose   Esc cancel"),
                   width: min(56, screen.width - 4), role: .dialog).render(into: &buffer, area: screen, theme: theme)
        case .quit:
            let pending = self.pending.isEmpty ? "" : l.pick("\n还有 \(self.pending.count) 个操作在进行，会先完成。",
                                                             "\n\(self.pending.count) action(s) still running will finish first.")
            Dialog(title: l.pick("退出 Watchfloor？", "Quit Watchfloor?"),
                   body: l.pick("值班员 \(config.operatorDisplay) 离开值班台", "\(config.operatorDisplay) leaves the duty screen") + pending,
                   footer: l.pick("[y] 退出   [n] 留下", "[y] quit   [n] stay"),
                   width: min(56, screen.width - 4), role: .dialog).render(into: &buffer, area: screen, theme: theme)
        case .prompt(let p):
            // The question carries an untrusted title: clamp it so the input line always stays inside the dialog.
            let width = min(64, screen.width - 4)
            let question = Dialog.clamp(p.question, width: max(1, width - 4), lines: max(1, min(4, screen.height - 9)))
            let dialog = Dialog(title: p.title, body: question + "\n ",
                                footer: l.pick("Enter 确定   Esc 取消", "Enter OK   Esc cancel"),
                                width: width)
            let box = dialog.render(into: &buffer, area: screen, theme: theme)
            let text = box.inset(by: 1).inset(left: 1, right: 1)
            let lines = DisplayWidth.wrap(question, width: max(1, text.width)).count
            let row = Rect(x: text.x, y: text.y + lines, width: text.width, height: 1)
            if row.maxY <= box.maxY - 2 { p.input.render(into: &buffer, area: row, theme: theme) }
        case .handover(let preview):
            let lines = preview.split(separator: "\n", omittingEmptySubsequences: false)
            let room = max(1, layout.body.height - 6)
            var body = lines.prefix(room).joined(separator: "\n")
            if lines.count > room { body += "\n" + l.pick("…（共 \(lines.count) 行）", "… (\(lines.count) lines)") }
            Dialog(title: l.pick("导出交接班？", "Export the handover?"), body: body,
                   footer: l.pick("[y] 导出   [n] 取消", "[y] export   [n] cancel"),
                   width: min(90, screen.width - 4)).render(into: &buffer, area: layout.body, theme: theme)
        }
    }
}
