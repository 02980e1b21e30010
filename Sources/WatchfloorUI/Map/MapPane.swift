import Foundation
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal

/// What a key press on the map means for the app.
public enum MapPaneEvent: Equatable, Sendable {
    /// The map does not use this key; the app may.
    case ignored
    /// Only the map changed (moved, zoomed, drilled with the same selection): redraw it.
    case redraw
    /// `selectedGridID` changed: re-filter the incident, hotline and alert panes (nil: no filter).
    case selectionChanged(String?)
    /// Enter on a region with nothing below it (a grid): show its detail (`MapPane.detailLines`).
    case showDetail(String)
}

/// The grid map pane: the county drawn as braille polygons, shaded by load or by opinion heat (`measure`),
/// navigated level by level.
///
/// Model. The pane shows one *level* at a time: the children of a container node (the county's townships, a
/// township's villages, a village's grids). `selectedGridID` is the highlighted child, or — when none is
/// highlighted — the container itself (nil at the top: the whole county, no filter). So after drilling into
/// 城关镇 the filter stays 城关镇 until an arrow picks one of its villages.
///
/// Keys: arrows (and `h j k l`) move to the neighbouring region in that direction (the first press picks the
/// region nearest the middle); `Enter` drills into the selected region, or asks for its detail when nothing lies
/// below it; `Backspace` goes up one level; `+`/`=` and `-` zoom around the selection; `0` resets the view; `Esc`
/// clears the selection (and returns `.ignored` when there is none, so the app may use it).
///
/// Geometry. A node without an outline of its own (a store that only has grid polygons) is drawn as the union of
/// its descendants' outlines, so every level is drawable as long as the grids are. Nodes with no drawable
/// geometry at all are kept for names, breadcrumbs and details but not drawn.
///
/// Example:
///
///     let pane = MapPane(grids: try store.withConnection { try GridRepository.all($0) })
///     pane.update(loads: try store.read { try GridLoadQuery.loads($0, now: .now(), sla: store.sla) })
///     switch pane.handle(key) { case .selectionChanged(let id): filter(id) … }
///     pane.render(into: &buffer, area: rect, theme: theme, language: .zh, focused: true)
public final class MapPane {
    let hierarchy: RegionHierarchy
    let gridsByID: [String: Grid]
    /// Ids whose `geometry` text could not be read (for the app's log); they are drawn from their children if any.
    public let unreadableGeometry: [String]

    /// The single root drawn as "everything" (the county), or nil when the data has several roots (a GeoJSON file
    /// of districts): then the top level shows the roots themselves.
    let topID: String?
    /// Container whose children are on screen; `topID` at the top.
    public private(set) var levelID: String?
    /// Highlighted child of the container, if any.
    private var cursor: String?

    /// nil = whole county (no filter); otherwise the selected node at any level.
    public private(set) var selectedGridID: String?

    private(set) var loads: [String: GridLoad] = [:]
    /// What the shading, the title's score, the legend and the ranking measure (`MapMeasure`). The app keeps the
    /// operator's choice and sets it again on a map rebuilt after the grids change.
    public var measure: MapMeasure = .load
    private(set) var heats: [String: GridOpinionHeat] = [:]
    var zoomSteps = 0
    var zoomCenter: GeoPoint?
    /// Map-area size of the last frame, to tell whether a selection is on screen when zoomed.
    var lastMapSize: (width: Int, height: Int)?

    private var levels: [String: MapLevel] = [:]
    private var drawable: [String: [GeoPolygon]] = [:]
    var frames: [FrameKey: MapFrame] = [:]

