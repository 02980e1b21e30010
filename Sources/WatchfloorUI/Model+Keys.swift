// Keys → state changes and commands. Navigation keys only move; keys that change the store either act at once
// (acknowledge, accept, reply) or open a prompt/confirmation first (assign, transfer, note, escalate, resolve, close,
// suppress).

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

extension Model {
    mutating func handleKey(_ key: Key) -> [Command] {
        if key == .resize { return [] }                      // the runtime turns resizes into `.resize(size)`
        switch overlay {
        case .none: break
        default: return overlayKey(key)
        }
        if detail != nil, let cmds = detailKey(key) { return cmds }
        if detail == nil, focus == .grid, let map {
            switch map.handle(key) {
            case .ignored: break
            case .redraw: return []
            case .selectionChanged(let id): return setGridFilter(id, fromMap: true)
            case .showDetail(let id):
                detail = DetailState(ref: .grid(id))
                return [.loadDetail(.grid(id))]
            }
        }
        let scope = detail.map { Model.scope(of: $0.ref) } ?? focus.scope
        guard let action = keyMap.action(for: key, scope: scope) else { return [] }
        return perform(action: action)
    }

    static func scope(of ref: ItemRef) -> String {
        switch ref {
        case .incident: PaneID.incidents.scope
        case .hotline: PaneID.hotline.scope
        case .alert: PaneID.alerts.scope
        case .grid: PaneID.grid.scope
        case .topic: PaneID.opinion.scope
        }
    }

    /// The detail view scrolls with the movement keys and goes back with Esc; other keys act on its item.
    private mutating func detailKey(_ key: Key) -> [Command]? {
        guard let action = keyMap.action(for: key, scope: detail.map { Model.scope(of: $0.ref) } ?? "global") else {
            return []
        }
        let page = max(1, layout.body.height - 4)
        let scroll = detail?.scroll ?? 0
        switch action {
        case "moveDown": detail?.scroll = scroll + 1
        case "moveUp": detail?.scroll = max(0, scroll - 1)
        case "pageDown": detail?.scroll = scroll + page
        case "pageUp": detail?.scroll = max(0, scroll - page)
        case "back", "details", "quit": detail = nil
        default: return nil
        }
        return []
    }

    mutating func perform(action: String) -> [Command] {
        switch action {
        case "quit":
            // `q` closes what is open before it quits; quitting itself asks first (Ctrl-C included).
            if detail != nil { detail = nil; return [] }
            if zoomed { zoomed = false; return [.load(Model.allPanes)] }
            overlay = .quit
            return []
        case "help":
            overlay = .help
        case "redraw":
            return [.redraw]
        case "focusNext", "focusPrevious":
            let n = PaneID.allCases.count
            let step = action == "focusNext" ? 1 : n - 1
            return setFocus(PaneID(rawValue: (focus.rawValue + step) % n)!)
        case "focusIncidents": return setFocus(.incidents)
        case "focusMap", "pickGrid": return setFocus(.grid)
        case "focusHotline": return setFocus(.hotline)
        case "focusAlerts": return setFocus(.alerts)
        case "focusOpinion": return setFocus(.opinion)
        case "mapMeasure": return switchMapMeasure()
        case "moveTop": return move(by: -(panes[focus]?.total ?? 0))
        case "moveBottom": return move(by: panes[focus]?.total ?? 0)
        case "moveDown": return move(by: 1)
        case "moveUp": return move(by: -1)
        case "pageDown": return move(by: max(1, layout.visibleRows(focus)))
        case "pageUp": return move(by: -max(1, layout.visibleRows(focus)))
        case "zoom":
            zoomed.toggle()
            return [.load(Model.allPanes)]
        case "details":
            guard let item = panes[focus]?.selectedItem else { return [] }
            if case .grid(let code) = item.ref { return setGridFilter(gridFilter == code ? nil : code) }
            detail = DetailState(ref: item.ref)
            return [.loadDetail(item.ref)]
        case "back":
            return back()
        case "filter":
            filterBefore = panes[focus]?.text
            overlay = .filter(TextInput(text: panes[focus]?.text ?? "", maxLength: 60))
        case "command":
            overlay = .command(TextInput(maxLength: 80))
        case "exportHandover":
            guard config.handoverAvailable else {
                say(language.pick("交接班导出尚不可用", "Handover export is not available"), .warning)
                return []
            }
            return [.previewHandover]
        default:
            return act(action)
        }
        return []
    }

