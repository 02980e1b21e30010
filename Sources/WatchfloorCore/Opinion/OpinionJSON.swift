/// The stable JSON shapes of topics, posts and responses (`watchfloor opinion … --json`), in the style of
/// `EntityJSON`: snake_case keys, ISO-8601 UTC times, absent values `null`.
public enum OpinionJSON {
    public static func topic(_ t: OpinionTopic, now: Timestamp? = nil) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(t.id), "title": .string(t.title), "category": .from(t.category), "grid_id": .from(t.gridID),
            "status": .string(t.status.rawValue), "first_seen": .from(t.firstSeen), "last_seen": .from(t.lastSeen),
            "posts": .int(Int64(t.postCount)), "engagement": .int(Int64(t.engagement)),
            "platforms": .array(t.platforms.map { .string($0) }), "heat": .double(t.heat), "peak_heat": .double(t.peakHeat),
            "peak_at": .from(t.peakAt), "incident_id": .from(t.incidentID), "raised_level": .from(t.raisedLevel.map { $0.rawValue }),
            "version": .int(Int64(t.version)), "updated_at": .from(t.updatedAt),
        ]
        if let now {
            o["heat_now"] = .double(t.heat(at: now))
            o["hourly"] = .array(t.hourly.window(hours: 24, endingAt: now).map { .int(Int64($0)) })
        }
        return .object(o)
    }

    public static func post(_ p: Post, topicID: String? = nil) -> JSONValue {
        .object([
            "platform": .string(p.platform), "id": .string(p.postID), "author": .from(p.author), "title": .from(p.title),
            "text": .string(p.text), "url": .from(p.url), "published_at": .from(p.publishedAt),
            "reposts": .int(Int64(p.reposts)), "comments": .int(Int64(p.comments)), "likes": .int(Int64(p.likes)),
            "location": .from(p.location), "grid_id": .from(p.gridID), "repost_of": .from(p.repostOf), "topic_id": .from(topicID),
        ])
    }

    public static func response(_ r: TopicResponse) -> JSONValue {
        .object(["topic_id": .string(r.topicID), "channel": .string(r.channel), "content": .string(r.content),
                 "responded_at": .from(r.respondedAt), "actor": .string(r.actor)])
    }
}

/// Eight-level block sparkline of counts (▁▂▃▄▅▆▇█), a space for zero.
public enum Sparkline {
    public static func render(_ counts: [Int]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = counts.max() ?? 0
        guard top > 0 else { return String(repeating: " ", count: counts.count) }
        return String(counts.map { c in c == 0 ? " " : blocks[min(7, (c * 8 - 1) / top)] })
    }
}
