// The one UI loop: read a key (short timeout, ~30 frames/s), drain the bus inbox, reload only the panes whose data
// changed (at most ten times a second), render into a Buffer and let the backend flush the diff once a frame.
//
// Threads: this loop owns the Model; the BusWatcher's thread only pushes events into the Inbox.

import Foundation
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

public final class UIRuntime {
    public private(set) var model: Model
    public let store: Store
    public let backend: Backend
    let handover: HandoverExporting?
    let themeDirectories: [URL]
    let inbox = Inbox()
    private var watcher: BusWatcher?
    private var previous: Buffer?
    private var needsRender = true
    private var pendingRefresh = Set<PaneID>()
    private var lastRefreshNs: UInt64 = 0
    private var lastRenderedSecond: Int64 = -1
    private var actions: ActionRunner?
    private var nextActionID = 0
    /// Frames actually drawn (for the benchmark and tests).
    public private(set) var framesDrawn = 0

    /// Frame cap: one key wait per ~33 ms while things happen.
    public var frameMs = 33
    /// Key wait once nothing has happened for `idleAfterMs` (keys still wake the loop at once; bus events are
    /// picked up within this wait plus the watcher's 10 ms poll, inside the 100 ms budget).
    public var idleFrameMs = 60
    public var idleAfterMs = 2_000
    private var lastActivityNs: UInt64 = 0
    /// Minimum gap between bus-triggered reloads.
    public var refreshIntervalMs = 100

    public init(store: Store, model: Model, backend: Backend, handover: HandoverExporting? = nil,
                themeDirectories: [URL] = []) {
        self.store = store
        self.model = model
        self.backend = backend
        self.handover = handover
        self.themeDirectories = themeDirectories
    }

    deinit {
        watcher?.stop()
        actions?.waitUntilIdle()
    }

    /// Loads everything once and subscribes to the bus (after the latest event, so nothing is missed in between).
    /// `watchBus: false` leaves the bus to `deliver(_:)` (tests).
    public func start(watchBus: Bool = true) throws {
        let seq = try store.withConnection { try EventLog.latestSeq($0) }
        send(.tick(store.clock()))
        send(.resize(backend.size))
        loadGridNames()
        if !model.config.readOnly { openActionRunner() }
        perform(.loadGrids)
        perform(.loadStatus)
        if watchBus {
            let w = BusWatcher(path: store.path)
            let inbox = self.inbox
            w.onConnectionChange = { up in inbox.reconnecting = !up }
            try w.start(after: seq) { inbox.push($0) }
            watcher = w
        }
    }

    public func stop() {
        watcher?.stop()
        watcher = nil
    }

    /// Hands bus events to the UI as the watcher thread would.
    public func deliver(_ events: [BusEvent]) { inbox.push(events) }

    // MARK: Messages and commands

    public func send(_ message: Message) {
        if case .tick = message {
            // A tick redraws only when something visible moved: the clock's second, or the alarm's blink.
            let flash = model.flashOn
            for c in model.update(message) { perform(c) }
            let newSecond = model.now.milliseconds / 1000
            if newSecond != lastRenderedSecond || (model.status.unacknowledgedHigh > 0 && model.flashOn != flash) {
                needsRender = true
            }
            return
        }
        needsRender = true
        for c in model.update(message) { perform(c) }
    }

    public func perform(_ command: Command) {
        switch command {
        case .load(let panes):
            for p in PaneID.allCases where panes.contains(p) { load(p) }
        case .refresh(let panes):
            pendingRefresh.formUnion(panes)
            flushRefresh(force: false)
        case .loadStatus:
            loadStatus()
        case .loadGrids:
            do {
                send(.countiesLoaded(try store.read { try CountyDirectory.load($0) }))
                send(.gridsLoaded(try store.read { try GridRepository.all($0) }))
            } catch { send(.failed("\(error)")) }
        case .loadDetail(let ref):
            do { send(.detailLoaded(try store.read { try PaneLoader.detail(ref, $0) })) }
            catch { send(.failed("\(error)")) }
        case .perform(let request):
            submit(request)
        case .previewHandover:
            guard let handover else { return }
            do { send(.handoverPreview(try handover.preview(language: model.language))) }
            catch { send(.failed("\(error)")) }
        case .exportHandover:
            guard let handover else { return }
            do {
                let r = try handover.export(language: model.language)
                send(.handoverExported(path: r.path, sha256: r.sha256))
            } catch { send(.failed("\(error)")) }
        case .setTheme(let name):
            do { send(.themeLoaded(try Theme.named(name, searching: themeDirectories))) }
            catch { send(.failed("\(error)")) }
        case .bell:
            backend.bell()
        case .redraw:
            previous = nil
            needsRender = true
        case .quit:
            break
        }
    }

    private func load(_ pane: PaneID) {
        let q = model.query(pane)
        let now = model.now
        if pane == .grid, model.map != nil {
            let sla = model.config.sla
            do {
                switch model.mapMeasure {
                case .load: send(.gridLoadsLoaded(try store.read { try GridLoadQuery.loads($0, now: now, sla: sla) }))
                case .opinionHeat: send(.gridHeatsLoaded(try store.read { try OpinionHeatQuery.heats($0, now: now) }))
                }
            } catch { send(.failed("\(error)")) }
            return
        }
        do {
            let counties = model.showsCountyColumn ? model.counties : nil
            let (snapshot, byItem) = try store.read { c in
                let s = try PaneLoader.load(pane, q, c, now: now)
                return (s, try counties.map { try PaneCounties.load(s, c, home: $0.home) })
            }
            if let byItem { send(.paneCountiesLoaded(pane, byItem)) }
            send(.loaded(snapshot))
        } catch {
            send(.failed("\(error)"))
            var s = model.status
            s.healthy = false
            s.healthMessage = "\(error)"
            send(.statusLoaded(s))
        }
    }