    /// `o` on the map: the shading measures the next `MapMeasure` (load ↔ opinion heat); the map's title and
    /// legend say which, and its figures are loaded for the new measure.
    mutating func switchMapMeasure() -> [Command] {
        mapMeasure = mapMeasure.next
        map?.measure = mapMeasure
        say(language.pick("地图着色：\(mapMeasure.label.zh)", "map shading: \(mapMeasure.label.en)"), .ok)
        return [.load([.grid])]
    }

    mutating func setFocus(_ pane: PaneID) -> [Command] {
        let changed = pane != focus
        if changed { expireMessageOnNavigation() }
        let before = layout.panes
        focus = pane
        // Stacked panes change height with focus; a zoomed screen, tabs or the opinion tab beside the alerts show
        // another pane: load every pane for the new layout.
        return changed && (zoomed || layout.panes != before) ? [.load(Model.allPanes)] : []
    }

    /// An action's outcome line stops applying once the operator moves on (another row, another pane); it stays
    /// at least two seconds so it can be read.
    mutating func expireMessageOnNavigation() {
        if let m = message, m.role != .critical, now.milliseconds - m.at.milliseconds >= 2_000 { message = nil }
    }

    mutating func move(by delta: Int) -> [Command] {
        expireMessageOnNavigation()
        guard var state = panes[focus], state.total > 0 else { return [] }
        state.selected = max(0, min(state.total - 1, state.selected + delta))
        let visible = max(1, layout.visibleRows(focus))
        var offset = state.offset
        if state.selected < offset { offset = state.selected }
        if state.selected >= offset + visible { offset = state.selected - visible + 1 }
        let reload = offset != state.offset
        state.offset = offset
        state.selectedRef = state.data.flatMap { $0.item(at: state.selected - $0.offset)?.ref }
        panes[focus] = state
        return reload ? [.load([focus])] : []
    }

    /// Esc: the focused pane's text filter first, then the grid filter, then the message line.
    private mutating func back() -> [Command] {
        if panes[focus]?.text != nil {
            panes[focus]?.text = nil
            resetWindow(focus)
            return [.load([focus])]
        }
        if gridFilter != nil { return setGridFilter(nil) }
        message = nil
        return []
    }

    /// Sets the focused pane's text filter (nil or blank: none) and reloads it from the top.
    private mutating func applyFilter(_ text: String?) -> [Command] {
        let t = text?.trimmingCharacters(in: .whitespaces)
        let new = (t?.isEmpty ?? true) ? nil : t
        guard new != panes[focus]?.text else { return [] }
        panes[focus]?.text = new
        resetWindow(focus)
        return [.load([focus])]
    }

    mutating func resetWindow(_ pane: PaneID) {
        panes[pane]?.selected = 0
        panes[pane]?.offset = 0
        panes[pane]?.selectedRef = nil
    }

    /// Filters every pane but the grid pane to `code` (a grid or any prefix of one).
    mutating func setGridFilter(_ code: String?, fromMap: Bool = false) -> [Command] {
        gridFilter = code
        if !fromMap { map?.select(gridID: code) }
        for p in PaneID.allCases where p != .grid { resetWindow(p) }
        return [.load(Model.allPanes), .loadStatus]
    }

    /// `:county CODE` keeps every pane to one county; `:county` alone goes back to the whole city. An operator
    /// limited to a county cannot leave it.
    mutating func setCountyFilter(_ code: String?) -> [Command] {
        if let code, !CountyCode.isValid(code) {
            say(language.pick("县代码为 6 位数字：\(code)", "a county code is 6 digits: \(code)"), .warning)
            return []
        }
        if let limit = config.countyLimit, code != limit {
            say(language.pick("仅限县 \(limit)", "limited to county \(limit)"), .warning)
            return []
        }
        countyFilter = code
        for p in PaneID.allCases { resetWindow(p) }
        return [.load(Model.allPanes), .loadStatus]
    }

    // MARK: Actions on items

    /// A short description of an item for dialogs: "INC-… 青石镇集市斗殴".
    func describe(_ ref: ItemRef) -> String {
        for state in panes.values {
            guard let data = state.data else { continue }
            switch data {
            case .incidents(let rows, _, _): if let r = rows.first(where: { ItemRef.incident($0.id) == ref }) { return "\(r.id) \(r.title)" }
            case .hotline(let rows, _, _): if let r = rows.first(where: { ItemRef.hotline($0.ticket) == ref }) { return "\(r.ticket) \(r.summary)" }
            case .alerts(let rows, _, _): if let r = rows.first(where: { ItemRef.alert($0.alert.id) == ref }) { return "\(ref.display) \(r.alert.signature)" }
            case .opinion(let rows, _, _): if let r = rows.first(where: { ItemRef.topic($0.id) == ref }) { return "\(r.id) \(r.title)" }
            case .grid: break
            }
        }
        if let d = detail?.data, d.ref == ref, let e = d.entity {
            switch e {
            case .incident(let i): return "\(i.id) \(i.title)"
            case .hotline(let h): return "\(h.ticket) \(h.summary)"
            case .alert(let a): return "\(ref.display) \(a.signature)"
            case .grid(let g): return "\(g.id) \(g.name)"
            case .topic(let t): return "\(t.id) \(t.title)"
            }
        }
        return ref.display
    }

