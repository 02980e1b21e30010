import WatchfloorCore
import WatchfloorGeo
import WatchfloorStore

/// Reads every grid's load from the store in four grouped queries and rolls it up the hierarchy.
///
/// Why GROUP BY and not the repositories' list queries: the map needs counts for every grid each refresh, never
/// the rows; SQLite counts 100k incidents in a few milliseconds through the `(grid_id, status)` indexes, and the
/// roll-up is a walk over a few thousand grid ids in memory.
///
/// Call it inside `Store.read { c in … }` so the four queries see one snapshot:
///
///     let loads = try store.read { try GridLoadQuery.loads($0, now: .now(), sla: store.sla) }
///     mapPane.update(loads: loads)
public enum GridLoadQuery {
    /// Loads keyed by every grid id in the `grids` table (zero when quiet) and by every id that items point at,
    /// each also added to all its ancestors: the parent from the `grids` table when the id is there, otherwise
    /// the code prefix (15 → 12 → 9 → 6 digits, then the city's 4 when the table has the city). So `loads["990102"]` is the whole county.
    ///
    /// Counted: incidents that are open (new, acknowledged, dispatched) by level; open hotline cases whose
    /// `stage_due_at` is before `now` (overdue) or within `sla.table.nearDueHours` after it (near due) — the same
    /// rule as `SLAClock.state`; alerts that are new or acknowledged.
    public static func loads(_ c: Connection, now: Timestamp, sla: SLAClock) throws -> [String: GridLoad] {
        var own: [String: GridLoad] = [:]

        let openIncident = IncidentStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")
        try c.query("""
            SELECT grid_id, level, COUNT(*) FROM incidents
            WHERE grid_id IS NOT NULL AND status IN (\(openIncident)) GROUP BY grid_id, level
            """) { row in (row.string(0), row.int(1), row.int(2)) }
            .forEach { id, level, n in
                guard let l = Level(rawValue: level) else { return }
                own[id, default: .zero].openIncidents[l, default: 0] += n
            }

        let nearMs = Int64(sla.table.nearDueHours) * 3_600_000
        try c.query("""
            SELECT grid_id, COUNT(*) FILTER (WHERE stage_due_at < ?1), COUNT(*) FILTER (WHERE stage_due_at >= ?1 AND stage_due_at <= ?2)
            FROM hotline_cases
            WHERE grid_id IS NOT NULL AND status != '\(HotlineStatus.closed.rawValue)' AND stage_due_at IS NOT NULL
            GROUP BY grid_id
            """, [.int(now.milliseconds), .int(now.milliseconds + nearMs)]) { row in (row.string(0), row.int(1), row.int(2)) }
            .forEach { id, overdue, near in
                guard overdue > 0 || near > 0 else { return }
                own[id, default: .zero].overdueHotline += overdue
                own[id, default: .zero].nearDueHotline += near
            }

        let activeAlert = AlertStatus.allCases.filter(\.isActive).map { "'\($0.rawValue)'" }.joined(separator: ",")
        try c.query("""
            SELECT grid_id, COUNT(*) FROM alerts WHERE grid_id IS NOT NULL AND status IN (\(activeAlert)) GROUP BY grid_id
            """) { row in (row.string(0), row.int(1)) }
            .forEach { id, n in own[id, default: .zero].activeAlerts += n }

        let parents = try c.query("SELECT id, parent FROM grids") { ($0.string(0), $0.stringOptional(1)) }
        var parentOf: [String: String] = [:]
        for (id, parent) in parents { if let parent { parentOf[id] = parent } }
        // Above a county only to a city the table has (a city store's root); a county's own store stops at the county.
        let cities = Set(parents.map(\.0).filter { RegionLevel(code: $0) == .city })
        func parent(of id: String) -> String? {
            parentOf[id] ?? GridCode.parent(of: id) ?? RegionLevel.parentCode(of: id).flatMap { cities.contains($0) ? $0 : nil }
        }

        var out: [String: GridLoad] = [:]
        for (id, _) in parents { out[id] = .zero }
        for (id, load) in own {
            out[id, default: .zero].add(load)
            var seen: Set<String> = [id]
            var current = id
            while let p = parent(of: current), seen.insert(p).inserted {
                out[p, default: .zero].add(load)
                current = p
            }
        }
        return out
    }
}