    /// Builds the map from grid records: each grid's `geometry` (GeoJSON Polygon/MultiPolygon/Feature text)
    /// becomes its outline; parents come from `Grid.parent`, else from the code.
    public convenience init(grids: [Grid]) {
        var regions: [GeoRegion] = []
        var unreadable: [String] = []
        for g in grids {
            var polygons: [GeoPolygon] = []
            if let text = g.geometry, !text.isEmpty {
                polygons = GridGeometry.polygons(text)
                    ?? (try? GeoJSONLoader.load(data: Data(text.utf8), source: g.id))?.regions.flatMap(\.polygons) ?? []
                if polygons.isEmpty { unreadable.append(g.id) }
            }
            regions.append(GeoRegion(id: g.id, name: g.name, parentID: g.parent, polygons: polygons))
        }
        self.init(regions: regions, grids: grids, unreadableGeometry: unreadable)
    }

    /// Builds the map from regions loaded straight from a GeoJSON file (no worker or household data).
    public convenience init(regions: [GeoRegion]) {
        self.init(regions: regions, grids: [], unreadableGeometry: [])
    }

    init(regions: [GeoRegion], grids: [Grid], unreadableGeometry: [String]) {
        hierarchy = RegionHierarchy(regions: regions)
        var byID: [String: Grid] = [:]
        for g in grids where byID[g.id] == nil { byID[g.id] = g }
        gridsByID = byID
        self.unreadableGeometry = unreadableGeometry
        let roots = hierarchy.roots
        topID = roots.count == 1 && !hierarchy.children(of: roots[0].id).isEmpty ? roots[0].id : nil
        levelID = topID
    }

    // MARK: - Data

    /// New loads (from `GridLoadQuery.loads`); only shading changes, so the raster cache stays valid.
    public func update(loads: [String: GridLoad]) { self.loads = loads }

    /// The load of a node, if the last `update` had one.
    public func load(of id: String) -> GridLoad? { loads[id] }

    /// New opinion heat (from `OpinionHeatQuery.heats`); like loads, only the shading changes.
    public func update(heats: [String: GridOpinionHeat]) { self.heats = heats }

    /// The opinion heat of a node, if the last `update(heats:)` had one.
    public func heat(of id: String) -> GridOpinionHeat? { heats[id] }

    /// Ids of the regions drawn at the current level, in draw order.
    public var visibleRegionIDs: [String] { currentLevel.regions.map(\.id) }

    /// The highlighted region at the current level (nil when the selection is the container itself).
    public var highlightedRegionID: String? { cursor }

    // MARK: - Keys

    public func handle(_ key: Key) -> MapPaneEvent {
        switch key {
        case .up, .char("k"): return move(.up)
        case .down, .char("j"): return move(.down)
        case .left, .char("h"): return move(.left)
        case .right, .char("l"): return move(.right)
        case .enter: return drillDown()
        case .backspace: return goUp()
        case .char("+"), .char("="): return zoom(by: 1)
        case .char("-"): return zoom(by: -1)
        case .char("0"):
            zoomSteps = 0
            zoomCenter = nil
            return .redraw
        case .escape:
            guard selectedGridID != nil else { return .ignored }
            clearSelection()
            return .selectionChanged(nil)
        default: return .ignored
        }
    }

    /// Selects `gridID` (any level) as the app's grid picker (`g`) or another pane asks: the map shows its
    /// level with it highlighted. An id the map does not know selects its nearest known ancestor code; nil, the
    /// top node, or an id with no known ancestor clears the selection.
    public func select(gridID: String?) {
        var id = gridID
        while let i = id, hierarchy.index(of: i) == nil { id = RegionLevel.parentCode(of: i) }
        guard let target = id, target != topID else {
            clearSelection()
            return
        }
        let level = containerID(of: target)
        if level != levelID { resetZoom() }
        levelID = level
        cursor = target
        syncSelection()
        followSelection()
    }

    /// Back to the top level with nothing selected (the whole county).
    public func clearSelection() {
        levelID = topID
        cursor = nil
        resetZoom()
        syncSelection()
    }

    private func move(_ direction: MapDirection) -> MapPaneEvent {
        let level = currentLevel
        guard !level.regions.isEmpty else { return .ignored }
        let next: Int?
        if let c = cursor, let i = level.indexByID[c] {
            next = level.navigator.neighbour(of: i, direction: direction)
        } else {
            next = level.centralIndex
        }
        guard let n = next else { return .redraw }
        cursor = level.regions[n].id
        return selectionEvent()
    }

