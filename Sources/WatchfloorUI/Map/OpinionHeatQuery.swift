import WatchfloorCore
import WatchfloorStore

/// Reads the public-opinion heat of every grid for the map's "opinion heat" shading (`MapMeasure.opinionHeat`).
///
/// Counted: topics that are not closed and have a grid (place-name matching located them; a topic without a place
/// is in the opinion view but on no map region). Each topic's heat is taken *now* (`OpinionTopic.heat(at:)`, the
/// same number the opinion view shows), because the stored heat is the one computed at the topic's last post and
/// a story nobody posts about any more must cool on the map as it does in the list.
///
/// Call it inside `Store.read` like `GridLoadQuery.loads`:
///
///     let heats = try store.read { try OpinionHeatQuery.heats($0, now: .now()) }
///     mapPane.update(heats: heats)
public enum OpinionHeatQuery {
    /// Heat keyed by every grid id in the `grids` table (zero when no open topic lies there) and by every id a
    /// topic points at, each rolled up into all its ancestors (`GridOpinionHeat.add`: the hottest, and a count).
    public static func heats(_ c: Connection, now: Timestamp) throws -> [String: GridOpinionHeat] {
        var own: [String: GridOpinionHeat] = [:]
        try c.query("""
            SELECT grid_id, posts, engagement, hourly, last_seen FROM opinion_topics
            WHERE grid_id IS NOT NULL AND status <> '\(TopicStatus.closed.rawValue)'
            """) { row in
            (grid: row.string(0), posts: row.int(1), engagement: row.int(2), hourly: row.string(3),
             lastSeen: Timestamp(milliseconds: row.int64(4)))
        }.forEach { t in
            let heat = OpinionHeat.current(posts: t.posts, hourly: HourlyCounts(serialized: t.hourly) ?? HourlyCounts(),
                                           engagement: t.engagement, lastSeen: t.lastSeen, at: now)
            own[t.grid, default: .zero].add(GridOpinionHeat(hottest: heat, topics: 1))
        }
        return try GridRollUp(c).rollUp(own, zero: .zero) { $0.add($1) }
    }
}