    mutating func act(_ action: String) -> [Command] {
        guard let (ref, version) = target else { return [] }
        let what = describe(ref)
        func run(_ verb: ActionRequest.Verb) -> [Command] {
            [.perform(ActionRequest(item: ref, verb: verb, expectedVersion: version))]
        }
        func confirm(_ title: String, _ verb: ActionRequest.Verb) -> [Command] {
            overlay = .confirm(ConfirmState(title: title, body: what,
                                            request: ActionRequest(item: ref, verb: verb, expectedVersion: version)))
            return []
        }
        func prompt(_ purpose: PromptPurpose, _ title: String, _ question: String) -> [Command] {
            overlay = .prompt(PromptState(purpose: purpose, title: title, question: question, item: ref, version: version))
            return []
        }
        let l = language
        switch (action, ref) {
        case ("acknowledge", .incident), ("acknowledge", .alert): return run(.acknowledge)
        case ("acknowledge", .hotline): return run(.accept)
        case ("assign", .incident):
            return prompt(.assign, l.pick("指派", "Assign"), l.pick("指派给谁（单位或人员）？", "Assign to whom (unit or person)?"))
        case ("assign", .hotline), ("transfer", .hotline):
            return prompt(.transfer, l.pick("转办", "Transfer"), l.pick("转办到哪个部门？", "Transfer to which department?"))
        case ("escalate", .incident): return confirm(l.pick("升级事件？", "Escalate incident?"), .escalate)
        case ("resolve", .incident): return confirm(l.pick("标记为处置完毕？", "Mark as resolved?"), .resolve)
        case ("close", .incident): return confirm(l.pick("关闭事件？", "Close incident?"), .close)
        case ("close", .hotline): return confirm(l.pick("办结工单？", "Close case?"), .close)
        case ("close", .alert): return confirm(l.pick("关闭告警？", "Close alert?"), .close)
        case ("suppress", .alert): return confirm(l.pick("屏蔽告警一小时？", "Suppress alert for an hour?"), .suppress(minutes: 60))
        case ("reply", .hotline):
            return prompt(.reply, l.pick("答复", "Reply"),
                          l.pick("答复市民的内容（记入工单）？", "What was the citizen told (recorded with the case)?"))
        case ("callback", .hotline):
            return prompt(.callback, l.pick("回访", "Call back"),
                          l.pick("回访结果（下一步选满意度）？", "Result of the call-back (satisfaction next)?"))
        case ("revealPhone", .hotline): return run(.revealPhone)
        case ("acknowledge", .topic), ("assess", .topic): return run(.assess)
        case ("monitor", .topic): return run(.monitor)
        case ("close", .topic): return confirm(l.pick("关闭舆情话题？", "Close the topic?"), .close)
        case ("respond", .topic), ("reply", .topic):
            return prompt(.respondChannel, l.pick("回应", "Respond"),
                          l.pick("回应发布在哪个渠道（如 县政府微博）？", "Which channel did the response go out on (e.g. county Weibo)?"))
        case ("note", .incident), ("note", .hotline), ("note", .alert):
            return prompt(.note, l.pick("添加备注", "Add a note"), what)
        default:
            let name = keyMap.binding(action)?.help.text(language) ?? action
            say(l.pick("「\(name)」不适用于此项", "“\(name)” does not apply here"), .warning)
            return []
        }
    }

    // MARK: Overlays

