// All UI state, and the one function that changes it: `update(_:) -> [Command]` (bubbletea's Model/Update).
// Nothing here does I/O; `UIRuntime` performs the commands and feeds the results back as messages.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

/// What does not change while the UI runs.
public struct UIConfig: Sendable {
    public var operatorLogin: String
    /// "王伟 (wangwei)".
    public var operatorDisplay: String
    public var readOnly: Bool
    public var bell: Bool
    public var offsetSeconds: Int
    public var sla: SLAClock
    public var handoverAvailable: Bool
    /// Display names by login (`[operators]` in the settings), for refusals that name who acted first.
    public var operatorNames: [String: String]
    /// The county the panes start on (`--county`); nil: the whole store (a city's view of all its counties).
    public var county: String?
    /// The county this operator is limited to: `:county` cannot leave it.
    public var countyLimit: String?
    /// What the map's shading measures at start (`[ui] map_shading`); `o` on the map switches.
    public var mapMeasure: MapMeasure = .load

    public init(operatorLogin: String, operatorDisplay: String? = nil, readOnly: Bool = false, bell: Bool = false,
                offsetSeconds: Int = ISOTime.chinaOffsetSeconds, sla: SLAClock = SLAClock(calendar: WorkingCalendar()),
                handoverAvailable: Bool = false, operatorNames: [String: String] = [:]) {
        self.operatorNames = operatorNames
        self.operatorLogin = operatorLogin
        self.operatorDisplay = operatorDisplay ?? operatorLogin
        self.readOnly = readOnly
        self.bell = bell
        self.offsetSeconds = offsetSeconds
        self.sla = sla
        self.handoverAvailable = handoverAvailable
    }
}

/// A pane's cursor, scroll window, text filter and the rows last loaded.
struct PaneState {
    /// Absolute index of the selected item among all matching items.
    var selected = 0
    /// First item of the window the pane asks for.
    var offset = 0
    var text: String?
    var data: PaneSnapshot?
    /// The item under the cursor, so the cursor stays on it when rows move (a new incident arrives on top).
    var selectedRef: ItemRef?

    var total: Int { data?.total ?? 0 }

    /// The selected item and the version the operator sees.
    var selectedItem: (ref: ItemRef, version: Int?)? {
        guard let data else { return nil }
        return data.item(at: selected - data.offset)
    }
}

struct DetailState {
    var ref: ItemRef
    var data: DetailSnapshot?
    var scroll = 0
}

/// What a text prompt is for.
enum PromptPurpose: Equatable {
    case assign, transfer, note, reply, callback
    /// A topic's response: first the channel, then the text or link.
    case respondChannel, respond(channel: String)
}

/// The call-back's second question: how satisfied the citizen was (1–3), after its result was typed.
struct SatisfactionState {
    var result: String
    var item: ItemRef
    var version: Int?
}

struct PromptState {
    var purpose: PromptPurpose
    var title: String
    var question: String
    var input = TextInput(maxLength: 200)
    var item: ItemRef
    var version: Int?
}

struct ConfirmState {
    var title: String
    var body: String
    var request: ActionRequest
}

/// Modal layers over the dashboard or detail view; only one at a time.
enum Overlay {
    case none
    case help
    case confirm(ConfirmState)
    case prompt(PromptState)
    case filter(TextInput)
    case command(TextInput)
    case handover(String)
    /// "Quit Watchfloor?" (q or Ctrl-C on the dashboard).
    case quit
    case satisfaction(SatisfactionState)
}

/// An action handed to the action runner and not finished yet (shown in the status bar).
struct PendingAction {
    var id: Int
    var request: ActionRequest
    var since: Timestamp
    /// The store's write lock was held by another process at the first try; the runner keeps retrying.
    var busy = false
}

/// The message line: the outcome of the last action, or a refusal naming who got there first.
struct MessageLine: Equatable {
    var text: String
    var role: Role
    var at: Timestamp
}

public struct Model {
    public internal(set) var language: Language
    public internal(set) var theme: Theme
    /// The theme as loaded, before adapting it to the terminal's colours (`:theme` swaps it).
    var baseTheme: Theme
    var colorCapability: ColorCapability
    public internal(set) var keyMap: KeyMap
    let config: UIConfig