    private func drillDown() -> MapPaneEvent {
        guard let c = cursor else {
            let level = currentLevel
            guard let n = level.centralIndex else { return .ignored }
            cursor = level.regions[n].id
            return selectionEvent()
        }
        guard !level(for: c).regions.isEmpty else { return .showDetail(c) }
        levelID = c
        cursor = nil
        resetZoom()
        syncSelection()
        return .redraw
    }

    private func goUp() -> MapPaneEvent {
        guard let level = levelID, level != topID else {
            guard cursor != nil else { return .ignored }
            cursor = nil
            return selectionEvent()
        }
        levelID = containerID(of: level)
        cursor = level
        resetZoom()
        return selectionEvent()
    }

    private func zoom(by steps: Int) -> MapPaneEvent {
        zoomSteps = min(24, max(-8, zoomSteps + steps))
        if let c = cursor, let b = drawableBounds(c) {
            zoomCenter = b.center
        }
        if zoomSteps == 0 && cursor == nil { zoomCenter = nil }
        return .redraw
    }

    private func selectionEvent() -> MapPaneEvent {
        let before = selectedGridID
        syncSelection()
        followSelection()
        return before == selectedGridID ? .redraw : .selectionChanged(selectedGridID)
    }

    private func syncSelection() {
        selectedGridID = cursor ?? (levelID == topID ? nil : levelID)
    }

    private func resetZoom() {
        zoomSteps = 0
        zoomCenter = nil
    }

    /// When zoomed, recentres on the selection if it would be off screen.
    private func followSelection() {
        guard zoomSteps != 0, let c = cursor, let b = drawableBounds(c) else { return }
        guard let size = lastMapSize else {
            zoomCenter = b.center
            return
        }
        let v = viewport(for: currentLevel, width: size.width, height: size.height)
        let p = v.project(b.center, width: size.width, height: size.height)
        if p.x < 2 || p.y < 4 || p.x > Double(size.width * 2 - 2) || p.y > Double(size.height * 4 - 4) {
            zoomCenter = b.center
        }
    }

    // MARK: - Levels

    /// The container in which `id` is drawn: its parent, or the top when it has none.
    func containerID(of id: String) -> String? {
        hierarchy.parent(of: id)?.id ?? topID
    }

    var currentLevel: MapLevel { level(for: levelID) }

    func level(for id: String?) -> MapLevel {
        let key = id ?? ""
        if let l = levels[key] { return l }
        let nodes = id.map { hierarchy.children(of: $0) } ?? hierarchy.roots
        let parentName = id.flatMap { hierarchy.region($0)?.name }
        var regions: [GeoRegion] = []
        var labels: [Int: [String]] = [:]
        for node in nodes {
            let polygons = drawablePolygons(node.id)
            guard !polygons.isEmpty else { continue }
            labels[regions.count] = MapPane.labelCandidates(MapPane.shortName(node.name, under: parentName))
            regions.append(GeoRegion(id: node.id, name: node.name, polygons: polygons))
        }
        let l = MapLevel(id: id, regions: regions, labels: labels)
        levels[key] = l
        return l
    }

    /// A node's own outline, else the union of its children's (recursively); empty when nothing below has one.
    func drawablePolygons(_ id: String) -> [GeoPolygon] {
        if let p = drawable[id] { return p }
        drawable[id] = []  // guards against cycles while recursing
        var polygons = hierarchy.region(id)?.polygons ?? []
        if polygons.isEmpty {
            polygons = hierarchy.children(of: id).flatMap { drawablePolygons($0.id) }
        }
        drawable[id] = polygons
        return polygons
    }

    func drawableBounds(_ id: String) -> GeoBoundingBox? {
        GeoRegion(id: id, name: id, polygons: drawablePolygons(id)).bounds
    }

