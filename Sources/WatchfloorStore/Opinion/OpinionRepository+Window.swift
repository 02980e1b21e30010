import WatchfloorCore

extension OpinionRepository {
    /// One window of the open topics, hottest first, for the UI's opinion view: the `limit` rows from `offset`,
    /// under a grid prefix (the grid the operator picked), in one county (`:county`) and with `text` in the title,
    /// and how many match in all. Only the window is read, never the whole table.
    public static func window(_ c: Connection, gridPrefix: String?, text: String?, limit: Int, offset: Int,
                              county: CountyFilter? = nil) throws -> (topics: [OpinionTopic], total: Int) {
        var w = WhereBuilder()
        w.county(county)
        var clauses = ["status<>'closed'"] + w.clauses
        var args: [SQLValue] = w.args
        if let g = gridPrefix, !g.isEmpty { clauses.append("grid_id LIKE ?"); args.append(.text(g + "%")) }
        if let t = text, !t.isEmpty { clauses.append("title LIKE ?"); args.append(.text("%" + t + "%")) }
        let whereSQL = "WHERE " + clauses.joined(separator: " AND ")
        let topics = try c.query("""
            SELECT \(topicColumns) FROM opinion_topics \(whereSQL) ORDER BY heat DESC, last_seen DESC, id LIMIT ? OFFSET ?
            """, args + [.int(Int64(limit)), .int(Int64(offset))]) { topic($0).topic }
        let total = Int(try c.scalarInt("SELECT COUNT(*) FROM opinion_topics \(whereSQL)", args) ?? 0)
        return (topics, total)
    }
}
