// What each pane shows, loaded one visible window at a time (never a whole table).

import WatchfloorCore
import WatchfloorStore

/// An aggregated alert row with its recent rate (observations per bucket, oldest first).
public struct AlertRow: Sendable, Equatable {
    public var alert: SecurityAlert
    public var rate: [Int]
}

/// One line of the grid pane's load list: open items in a grid.
public struct GridLoadRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var incidents: Int
    public var hotline: Int
    public var alerts: Int
    public var total: Int { incidents + hotline + alerts }
}

/// A pane's window of rows: `rows[i]` is item `offset + i` of `total` matching items.
public enum PaneSnapshot: Sendable {
    case incidents([Incident], offset: Int, total: Int)
    case hotline([HotlineCase], offset: Int, total: Int)
    case alerts([AlertRow], offset: Int, total: Int)
    case grid([GridLoadRow], offset: Int, total: Int)
    case opinion([OpinionTopic], offset: Int, total: Int)

    public var pane: PaneID {
        switch self {
        case .incidents: .incidents
        case .hotline: .hotline
        case .alerts: .alerts
        case .grid: .grid
        case .opinion: .opinion
        }
    }

    public var offset: Int {
        switch self {
        case .incidents(_, let o, _), .hotline(_, let o, _), .alerts(_, let o, _), .grid(_, let o, _), .opinion(_, let o, _): o
        }
    }

    public var total: Int {
        switch self {
        case .incidents(_, _, let t), .hotline(_, _, let t), .alerts(_, _, let t), .grid(_, _, let t), .opinion(_, _, let t): t
        }
    }

    public var count: Int {
        switch self {
        case .incidents(let r, _, _): r.count
        case .hotline(let r, _, _): r.count
        case .alerts(let r, _, _): r.count
        case .grid(let r, _, _): r.count
        case .opinion(let r, _, _): r.count
        }
    }

    /// The item at window index `i`, with the version the operator is looking at.
    func item(at i: Int) -> (ref: ItemRef, version: Int?)? {
        guard i >= 0, i < count else { return nil }
        switch self {
        case .incidents(let r, _, _): return (.incident(r[i].id), r[i].version)
        case .hotline(let r, _, _): return (.hotline(r[i].ticket), r[i].version)
        case .alerts(let r, _, _): return (.alert(r[i].alert.id), r[i].alert.version)
        case .grid(let r, _, _): return (.grid(r[i].id), nil)
        case .opinion(let r, _, _): return (.topic(r[i].id), r[i].version)
        }
    }
}

/// The status bar's numbers.
public struct StatusSnapshot: Sendable, Equatable {
    /// Unacknowledged Ⅰ/Ⅱ incidents anywhere in the county.
    public var unacknowledgedHigh = 0
    public var overdueHotline = 0
    public var healthy = true
    public var healthMessage: String?
    public var lastSeq: Int64 = 0
    /// The bus watcher lost its connection to a PostgreSQL store and is reconnecting (it catches up after).
    public var reconnecting = false
}

/// Everything the detail view shows about one item.
public struct DetailSnapshot: Sendable {
    public enum Entity: Sendable {
        case incident(Incident), hotline(HotlineCase), alert(SecurityAlert), grid(Grid), topic(OpinionTopic)
    }
    public var ref: ItemRef
    public var entity: Entity?
    public var notes: [Note]
    public var timeline: [BusEvent]
    /// For a grid (at any level): what is still open under it, most urgent first.
    public var openItems: GridOpenItems?
    /// For a topic: its posts (newest first, a bounded number) and the responses made.
    public var posts: [StoredPost] = []
    public var responses: [TopicResponse] = []
}

/// The open work located in one grid (or under a township/village), for the grid's detail view.
public struct GridOpenItems: Sendable {
    public static let limit = 8
    public var incidents: [Incident]
    public var incidentCount: Int
    public var hotline: [HotlineCase]
    public var hotlineCount: Int
    public var alerts: [SecurityAlert]
    public var alertCount: Int