    private mutating func overlayKey(_ key: Key) -> [Command] {
        switch overlay {
        case .none:
            return []
        case .help:
            if key == .escape || key == .char("?") || key == .char("q") || key == .enter { overlay = .none }
            return []
        case .satisfaction(let st):
            let choices: [Character: Satisfaction] = ["1": .satisfied, "2": .basicallySatisfied, "3": .dissatisfied]
            if case .char(let c) = key, let choice = choices[c] {
                overlay = .none
                return [.perform(ActionRequest(item: st.item, verb: .callback(st.result, choice), expectedVersion: st.version))]
            }
            if key == .escape { overlay = .none }
            return []
        case .quit:
            switch key {
            case .char("y"), .char("Y"), .enter, .ctrl("c"):
                overlay = .none
                wantsQuit = true
                return [.quit]
            case .char("n"), .char("N"), .escape, .char("q"):
                overlay = .none
            default: break
            }
            return []
        case .confirm(let c):
            switch key {
            case .char("y"), .char("Y"), .enter:
                overlay = .none
                return [.perform(c.request)]
            case .char("n"), .char("N"), .escape, .char("q"):
                overlay = .none
            default: break
            }
            return []
        case .handover:
            switch key {
            case .char("y"), .char("Y"), .enter:
                overlay = .none
                return [.exportHandover]
            case .char("n"), .char("N"), .escape, .char("q"):
                overlay = .none
            default: break
            }
            return []
        case .prompt(var p):
            let outcome = p.input.handle(key)
            switch outcome {
            case .cancelled:
                overlay = .none
            case .submitted:
                let text = p.input.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return [] }
                overlay = .none
                let verb: ActionRequest.Verb
                switch p.purpose {
                case .assign: verb = .assign(text)
                case .transfer: verb = .transfer(text)
                case .note: verb = .note(text)
                case .reply: verb = .reply(text)
                case .callback:
                    overlay = .satisfaction(SatisfactionState(result: text, item: p.item, version: p.version))
                    return []
                case .respondChannel:
                    // Second question: what was said (the text, or a link to it), then the action runs.
                    overlay = .prompt(PromptState(purpose: .respond(channel: text), title: p.title,
                                                  question: language.pick("回应内容或链接（\(text)）？", "The response's text or link (\(text))?"),
                                                  input: TextInput(maxLength: 500), item: p.item, version: p.version))
                    return []
                case .respond(let channel): verb = .respond(channel: channel, text: text)
                }
                return [.perform(ActionRequest(item: p.item, verb: verb, expectedVersion: p.version))]
            default:
                overlay = .prompt(p)
            }
            return []
        case .filter(var input):
            // The pane filters as the operator types; Enter keeps the filter, Esc puts the old one back.
            switch input.handle(key) {
            case .cancelled:
                overlay = .none
                return applyFilter(filterBefore)
            case .submitted:
                overlay = .none
                return applyFilter(input.text)
            case .edited:
                overlay = .filter(input)
                return applyFilter(input.text)
            default:
                overlay = .filter(input)
            }
            return []
        case .command(var input):
            switch input.handle(key) {
            case .cancelled:
                overlay = .none
            case .submitted:
                overlay = .none
                return runCommandLine(input.text)
            default:
                overlay = .command(input)
            }
            return []
        }
    }

    /// `:theme NAME`, `:lang zh|en`, `:grid CODE` (no code: clear), `:county CODE` (no code: the whole city), `:q`.
    mutating func runCommandLine(_ line: String) -> [Command] {
        let words = line.split(separator: " ").map(String.init)
        guard let head = words.first?.lowercased() else { return [] }
        let arg = words.count > 1 ? words[1] : nil
        switch head {
        case "q", "quit", "exit":
            wantsQuit = true
            return [.quit]
        case "theme":
            guard let arg else { say(language.pick("用法：:theme 名称", "usage: :theme NAME"), .warning); return [] }
            return [.setTheme(arg)]
        case "lang", "language":
            guard let arg, let l = Language(rawValue: arg.lowercased()) else {
                say(language.pick("用法：:lang zh|en", "usage: :lang zh|en"), .warning)
                return []
            }
            language = l
            return []
        case "grid":
            if let arg, arg.allSatisfy(\.isNumber), gridNames.isEmpty || gridNames.keys.contains(where: { $0.hasPrefix(arg) }) {
                return setGridFilter(arg)
            }
            if let arg, let code = gridNames.first(where: { $0.value == arg })?.key { return setGridFilter(code) }
            if arg == nil { return setGridFilter(nil) }
            say(language.pick("未知网格：\(arg!)", "unknown grid: \(arg!)"), .warning)
            return []
        case "county":
            return setCountyFilter(arg)
        case "help":
            overlay = .help
            return []
        default:
            say(language.pick("未知命令：\(head)", "unknown command: \(head)"), .warning)
            return []
        }
    }

    /// Swaps the theme (`:theme`), keeping the terminal's colour capability.
    mutating func setTheme(_ theme: Theme) {
        baseTheme = theme
        self.theme = theme.adapted(to: colorCapability)
    }
}