    private func loadStatus() {
        let now = model.now
        let county = model.countyFilter
        do {
            var s = try store.read { try PaneLoader.status($0, now: now, county: county) }
            s.reconnecting = inbox.reconnecting
            send(.statusLoaded(s))
        } catch {
            var s = model.status
            s.reconnecting = inbox.reconnecting
            s.healthy = false
            s.healthMessage = "\(error)"
            send(.statusLoaded(s))
        }
    }

    private func loadGridNames() {
        if let names = try? store.read({ try PaneLoader.gridNames($0) }) { send(.gridNamesLoaded(names)) }
    }

    /// Reloads panes marked by bus events, unless the last reload was under `refreshIntervalMs` ago.
    func flushRefresh(force: Bool) {
        guard !pendingRefresh.isEmpty else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard force || now - lastRefreshNs >= UInt64(refreshIntervalMs) * 1_000_000 else { return }
        lastRefreshNs = now
        let panes = pendingRefresh
        pendingRefresh.removeAll()
        if panes.contains(.grid) { loadGridNames() }
        for p in PaneID.allCases where panes.contains(p) { load(p) }
        loadStatus()
    }

    /// Starts an operator action off the loop (with the version the operator saw); see `ActionRunner`.
    private func submit(_ request: ActionRequest) {
        if actions == nil { openActionRunner() }
        nextActionID += 1
        send(.actionStarted(nextActionID, request))
        let lang = model.language, offset = model.config.offsetSeconds, names = model.config.operatorNames
        actions?.submit(id: nextActionID, request, actor: model.config.operatorLogin, language: lang) { refused in
            refused.message(lang, offsetSeconds: offset, names: names)
        }
    }

    /// The runner gets a connection of its own (opened at start, before anyone holds a lock), so waiting for the
    /// write lock never blocks the loop's reads.
    private func openActionRunner() {
        let own = (try? Store(path: store.path, sla: store.sla, create: false)) ?? store
        own.clock = store.clock
        let runner = ActionRunner(store: own)
        let inbox = self.inbox
        runner.wake = { inbox.wake() }
        actions = runner
    }

    /// Hands finished actions (and "store busy" news) to the model.
    private func collectActionOutcomes() {
        guard let actions else { return }
        for m in actions.drain() {
            send(m)
            if case .actionFinished = m { watcher?.nudge() }
        }
    }

    /// Tests and leaving the UI: waits for every submitted action, then applies the outcomes.
    public func finishActions() {
        actions?.waitUntilIdle()
        collectActionOutcomes()
    }

    // MARK: The loop

    /// Draws a frame if anything changed since the last one.
    public func renderIfNeeded() {
        guard needsRender else { return }
        render()
    }

    /// Draws a frame now; only the cells that differ from the previous frame reach the terminal.
    public func render() {
        var frame = previous.map { Buffer(width: $0.width, height: $0.height) } ?? Buffer(width: 0, height: 0)
        model.view(into: &frame)
        backend.draw(frame, previous: previous)
        backend.flush()
        previous = frame
        needsRender = false
        lastRenderedSecond = model.now.milliseconds / 1000
        framesDrawn += 1
    }

    /// One iteration: keys (waiting up to one frame), the clock, the bus, throttled reloads, a frame.
    public func step() {
        let started = DispatchTime.now().uptimeNanoseconds
        let idle = started - lastActivityNs > UInt64(idleAfterMs) * 1_000_000
        let wait = idle ? idleFrameMs : frameMs
        var key = backend.readKey(timeoutMs: wait)
        var handled = 0
        while let k = key, handled < 64 {
            handled += 1
            if k == .resize { send(.resize(backend.size)); previous = nil } else { send(.key(k)) }
            if model.wantsQuit { return }
            key = backend.readKey(timeoutMs: 0)
        }
        if handled == 0 {
            // Backends that do not block (tests, the benchmark) wait on the inbox for the rest of the frame.
            let elapsedMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            inbox.wait(milliseconds: wait - elapsedMs)
        } else {
            lastActivityNs = DispatchTime.now().uptimeNanoseconds
        }
        collectActionOutcomes()
        send(.tick(store.clock()))
        let events = inbox.drain()
        if !events.isEmpty {
            lastActivityNs = DispatchTime.now().uptimeNanoseconds
            send(.busEvents(events))
        }
        if inbox.reconnecting != model.status.reconnecting {
            // The status bar says "store reconnecting" while the bus is cut off from a PostgreSQL store.
            var s = model.status
            s.reconnecting = inbox.reconnecting
            send(.statusLoaded(s))
        }
        flushRefresh(force: false)
        renderIfNeeded()
    }

    /// Runs until the operator quits (or `until` says stop).
    public func run(until shouldStop: () -> Bool = { false }) {
        renderIfNeeded()
        while !model.wantsQuit && !shouldStop() { step() }
    }

    /// Tests: handle everything that is queued now (bus events, pending reloads) without waiting.
    public func settle() {
        finishActions()
        let events = inbox.drain()
        if !events.isEmpty { send(.busEvents(events)) }
        flushRefresh(force: true)
    }
}