    static func load(_ c: Connection, grid: String) throws -> GridOpenItems {
        let f = ListFilter(openOnly: true, gridPrefix: grid, limit: limit)
        return GridOpenItems(incidents: try IncidentRepository.list(c, f, order: .attention),
                             incidentCount: try IncidentRepository.count(c, f),
                             hotline: try HotlineRepository.list(c, f), hotlineCount: try HotlineRepository.count(c, f),
                             alerts: try AlertRepository.list(c, f), alertCount: try AlertRepository.count(c, f))
    }
}

/// Which window of a pane to load.
struct PaneQuery: Equatable, Sendable {
    var offset = 0
    var limit = 20
    var gridPrefix: String?
    var text: String?
    /// One county's items (`:county`); the grid pane then shows that county's grids.
    var county: String?
}

/// The queries behind the panes. Each reads only the visible window plus a count.
enum PaneLoader {
    /// Sparkline: 12 buckets of 5 minutes (the last hour).
    static let rateBuckets = 12
    static let rateBucketMs: Int64 = 5 * 60_000
    /// Incidents the duty room still has to see through (resolved ones stay until closed).
    static let activeIncidentStatuses = ["new", "acknowledged", "dispatched", "resolved"]

    static func load(_ pane: PaneID, _ q: PaneQuery, _ c: Connection, now: Timestamp) throws -> PaneSnapshot {
        let county = try countyFilter(q.county, c)
        switch pane {
        case .incidents:
            let f = ListFilter(statuses: activeIncidentStatuses, gridPrefix: q.gridPrefix, text: q.text,
                               limit: q.limit, offset: q.offset, county: county)
            return .incidents(try IncidentRepository.list(c, f, order: .attention), offset: q.offset,
                              total: try IncidentRepository.count(c, f))
        case .hotline:
            let f = ListFilter(openOnly: true, gridPrefix: q.gridPrefix, text: q.text, limit: q.limit, offset: q.offset,
                               county: county)
            return .hotline(try HotlineRepository.list(c, f, order: .deadline), offset: q.offset,
                            total: try HotlineRepository.count(c, f))
        case .alerts:
            let f = ListFilter(statuses: ["new", "acknowledged"], gridPrefix: q.gridPrefix, text: q.text,
                               limit: q.limit, offset: q.offset, county: county)
            let since = Timestamp(milliseconds: now.milliseconds - rateBucketMs * Int64(rateBuckets) + 1)  // now falls in the last bucket
            let rows = try AlertRepository.list(c, f).map { a in
                AlertRow(alert: a, rate: try AlertRepository.rate(c, alertID: a.id, since: since, bucketMs: rateBucketMs,
                                                                  buckets: rateBuckets))
            }
            return .alerts(rows, offset: q.offset, total: try AlertRepository.count(c, f))
        case .grid:
            return try gridLoads(q, c)
        case .opinion:
            let w = try OpinionRepository.window(c, gridPrefix: q.gridPrefix, text: q.text, limit: q.limit, offset: q.offset,
                                                 county: county)
            return .opinion(w.topics, offset: q.offset, total: w.total)
        }
    }

