// The city view: when a store holds several counties and none is chosen (`:county`), the incident, hotline, alert
// and opinion panes show which county each row belongs to, in a column that gives way first when space is short.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

/// The counties a store holds, with the short names the county column shows.
///
/// Why names from the grid table: a city store's region tree is city → county → …, so each county's node carries
/// its name ("云岭县"); the city's name in front of it ("滇中市云岭县") is dropped, as the map drops a parent's
/// name. A county with items but no grid node shows its code.
public struct CountyDirectory: Sendable, Equatable {
    /// County code → short name, for every county with grids or items in the store.
    public var names: [String: String] = [:]
    /// The store's own county (`watchfloor county home`): its unstamped rows are this county's.
    public var home: String?

    public init(names: [String: String] = [:], home: String? = nil) {
        self.names = names
        self.home = home
    }

    /// More than one county: a city's store.
    public var isCity: Bool { names.count > 1 }

    /// The short name of `code`, or the code itself.
    public func name(_ code: String) -> String { names[code] ?? code }

    /// Reads the counties: the home county, every county stamped on an item, every six-digit node of the grid
    /// table. Runs once at start and when the grids change (a handful of DISTINCT queries on the county indexes).
    public static func load(_ c: Connection) throws -> CountyDirectory {
        var d = CountyDirectory(home: try CountyAccess.homeCounty(c))
        var codes = Set(d.home.map { [$0] } ?? [])
        for table in ["incidents", "hotline_cases", "alerts", "opinion_topics"] {
            codes.formUnion(try c.query("SELECT DISTINCT county FROM \(table) WHERE county IS NOT NULL", [], { $0.string(0) }))
        }
        var nodes: [String: String] = [:]
        for (id, name) in try c.query("SELECT id, name FROM grids WHERE LENGTH(id) IN (4, 6)", [], { ($0.string(0), $0.string(1)) }) {
            nodes[id] = name
        }
        for (id, _) in nodes where CountyCode.isValid(id) { codes.insert(id) }
        for code in codes {
            var name = nodes[code].map { $0.sanitized() } ?? code
            if let city = nodes[String(code.prefix(4))]?.sanitized(), name.hasPrefix(city), name.count > city.count {
                name = String(name.dropFirst(city.count))
            }
            d.names[code] = name.isEmpty ? code : name
        }
        return d
    }
}

/// The county of each row of a pane's window: the row's stamp, else the home county, else its grid's county.
enum PaneCounties {
    static func load(_ snapshot: PaneSnapshot, _ c: Connection, home: String?) throws -> [ItemRef: String] {
        let rows: [(ref: ItemRef, key: SQLValue, grid: String?)]
        let table: (name: String, key: String)
        switch snapshot {
        case .incidents(let r, _, _): rows = r.map { (.incident($0.id), .text($0.id), $0.gridID) }; table = ("incidents", "id")
        case .hotline(let r, _, _): rows = r.map { (.hotline($0.ticket), .text($0.ticket), $0.gridID) }; table = ("hotline_cases", "ticket")
        case .alerts(let r, _, _): rows = r.map { (.alert($0.alert.id), .int($0.alert.id), $0.alert.gridID) }; table = ("alerts", "id")
        case .opinion(let r, _, _): rows = r.map { (.topic($0.id), .text($0.id), $0.gridID) }; table = ("opinion_topics", "id")
        case .grid: return [:]
        }
        guard !rows.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: rows.count).joined(separator: ",")
        var stamped: [String: String] = [:]
        for (key, county) in try c.query("SELECT \(table.key), county FROM \(table.name) WHERE \(table.key) IN (\(marks)) AND county IS NOT NULL",
                                         rows.map(\.key), { ($0.string(0), $0.string(1)) }) {
            stamped[key] = county
        }
        var out: [ItemRef: String] = [:]
        for r in rows {
            if let county = stamped[r.ref.id] ?? home ?? CountyCode.of(grid: r.grid) { out[r.ref] = county }
        }
        return out
    }
}

extension Model {
    /// The county column shows in a city store when no county is chosen.
    var showsCountyColumn: Bool { countyFilter == nil && counties.isCity }

    /// The county column (short county name) for `pane`, or nothing when the store is one county's or a county is
    /// chosen. Lowest priority of all, so at 80 columns it gives way before anything else.
    func countyColumn<Item>(_ pane: PaneID, ref: @escaping (Item) -> ItemRef) -> [PaneColumn<Item>] {
        guard showsCountyColumn else { return [] }
        let known = paneCounties[pane] ?? [:]
        let width = max(DisplayWidth.of(language.pick("县区", "County")), widest(Array(counties.names.values), cap: 8))
        return [PaneColumn(language.pick("县区", "County"), .fixed(width, priority: 99)) { item, w in
            [Span(known[ref(item)].map { DisplayWidth.truncate(self.counties.name($0), to: w) } ?? "—", role: .dim)]
        }]
    }
}
