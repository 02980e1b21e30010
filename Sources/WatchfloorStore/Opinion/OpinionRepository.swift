import WatchfloorCore

/// A post as the store keeps it (sanitised), with the topic it was filed under.
public struct StoredPost: Sendable, Equatable {
    public var rowID: Int64
    public var topicID: String
    public var post: Post
    public var category: String?
    public var words: [String]
    public var receivedAt: Timestamp
}

/// Reads of topics, their posts and the responses made.
public enum OpinionRepository {
    static let topicColumns = """
        key, id, title, category, grid_id, status, first_seen, last_seen, posts, engagement, platforms, heat,
        peak_heat, peak_at, hourly, incident_id, raised_level, version, updated_at
        """

    static func topic(_ r: Row) -> (key: Int64, topic: OpinionTopic) {
        let t = OpinionTopic(
            id: r.string(1), title: r.string(2), category: r.stringOptional(3), gridID: r.stringOptional(4),
            status: TopicStatus(rawValue: r.string(5)) ?? .new, firstSeen: r.time(6), lastSeen: r.time(7),
            postCount: r.int(8), engagement: r.int(9),
            platforms: r.string(10).split(separator: ",").map(String.init), heat: r.double(11), peakHeat: r.double(12),
            peakAt: r.timeOptional(13), hourly: HourlyCounts(serialized: r.string(14)) ?? HourlyCounts(),
            incidentID: r.stringOptional(15), raisedLevel: r.intOptional(16).flatMap(Level.init(rawValue:)),
            version: r.int(17), updatedAt: r.time(18))
        return (r.int64(0), t)
    }

    public static func get(_ c: Connection, id: String) throws -> OpinionTopic? {
        try c.queryOne("SELECT \(topicColumns) FROM opinion_topics WHERE id=?", [.text(id)]) { topic($0).topic }
    }

    static func get(_ c: Connection, key: Int64) throws -> OpinionTopic? {
        try c.queryOne("SELECT \(topicColumns) FROM opinion_topics WHERE key=?", [.int(key)]) { topic($0).topic }
    }

    /// The topic an incident was raised for, if it was.
    public static func forIncident(_ c: Connection, incidentID: String) throws -> OpinionTopic? {
        try c.queryOne("SELECT \(topicColumns) FROM opinion_topics WHERE incident_id=?", [.text(incidentID)]) { topic($0).topic }
    }

    /// Topics, hottest first. `includeClosed` false leaves closed topics out; `matchedOnly` leaves out stories that
    /// matched no watch-word (kept, never raised).
    public static func list(_ c: Connection, status: TopicStatus? = nil, includeClosed: Bool = false, matchedOnly: Bool = false,
                            since: Timestamp? = nil, limit: Int = 100, county: CountyFilter? = nil) throws -> [OpinionTopic] {
        var w = WhereBuilder()
        w.county(county)
        var clauses = w.clauses
        var args = w.args
        if let status { clauses.append("status=?"); args.append(.text(status.rawValue)) }
        else if !includeClosed { clauses.append("status<>'closed'") }
        if matchedOnly { clauses.append("category IS NOT NULL") }
        if let since { clauses.append("last_seen>=?"); args.append(.from(since)) }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        return try c.query("SELECT \(topicColumns) FROM opinion_topics \(whereSQL) ORDER BY heat DESC, last_seen DESC LIMIT ?",
                           args + [.int(Int64(limit))]) { topic($0).topic }
    }

    public static func count(_ c: Connection) throws -> Int { Int(try c.scalarInt("SELECT COUNT(*) FROM opinion_topics") ?? 0) }
    public static func postCount(_ c: Connection) throws -> Int { Int(try c.scalarInt("SELECT COUNT(*) FROM opinion_posts") ?? 0) }

    public enum PostOrder: Sendable { case newestFirst, engagement }

    /// A topic's posts, newest first or by engagement (what the incident detail shows as the top posts).
    public static func posts(_ c: Connection, topicID: String, order: PostOrder = .newestFirst, limit: Int = 200) throws -> [StoredPost] {
        guard let key = try c.scalarInt("SELECT key FROM opinion_topics WHERE id=?", [.text(topicID)]) else { return [] }
        return try posts(c, topicKey: key, topicID: topicID, order: order, limit: limit)
    }

    static func posts(_ c: Connection, topicKey: Int64, topicID: String, order: PostOrder, limit: Int) throws -> [StoredPost] {
        let orderSQL = order == .newestFirst ? "published_at DESC, id DESC" : "(reposts*2 + comments*2 + likes/2) DESC, published_at"
        return try c.query("""
            SELECT id, platform, post_id, author, title, text, url, published_at, reposts, comments, likes, location, grid_id,
              repost_of, category, words, received_at FROM opinion_posts WHERE topic_key=? ORDER BY \(orderSQL) LIMIT ?
            """, [.int(topicKey), .int(Int64(limit))]) { r in
            StoredPost(rowID: r.int64(0), topicID: topicID,
                       post: Post(platform: r.string(1), postID: r.string(2), author: r.stringOptional(3), title: r.stringOptional(4),
                                  text: r.string(5), url: r.stringOptional(6), publishedAt: r.time(7), reposts: r.int(8),
                                  comments: r.int(9), likes: r.int(10), location: r.stringOptional(11), gridID: r.stringOptional(12),
                                  repostOf: r.stringOptional(13)),
                       category: r.stringOptional(14), words: (r.stringOptional(15) ?? "").split(separator: ",").map(String.init),
                       receivedAt: r.time(16))
        }
    }

    static func response(_ r: Row) -> TopicResponse {
        TopicResponse(id: r.int64(0), topicID: r.string(1), channel: r.string(2), content: r.string(3),
                      respondedAt: r.time(4), actor: r.string(5))
    }

    public static func responses(_ c: Connection, topicID: String) throws -> [TopicResponse] {
        try c.query("SELECT id, topic_id, channel, content, at, actor FROM opinion_responses WHERE topic_id=? ORDER BY at, id",
                    [.text(topicID)], response)
    }

    /// Responses made in a window (the handover's "responses made").
    public static func responses(_ c: Connection, since: Timestamp, until: Timestamp) throws -> [TopicResponse] {
        try c.query("SELECT id, topic_id, channel, content, at, actor FROM opinion_responses WHERE at>=? AND at<? ORDER BY at, id",
                    [.from(since), .from(until)], response)
    }
}

/// Row writer for topics; updates are compare-and-set on `version`.
enum OpinionTopicStore {
    static func update(_ c: Connection, _ t: OpinionTopic, expectedVersion: Int) throws -> Bool {
        try c.run("""
            UPDATE opinion_topics SET title=?, category=?, grid_id=?, status=?, first_seen=?, last_seen=?, posts=?, engagement=?,
              platforms=?, heat=?, peak_heat=?, peak_at=?, hourly=?, incident_id=?, raised_level=?, version=?, updated_at=?
            WHERE id=? AND version=?
            """, [.text(t.title), .from(t.category), .from(t.gridID), .text(t.status.rawValue), .from(t.firstSeen),
                  .from(t.lastSeen), .int(Int64(t.postCount)), .int(Int64(t.engagement)), .text(t.platforms.joined(separator: ",")),
                  .double(t.heat), .double(t.peakHeat), .from(t.peakAt), .text(t.hourly.serialized), .from(t.incidentID),
                  .from(t.raisedLevel?.rawValue), .int(Int64(t.version)), .from(t.updatedAt), .text(t.id),
                  .int(Int64(expectedVersion))]) == 1
    }
}