    /// Grids ranked by open items (incidents still open, unclosed 12345 cases, active alerts).
    static func gridLoads(_ q: PaneQuery, _ c: Connection) throws -> PaneSnapshot {
        var nameFilter = ""
        var args: [SQLValue] = []
        var clauses: [String] = []
        if let t = q.text, !t.isEmpty {
            clauses.append("(g.name LIKE ? OR l.grid_id LIKE ?)")
            args = [.text("%\(t)%"), .text("\(t)%")]
        }
        if let county = q.county {
            clauses.append("l.grid_id >= ? AND l.grid_id < ?")
            args += [.text(county), .text(county + "~")]
        }
        if !clauses.isEmpty { nameFilter = " WHERE " + clauses.joined(separator: " AND ") }
        let loads = """
            SELECT grid_id, SUM(i) AS i, SUM(h) AS h, SUM(a) AS a FROM (
              SELECT grid_id, COUNT(*) AS i, 0 AS h, 0 AS a FROM incidents
                WHERE status IN ('new','acknowledged','dispatched') AND grid_id IS NOT NULL GROUP BY grid_id
              UNION ALL SELECT grid_id, 0, COUNT(*), 0 FROM hotline_cases
                WHERE status <> 'closed' AND grid_id IS NOT NULL GROUP BY grid_id
              UNION ALL SELECT grid_id, 0, 0, COUNT(*) FROM alerts
                WHERE status IN ('new','acknowledged') AND grid_id IS NOT NULL GROUP BY grid_id
            ) GROUP BY grid_id
            """
        let from = "FROM (\(loads)) l LEFT JOIN grids g ON g.id = l.grid_id\(nameFilter)"
        let rows = try c.query("""
            SELECT l.grid_id, COALESCE(g.name, l.grid_id), l.i, l.h, l.a \(from)
            ORDER BY l.i + l.h + l.a DESC, l.grid_id LIMIT ? OFFSET ?
            """, args + [.int(Int64(q.limit)), .int(Int64(q.offset))]) {
            GridLoadRow(id: $0.string(0), name: $0.string(1), incidents: $0.int(2), hotline: $0.int(3), alerts: $0.int(4))
        }
        let total = Int(try c.scalarInt("SELECT COUNT(*) \(from)", args) ?? 0)
        return .grid(rows, offset: q.offset, total: total)
    }

    /// The county's unstamped rows count when it is this store's own county.
    static func countyFilter(_ code: String?, _ c: Connection) throws -> CountyFilter? {
        try code.map { CountyFilter(code: $0, includesUnstamped: try CountyAccess.homeCounty(c) == $0) }
    }

    static func status(_ c: Connection, now: Timestamp, county code: String? = nil) throws -> StatusSnapshot {
        var s = StatusSnapshot()
        let county = try countyFilter(code, c)
        s.unacknowledgedHigh = try IncidentRepository.unacknowledgedCount(c, maxLevel: .two, county: county)
        s.overdueHotline = try HotlineRepository.overdueCount(c, now: now, county: county)
        s.lastSeq = try EventLog.latestSeq(c)
        return s
    }

    static func detail(_ ref: ItemRef, _ c: Connection) throws -> DetailSnapshot {
        let entity: DetailSnapshot.Entity?
        switch ref {
        case .incident(let id): entity = try IncidentRepository.get(c, id: id).map { .incident($0) }
        case .hotline(let t): entity = try HotlineRepository.get(c, ticket: t).map { .hotline($0) }
        case .alert(let a): entity = try AlertRepository.get(c, id: a).map { .alert($0) }
        case .grid(let g): entity = try GridRepository.get(c, id: g).map { .grid($0) }
        case .topic(let t): entity = try OpinionRepository.get(c, id: t).map { .topic($0) }
        }
        var openItems: GridOpenItems?
        if case .grid(let g) = ref { openItems = try GridOpenItems.load(c, grid: g) }
        var d = DetailSnapshot(ref: ref, entity: entity, notes: try NoteRepository.forEntity(c, kind: ref.kind, id: ref.id),
                               timeline: try EventLog.timeline(c, kind: ref.kind, id: ref.id, limit: 500), openItems: openItems)
        if case .topic(let t) = ref {
            d.posts = try OpinionRepository.posts(c, topicID: t, limit: 100)
            d.responses = try OpinionRepository.responses(c, topicID: t)
        }
        return d
    }

    /// Grid names for rows and titles (codes and names only; the geometry stays in the store).
    static func gridNames(_ c: Connection) throws -> [String: String] {
        var names: [String: String] = [:]
        for (id, name) in try c.query("SELECT id, name FROM grids", [], { ($0.string(0), $0.string(1)) }) { names[id] = name }
        return names
    }
}
