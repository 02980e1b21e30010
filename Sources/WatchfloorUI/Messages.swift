// Everything that happens to the UI is a `Message`; everything the UI wants done is a `Command` (bubbletea's
// Msg/Cmd). `Model.update` is the only place state changes; `UIRuntime` performs commands and feeds their results
// back as messages.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

/// The five panes, in focus order (keys 1–5).
public enum PaneID: Int, CaseIterable, Hashable, Sendable {
    case incidents = 0, grid, hotline, alerts, opinion

    var scope: String {
        switch self {
        case .incidents: "incidents"
        case .grid: "grid"
        case .hotline: "hotline"
        case .alerts: "alerts"
        case .opinion: "opinion"
        }
    }
}

/// The item a detail view or an action is about.
public enum ItemRef: Hashable, Sendable {
    case incident(String)
    case hotline(String)
    case alert(Int64)
    case grid(String)
    /// A public-opinion topic.
    case topic(String)

    /// `entity_kind` / `entity_id` as the bus spells them.
    var kind: String {
        switch self {
        case .incident: "incident"
        case .hotline: "hotline"
        case .alert: "alert"
        case .grid: "grid"
        case .topic: "topic"
        }
    }

    var id: String {
        switch self {
        case .incident(let s), .hotline(let s), .grid(let s), .topic(let s): s
        case .alert(let a): String(a)
        }
    }

    var display: String {
        if case .alert(let a) = self { return EntityJSON.alertID(a) }
        return id
    }
}

/// An operator action ready to run against the store, with the version the operator saw.
public struct ActionRequest: Hashable, Sendable {
    public enum Verb: Hashable, Sendable {
        case acknowledge, assign(String), escalate, resolve, close, note(String)
        case accept, transfer(String), reply(String), callback(String, Satisfaction), suppress(minutes: Int)
        /// Show a case's full phone number for a minute (audited).
        case revealPhone
        /// The public-opinion topic workflow (OpinionActions): 研判, 回应 (channel and text or link), 跟踪.
        case assess, respond(channel: String, text: String), monitor
    }

    public var item: ItemRef
    public var verb: Verb
    public var expectedVersion: Int?
}

public enum Message: Sendable {
    case key(Key)
    /// The clock moved (countdowns, flash, the status-bar clock).
    case tick(Timestamp)
    /// Events committed by any process, in order.
    case busEvents([BusEvent])
    case loaded(PaneSnapshot)
    case statusLoaded(StatusSnapshot)
    case detailLoaded(DetailSnapshot)
    /// An action was handed to the action runner (`id` numbers it until it finishes).
    case actionStarted(Int, ActionRequest)
    /// The store's write lock is held by another process; action `id` keeps retrying.
    case storeBusy(Int)
    /// Action `id` finished: its outcome (`.actionDone`, `.actionRefused` or `.failed`).
    indirect case actionFinished(Int, Message)
    case actionDone(String)
    /// Someone else got there first (or the item is in the wrong state): `ActionRefused.message(lang)`.
    case actionRefused(String)
    case failed(String)
    case resize(Size)
    case gridNamesLoaded([String: String])
    /// The counties the store holds (at start and when grids change).
    case countiesLoaded(CountyDirectory)
    /// The county of each row of a pane's window, sent just before the window itself (city view only).
    case paneCountiesLoaded(PaneID, [ItemRef: String])
    /// Every grid with its outline, for the map (at start and when grids change).
    case gridsLoaded([Grid])
    /// Load per grid (and rolled up per township, village, county) for the map's shading.
    case gridLoadsLoaded([String: GridLoad])
    /// Opinion heat per grid (rolled up like loads), for the map's shading when it measures opinion heat.
    case gridHeatsLoaded([String: GridOpinionHeat])
    case themeLoaded(Theme)
    case handoverPreview(String)
    case handoverExported(path: String, sha256: String)
}

public enum Command: Hashable, Sendable {
    /// Load these panes now (the operator moved or changed a filter).
    case load(Set<PaneID>)
    /// Data changed on the bus: reload these panes and the status bar, at most ten times a second.
    case refresh(Set<PaneID>)
    case loadStatus
    /// Reload the grid table (outlines and names) and rebuild the map.
    case loadGrids
    case loadDetail(ItemRef)
    case perform(ActionRequest)
    case previewHandover
    case exportHandover
    case setTheme(String)
    case bell
    /// Repaint the whole screen (Ctrl-L).
    case redraw
    case quit
}