    public internal(set) var size: Size
    public internal(set) var now: Timestamp
    public internal(set) var focus: PaneID = .incidents
    var zoomed = false
    var panes: [PaneID: PaneState] = [:]
    /// The grid (or township/village prefix) every other pane is filtered to.
    public internal(set) var gridFilter: String?
    /// The county every pane is filtered to (`--county`, `:county CODE`); nil: every county.
    public internal(set) var countyFilter: String?
    var gridNames: [String: String] = [:]
    /// The counties the store holds (the city view's county column shows when there are several).
    var counties = CountyDirectory()
    /// The county of each row in each pane's window (loaded with the window while the county column shows).
    var paneCounties: [PaneID: [ItemRef: String]] = [:]
    /// The braille map of the grid pane (another engineer's `MapPane`; a reference with its own view state and
    /// raster cache). nil, or a map with nothing drawable, falls back to the load list.
    var map: MapPane?
    /// What the map's shading measures (`o`). Kept here, not only in the map, so it survives view switches and the
    /// map being rebuilt when grids change.
    public internal(set) var mapMeasure: MapMeasure = .load
    var status = StatusSnapshot()
    /// Bus arrivals (model time in ms, event count) over the last minute: the ingest rate.
    var arrivals: [(Int64, Int)] = []
    var detail: DetailState?
    var overlay: Overlay = .none
    var message: MessageLine?
    /// The focused pane's text filter when `/` was pressed (Esc restores it; typing filters live).
    var filterBefore: String?
    /// A case whose full phone number the operator revealed (audited), and until when it shows.
    var revealedPhone: (ticket: String, until: Timestamp)?
    /// Actions running off the loop, oldest first.
    var pending: [PendingAction] = []
    /// Some pending action is waiting for another process's write lock.
    var storeBusy: Bool { pending.contains { $0.busy } }
    var lastBellAt: Timestamp?
    public internal(set) var wantsQuit = false

    public init(config: UIConfig, language: Language, theme: Theme, colorCapability: ColorCapability = .truecolor,
                keyMap: KeyMap = .watchfloorUI, size: Size, now: Timestamp) {
        self.config = config
        self.language = language
        self.baseTheme = theme
        self.colorCapability = colorCapability
        self.theme = theme.adapted(to: colorCapability)
        self.keyMap = config.readOnly ? keyMap.withoutWritingActions() : keyMap
        self.size = size
        self.now = now
        for p in PaneID.allCases { panes[p] = PaneState() }
        countyFilter = config.county
        mapMeasure = config.mapMeasure
    }

    var layout: Layout { Layout(size: size, focus: focus, zoomed: zoomed) }

    /// The window a pane should load now.
    func query(_ pane: PaneID) -> PaneQuery {
        let state = panes[pane] ?? PaneState()
        return PaneQuery(offset: state.offset, limit: max(1, layout.visibleRows(pane)),
                         gridPrefix: pane == .grid ? nil : gridFilter, text: state.text, county: countyFilter)
    }

    /// Unacknowledged Ⅰ/Ⅱ rows and the status-bar alarm blink: a second on, a second off, in step with the clock
    /// so an idle screen redraws once a second at most.
    var flashOn: Bool { (now.milliseconds / 1000) % 2 == 0 }

    /// Events per minute seen on the bus.
    var ingestPerMinute: Int {
        arrivals.filter { now.milliseconds - $0.0 < 60_000 }.reduce(0) { $0 + $1.1 }
    }

    static let allPanes = Set(PaneID.allCases)

    // MARK: Update

    /// Applies one message; returns what the runtime should do next.
    public mutating func update(_ msg: Message) -> [Command] {
        switch msg {
        case .key(let key):
            return handleKey(key)
        case .tick(let t):
            return tick(t)
        case .resize(let s):
            size = s
            return [.load(Model.allPanes)]
        case .busEvents(let events):
            return busEvents(events)
        case .loaded(let snapshot):
            apply(snapshot)
            return []
        case .statusLoaded(let s):
            let rose = s.unacknowledgedHigh > status.unacknowledgedHigh
            status = s
            if rose && config.bell {
                lastBellAt = now
                return [.bell]
            }
            return []
        case .detailLoaded(let d):
            if detail?.ref == d.ref { detail?.data = d }
            return []
        case .actionStarted(let id, let request):
            pending.append(PendingAction(id: id, request: request, since: now))
            return []
        case .storeBusy(let id):
            if let i = pending.firstIndex(where: { $0.id == id }) { pending[i].busy = true }
            return []
        case .actionFinished(let id, let outcome):
            let request = pending.first { $0.id == id }?.request
            pending.removeAll { $0.id == id }
            if case .actionDone = outcome, let request {
                if case .revealPhone = request.verb, case .hotline(let t) = request.item {
                    revealedPhone = (t, now.adding(seconds: 60))
                    say(language.pick("完整号码显示 1 分钟（已记入审计）", "full number shown for one minute (audited)"), .ok)
                    return []
                }
                holdRow(after: request)
            }
            return update(outcome)
        case .actionDone(let text):
            say(text, .ok)
            return refreshAfterAction()
        case .actionRefused(let text):
            say(text, .warning)
            return refreshAfterAction()
        case .failed(let text):
            say(text, .critical)
            return []
        case .gridNamesLoaded(let names):
            gridNames = names
            return []
        case .countiesLoaded(let directory):
            let before = showsCountyColumn
            counties = directory
            return showsCountyColumn != before ? [.load(Model.allPanes)] : []
        case .paneCountiesLoaded(let pane, let byItem):
            paneCounties[pane] = byItem
            return []
        case .gridsLoaded(let grids):
            let pane = MapPane(grids: grids)
            pane.measure = mapMeasure
            map = pane.visibleRegionIDs.isEmpty ? nil : pane
            map?.select(gridID: gridFilter)
            return map == nil ? [] : [.load([.grid])]
        case .gridLoadsLoaded(let loads):
            map?.update(loads: loads)
            return []
        case .gridHeatsLoaded(let heats):
            map?.update(heats: heats)
            return []
        case .themeLoaded(let t):
            setTheme(t)
            say(language.pick("主题：\(t.name)", "theme: \(t.name)"), .ok)
            return []
        case .handoverPreview(let text):
            overlay = .handover(text)
            return []
        case .handoverExported(let path, let sha):
            overlay = .none
            say(language.pick("交接班已导出：\(path)  sha256 \(sha.prefix(12))…",
                              "Handover exported: \(path)  sha256 \(sha.prefix(12))…"), .ok)
            return []
        }
    }