    /// The view for `level` in a `width`×`height` map area: fitted to the level, then zoomed.
    func viewport(for level: MapLevel, width: Int, height: Int) -> Viewport {
        let home = Viewport.fit(level.regions, width: width, height: height)
        guard zoomSteps != 0 || zoomCenter != nil else { return home }
        var v = home
        v.center = zoomCenter ?? home.center
        return v.zoomed(by: pow(2, Double(zoomSteps) / 2))
    }

    // MARK: - Names

    /// `name` without its parent's name in front ("城关镇东街社区" under "城关镇" → "东街社区"), as grid systems
    /// repeat the parent in every child's name.
    static func shortName(_ name: String, under parent: String?) -> String {
        guard let parent, !parent.isEmpty, name.hasPrefix(parent), name.count > parent.count else { return name }
        return String(name.dropFirst(parent.count))
    }

    /// Label texts to try, longest first: the short name, the same cut to 6 columns, and its digits ("第12网格" →
    /// "12") when it has any.
    static func labelCandidates(_ short: String) -> [String] {
        var out = [short]
        let cut = DisplayWidth.truncate(short, to: 6)
        if cut != short { out.append(cut) }
        // The name without its suffix (城关镇 → 城关, 臺北市 → 臺北): fits inside regions too small for the whole
        // name, since labels never cover a boundary.
        let stem = String(short.prefix(2))
        if short.count >= 3, DisplayWidth.of(stem) >= 3, !out.contains(stem) { out.append(stem) }
        let digits = String(short.filter { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits != short { out.append(digits) }
        return out
    }

    /// The path from the top to `id`, each name relative to its parent: "云岭县 › 城关镇 › 东街社区".
    func breadcrumb(to id: String?, language: Language) -> String {
        var chain: [GeoRegion] = []
        if let id, let r = hierarchy.region(id) { chain = hierarchy.ancestors(of: id).reversed() + [r] }
        if chain.isEmpty {
            if let top = topID.flatMap({ hierarchy.region($0) }) { return top.name }
            return language == .zh ? "全部" : "All"
        }
        var parts: [String] = []
        var parent: String?
        for r in chain {
            parts.append(MapPane.shortName(r.name, under: parent))
            parent = r.name
        }
        return parts.joined(separator: " › ")
    }
}

/// One level of the map: the regions drawn together and what navigation needs about them.
final class MapLevel {
    let id: String?
    let regions: [GeoRegion]
    let indexByID: [String: Int]
    /// Label candidates per region index.
    let labels: [Int: [String]]

    /// Display width of every label candidate, measured once: measuring CJK text (grapheme by grapheme) was
    /// half the cost of placing labels on an uncached frame.
    let labelWidths: [String: Int]

    init(id: String?, regions: [GeoRegion], labels: [Int: [String]]) {
        self.id = id
        self.regions = regions
        self.labels = labels
        var widths: [String: Int] = [:]
        for texts in labels.values { for t in texts where widths[t] == nil { widths[t] = DisplayWidth.of(t) } }
        labelWidths = widths
        var byID: [String: Int] = [:]
        for (i, r) in regions.enumerated() { byID[r.id] = i }
        indexByID = byID
    }

    /// Built on first use: adjacency needs a raster of the whole level.
    lazy var navigator = MapNavigator(regions: regions)

    /// The region whose centroid is nearest the middle of the level (where the first arrow press lands).
    var centralIndex: Int? {
        guard let box = regions.bounds else { return nil }
        let k = cos((box.minLat + box.maxLat) / 2 * .pi / 180)
        let mid = (x: box.center.lon * k, y: box.center.lat)
        return navigator.centroids.indices.min { a, b in
            let ca = navigator.centroids[a], cb = navigator.centroids[b]
            let da = hypot(ca.x - mid.x, ca.y - mid.y), db = hypot(cb.x - mid.x, cb.y - mid.y)
            return da != db ? da < db : a < b
        }
    }
}
