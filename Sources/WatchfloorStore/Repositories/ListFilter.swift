import WatchfloorCore

/// What a pane or `watchfloor list` asks for. Panes never load a whole table: they ask for a window
/// (`limit`/`offset`) of what matches.
public struct ListFilter: Sendable, Equatable {
    /// Exact statuses (raw values); nil = any.
    public var statuses: [String]?
    /// Only items still needing attention (open incidents, unclosed cases, active or suppressed alerts).
    public var openOnly = false
    /// A grid code or any prefix of one (township, village): the map's selection.
    public var gridPrefix: String?
    /// One county's items only (`--county`, `:county`, an operator's limit): see `CountyAccess.readScope`.
    public var county: CountyFilter?
    /// Only this level and more severe (Ⅱ = Ⅰ and Ⅱ).
    public var maxLevel: Level?
    /// Case-insensitive substring over the main text columns.
    public var text: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var limit = 100
    public var offset = 0

    public init(statuses: [String]? = nil, openOnly: Bool = false, gridPrefix: String? = nil, maxLevel: Level? = nil,
                text: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil, limit: Int = 100, offset: Int = 0,
                county: CountyFilter? = nil) {
        self.county = county
        self.statuses = statuses; self.openOnly = openOnly; self.gridPrefix = gridPrefix; self.maxLevel = maxLevel
        self.text = text; self.since = since; self.until = until; self.limit = limit; self.offset = offset
    }
}

/// Accumulates a WHERE clause and its arguments.
struct WhereBuilder {
    var clauses: [String] = []
    var args: [SQLValue] = []

    mutating func add(_ clause: String, _ values: SQLValue...) {
        clauses.append(clause)
        args += values
    }

    mutating func statuses(_ list: [String]?, column: String = "status") {
        guard let list, !list.isEmpty else { return }
        clauses.append("\(column) IN (\(Array(repeating: "?", count: list.count).joined(separator: ",")))")
        args += list.map { .text($0) }
    }

    mutating func gridPrefix(_ prefix: String?, column: String = "grid_id") {
        guard let prefix, !prefix.isEmpty else { return }
        // A range on the code keeps the index usable: every code under 990102003 sorts between it and 990102003~.
        add("\(column) >= ? AND \(column) < ?", .text(prefix), .text(prefix + "~"))
    }

    mutating func text(_ needle: String?, columns: [String]) {
        guard let needle, !needle.isEmpty else { return }
        let pattern = "%" + needle.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        clauses.append("(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
        args += Array(repeating: .text(pattern), count: columns.count)
    }

    var sql: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }
}