    /// After the operator's own action the cursor stays at the same row position, so the next item moves up into
    /// it (triage goes down the list), instead of following the item wherever its new state sorts it.
    private mutating func holdRow(after request: ActionRequest) {
        for p in PaneID.allCases where panes[p]?.selectedRef == request.item { panes[p]?.selectedRef = nil }
    }

    mutating func say(_ text: String, _ role: Role) {
        message = MessageLine(text: text, role: role, at: now)
    }

    private func refreshAfterAction() -> [Command] {
        var cmds: [Command] = [.load(Model.allPanes), .loadStatus]
        if let d = detail { cmds.append(.loadDetail(d.ref)) }
        return cmds
    }

    private mutating func tick(_ t: Timestamp) -> [Command] {
        now = t
        arrivals.removeAll { t.milliseconds - $0.0 >= 60_000 }
        if let m = message, t.milliseconds - m.at.milliseconds > 15_000 { message = nil }
        // The alarm bell repeats every 30 s while a Ⅰ/Ⅱ incident waits (only with `[ui] bell = true`).
        if config.bell, status.unacknowledgedHigh > 0,
           t.milliseconds - (lastBellAt?.milliseconds ?? 0) >= 30_000 {
            lastBellAt = t
            return [.bell]
        }
        return []
    }

    private mutating func busEvents(_ events: [BusEvent]) -> [Command] {
        guard !events.isEmpty else { return [] }
        arrivals.append((now.milliseconds, events.count))
        var dirty = Set<PaneID>()
        var detailDirty = false
        var gridsChanged = false
        for e in events {
            switch e.entityKind {
            case "incident": dirty.formUnion([.incidents, .grid])
            case "hotline": dirty.formUnion([.hotline, .grid])
            case "alert": dirty.formUnion([.alerts, .grid])
            case "grid": dirty.insert(.grid); gridsChanged = true
            case "topic": dirty.formUnion(mapMeasure == .opinionHeat ? [.opinion, .grid] : [.opinion])
            default: break
            }
            if let d = detail, d.ref.kind == e.entityKind, d.ref.id == e.entityID { detailDirty = true }
        }
        var cmds: [Command] = [.refresh(dirty)]
        if gridsChanged { cmds.append(.loadGrids) }
        if detailDirty, let d = detail { cmds.append(.loadDetail(d.ref)) }
        return cmds
    }

    private mutating func apply(_ snapshot: PaneSnapshot) {
        let pane = snapshot.pane
        var state = panes[pane] ?? PaneState()
        // Keep the cursor on the same item if it is still in the window.
        if let ref = state.selectedRef {
            for i in 0..<snapshot.count where snapshot.item(at: i)?.ref == ref {
                state.selected = snapshot.offset + i
                break
            }
        }
        state.data = snapshot
        if snapshot.total == 0 {
            state.selected = 0
        } else if state.selected >= snapshot.total {
            state.selected = snapshot.total - 1
        }
        state.selectedRef = snapshot.item(at: state.selected - snapshot.offset)?.ref
        panes[pane] = state
    }

    /// The item actions apply to: the detail view's item, else the focused pane's selected row.
    var target: (ref: ItemRef, version: Int?)? {
        if let d = detail {
            guard let e = d.data?.entity else { return (d.ref, nil) }
            switch e {
            case .incident(let i): return (d.ref, i.version)
            case .hotline(let h): return (d.ref, h.version)
            case .alert(let a): return (d.ref, a.version)
            case .grid: return (d.ref, nil)
            case .topic(let t): return (d.ref, t.version)
            }
        }
        return panes[focus]?.selectedItem
    }
}
