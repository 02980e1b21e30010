import WatchfloorCore

/// The ingest path of posts, run by `IngestWriter` inside its batch transaction: each new post is matched against
/// the watch rules, filed under a topic (its original's for a repost, else `OpinionClusterer`), and stored once;
/// then every topic the batch touched gets its heat recomputed, one bus event, and — when its heat has crossed a
/// grade's threshold — a `public_opinion` incident raised (or raised in grade) in the same transaction, so the
/// incident is visible with the post that made the story hot.
///
/// Owns the near-duplicate index (writer-thread state, like the correlator's episodes). After a restart or a
/// failed commit it is rebuilt from the posts of the last `indexWindowHours`.
public final class OpinionWriter: @unchecked Sendable {
    public var settings: OpinionSettings { didSet { if settings != oldValue { matcher = nil; indexValid = false } } }
    /// The source name on raised incidents; their `source_ref` is the topic id.
    public static let incidentSource = "opinion"

    private var clusterer: OpinionClusterer
    private var matcher: WatchMatcher?
    private var gridSignature: [Int64] = []
    private var indexValid = false
    private var pending = false

    public init(settings: OpinionSettings = OpinionSettings()) {
        self.settings = settings
        clusterer = OpinionClusterer(settings: settings.clustering)
    }

    /// Called by `IngestWriter` once the batch committed: the index now matches the store.
    func committed() { pending = false }

    /// Per batch: the topics touched, loaded once and written back once.
    private struct Touched {
        var key: Int64
        var topic: OpinionTopic
        var before: Int
        var created: Bool
        var newPosts = 0
    }

    func write(_ c: Connection, _ posts: [Post], writer: IngestWriter, now: Timestamp, _ out: inout BatchOutcome) throws {
        if pending { indexValid = false }    // the last batch rolled back: the index may name topics that never were
        pending = true
        try prepareMatcher(c)
        if !indexValid { try rebuildIndex(c) }
        var touched: [Int64: Touched] = [:]
        var order: [Int64] = []
        func load(_ key: Int64) throws -> Bool {
            if touched[key] != nil { return true }
            guard let t = try OpinionRepository.get(c, key: key) else { return false }
            touched[key] = Touched(key: key, topic: t, before: t.version, created: false)
            order.append(key)
            return true
        }
        for raw in posts {
            let p = OpinionWriter.clean(raw)
            if let (rowID, key, old) = try c.queryOne("""
                SELECT id, topic_key, reposts*2 + comments*2 + likes/2 FROM opinion_posts WHERE platform=? AND post_id=?
                """, [.text(p.platform), .text(p.postID)], { ($0.int64(0), $0.int64(1), $0.int(2)) }) {
                // Seen before: only its counts move (exactly once per post, however often a feed re-sends it).
                try c.run("UPDATE opinion_posts SET reposts=?, comments=?, likes=? WHERE id=?",
                          [.int(Int64(p.reposts)), .int(Int64(p.comments)), .int(Int64(p.likes)), .int(rowID)])
                if try load(key) { touched[key]!.topic.engagement += p.engagement - old }
                out.updated["post", default: 0] += 1
                continue
            }
            let match = matcher!.match(p.content)
            let grid = p.gridID ?? match.gridID
            let hash = SimHash.hash(p.content)
            var key: Int64?
            if let original = p.repostOf {
                key = try c.scalarInt("SELECT topic_key FROM opinion_posts WHERE platform=? AND post_id=?", [.text(p.platform), .text(original)])
                if key == nil { key = try c.scalarInt("SELECT topic_key FROM opinion_posts WHERE url=? LIMIT 1", [.text(original)]) }
            }
            var distance: Int? = -1
            if key == nil {
                let hit = clusterer.topic(for: hash, category: match.category, gridID: grid, at: p.publishedAt)
                key = hit?.topic
                distance = hit?.distance
            }
            if let k = key, try !load(k) { key = nil }
            if key == nil {
                let t = try createTopic(c, p, category: match.category, grid: grid, now: now)
                touched[t.key] = Touched(key: t.key, topic: t.topic, before: t.topic.version, created: true)
                order.append(t.key)
                key = t.key
            }
            let k = key!
            var t = touched[k]!.topic
            t.postCount += 1
            t.engagement += p.engagement
            if p.publishedAt < t.firstSeen { t.firstSeen = p.publishedAt }
            if p.publishedAt > t.lastSeen { t.lastSeen = p.publishedAt }
            if !t.platforms.contains(p.platform) { t.platforms.append(p.platform) }
            t.hourly.add(at: p.publishedAt)
            if t.category == nil, let cat = match.category { t.category = cat }
            // The most specific place named wins when it lies within the topic's (青石镇 → 石门村).
            if let g = grid, t.gridID == nil || (g.count > t.gridID!.count && GridCode.isWithin(g, t.gridID!)) { t.gridID = g }
            touched[k]!.topic = t
            touched[k]!.newPosts += 1
            try c.run("""
                INSERT INTO opinion_posts(platform, post_id, topic_key, author, title, text, url, published_at, reposts, comments,
                  likes, location, grid_id, category, words, simhash, repost_of, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(p.platform), .text(p.postID), .int(k), .from(p.author), .from(p.title), .text(p.text), .from(p.url),
                      .from(p.publishedAt), .int(Int64(p.reposts)), .int(Int64(p.comments)), .int(Int64(p.likes)),
                      .from(p.location), .from(grid), .from(match.category),
                      match.words.isEmpty ? .null : .text(match.words.joined(separator: ",")),
                      .int(Int64(bitPattern: hash)), .from(p.repostOf), .from(now)])
            clusterer.file(hash, topic: k, category: match.category, gridID: grid, at: p.publishedAt, nearestDistance: distance)
            out.created["post", default: 0] += 1
        }
        for key in order { try finish(c, touched[key]!, writer: writer, now: now, &out) }
    }

    // MARK: Topics

    private func createTopic(_ c: Connection, _ p: Post, category: String?, grid: String?, now: Timestamp) throws -> (key: Int64, topic: OpinionTopic) {
        let date = ISOTime.format(p.publishedAt, offsetSeconds: ISOTime.chinaOffsetSeconds).utf8.prefix(10)
        let name = "OP-" + String(decoding: date.filter { $0 != UInt8(ascii: "-") }, as: UTF8.self)
        let n = try c.scalarInt("""
            INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value=value+1 RETURNING value
            """, [.text(name)]) ?? 1
        let id = "\(name)-\(ISOTime.pad(Int(n), 4))"
        let title = OpinionWriter.title(of: p)
        let t = OpinionTopic(id: id, title: title, category: category, gridID: grid, firstSeen: p.publishedAt,
                             lastSeen: p.publishedAt, version: 1, updatedAt: now)
        try c.run("""
            INSERT INTO opinion_topics(id, title, category, grid_id, status, first_seen, last_seen, version, updated_at)
            VALUES (?,?,?,?,'new',?,?,1,?)
            """, [.text(id), .text(title), .from(category), .from(grid), .from(p.publishedAt), .from(p.publishedAt), .from(now)])
        return (c.lastInsertRowID, t)
    }

    /// A topic's title: the post's headline, else its first sentence (at most 40 characters). Found by scalars
    /// and counted only up to the 41st character: a topic is created for every new story, and splitting or
    /// counting a long post's characters is what made that slow.
    static func title(of p: Post) -> String {
        if let t = p.title, !t.isEmpty { return String(t.prefix(60)) }
        let scalars = p.text.unicodeScalars
        func isEnd(_ s: Unicode.Scalar) -> Bool { s == "。" || s == "！" || s == "？" || s == "!" || s == "?" || s == "\n" }
        let start = scalars.firstIndex { !isEnd($0) } ?? scalars.endIndex
        let end = scalars[start...].firstIndex(where: isEnd) ?? scalars.endIndex
        let sentence = start == end ? Substring(p.text) : Substring(scalars[start..<end])
        let head = sentence.prefix(41)
        return head.count > 40 ? String(head.prefix(40)) + "…" : String(sentence)
    }

    private func finish(_ c: Connection, _ touched: Touched, writer: IngestWriter, now: Timestamp, _ out: inout BatchOutcome) throws {
        var t = touched.topic
        t.heat = t.heat(at: t.lastSeen)
        if t.heat > t.peakHeat { t.peakHeat = t.heat; t.peakAt = t.lastSeen }
        t.version += 1
        t.updatedAt = now
        try raiseIfHot(c, &t, writer: writer, now: now, &out)
        guard try OpinionTopicStore.update(c, t, expectedVersion: touched.before) else {
            throw StoreError.invalid("topic \(t.id) changed during the ingest transaction")
        }
        if touched.created { out.created["topic", default: 0] += 1 } else { out.updated["topic", default: 0] += 1 }
        try EventLog.append(c, at: now, topic: touched.created ? "opinion.topic.created" : "opinion.topic.updated",
                            entityKind: "topic", entityID: t.id, actor: writer.actor,
                            data: ["delta": .int(Int64(touched.newPosts)), "posts": .int(Int64(t.postCount)),
                                   "heat": .double(t.heat), "category": .from(t.category), "grid_id": .from(t.gridID)],
                            audited: false)
        out.events += 1
    }

    /// Raises a `public_opinion` incident for a topic whose heat reached a grade it has not been raised to, or
    /// raises the open incident's grade. Stories that matched no watch-word and closed topics raise nothing.
    private func raiseIfHot(_ c: Connection, _ t: inout OpinionTopic, writer: IngestWriter, now: Timestamp, _ out: inout BatchOutcome) throws {
        guard t.category != nil, t.status != .closed, let level = settings.thresholds.level(for: t.heat) else { return }
        // The detail (a query of the topic's top posts) only when an incident is written: a hot topic stays hot
        // batch after batch, and most batches change nothing about its incident.
        if let id = t.incidentID, var i = try IncidentRepository.get(c, id: id), i.status.isOpen {
            guard level < i.level else { t.raisedLevel = i.level; return }
            let detail = try detail(c, t)
            let before = i.version, from = i.level
            i.level = level; i.detail = detail; i.escalations += 1; i.lastEscalatedAt = now; i.version += 1; i.updatedAt = now
            guard try IncidentStore.update(c, i, expectedVersion: before) else { return }
            t.raisedLevel = level
            out.updated["incident", default: 0] += 1
            out.incidentIDs.append(i.id)
            try EventLog.append(c, at: now, topic: Topic.incidentUpdated, entityKind: "incident", entityID: i.id, actor: writer.actor,
                                data: ["from_level": .int(Int64(from.rawValue)), "level": .int(Int64(level.rawValue)),
                                       "topic_id": .string(t.id), "heat": .double(t.heat), "reason": "opinion heat"], audited: false)
            out.events += 1
            return
        }
        if let raised = t.raisedLevel, t.incidentID != nil, level >= raised, try IncidentRepository.get(c, id: t.incidentID!)?.status.isOpen == true { return }
        let detail = try detail(c, t)
        var incident = Incident(id: "", source: OpinionWriter.incidentSource, sourceRef: t.id, category: .publicOpinion, level: level,
                                title: "网络舆情：\(t.title)", detail: detail, gridID: t.gridID, reporter: "舆情监测",
                                reportedAt: now, updatedAt: now)
        // A topic whose earlier incident was closed and that flares up again gets a new one (new source_ref).
        if try IncidentRepository.find(c, source: OpinionWriter.incidentSource, sourceRef: t.id) != nil {
            incident.sourceRef = "\(t.id)#\(now.milliseconds)"
        }
        incident.id = try writer.nextIncidentID(c, reportedAt: now)
        try IncidentStore.insert(c, incident)
        t.incidentID = incident.id
        t.raisedLevel = level
        out.created["incident", default: 0] += 1
        out.incidentIDs.append(incident.id)
        try EventLog.append(c, at: now, topic: Topic.incidentCreated, entityKind: "incident", entityID: incident.id, actor: writer.actor,
                            data: ["title": .string(incident.title), "level": .int(Int64(level.rawValue)),
                                   "category": .string(IncidentCategory.publicOpinion.rawValue), "grid_id": .from(t.gridID),
                                   "status": "new", "source": .string(OpinionWriter.incidentSource), "topic_id": .string(t.id),
                                   "heat": .double(t.heat)], audited: false)
        out.events += 1
    }

    /// The incident's detail: the topic's figures and its top posts by engagement.
    private func detail(_ c: Connection, _ t: OpinionTopic) throws -> String {
        let key = try c.scalarInt("SELECT key FROM opinion_topics WHERE id=?", [.text(t.id)]) ?? -1
        let top = try OpinionRepository.posts(c, topicKey: key, topicID: t.id, order: .engagement, limit: 5)
        var lines = ["舆情话题 \(t.id)：热度 \(t.heat)，\(t.postCount) 条，平台 \(t.platforms.joined(separator: "、"))" +
                     (t.category.map { "，类别 \(IncidentCategory(rawValue: $0)?.label.zh ?? $0)" } ?? "")]
        lines.append("热门帖文：")
        for (n, s) in top.enumerated() {
            let p = s.post
            let time = ISOTime.localClock(p.publishedAt, offsetSeconds: ISOTime.chinaOffsetSeconds)
            let text = p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text
            lines.append("\(n + 1). [\(p.platform)] \(p.author ?? "—") \(time)（转\(p.reposts) 评\(p.comments) 赞\(p.likes)）\(TextSanitizer.sanitize(text))" +
                         (p.url.map { " \($0)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Index and rules

    private func prepareMatcher(_ c: Connection) throws {
        guard settings.placesFromGrids else {
            if matcher == nil { matcher = WatchMatcher(rules: settings.rules) }
            return
        }
        let signature = try c.queryOne("SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM grids") { [$0.int64(0), $0.int64(1)] } ?? []
        if matcher != nil && signature == gridSignature { return }
        var rules = settings.rules
        rules.places += WatchRules.places(from: try GridRepository.all(c))
        matcher = WatchMatcher(rules: rules)
        gridSignature = signature
    }

    private func rebuildIndex(_ c: Connection) throws {
        clusterer = OpinionClusterer(settings: settings.clustering)
        let newest = try c.scalarInt("SELECT MAX(published_at) FROM opinion_posts") ?? 0
        let since = newest - Int64(settings.indexWindowHours) * 3_600_000
        _ = try c.query("SELECT simhash, topic_key, category, grid_id, published_at FROM opinion_posts WHERE published_at>=? ORDER BY published_at, id",
                        [.int(since)]) { r in
            clusterer.file(UInt64(bitPattern: r.int64(0)), topic: r.int64(1), category: r.stringOptional(2),
                           gridID: r.stringOptional(3), at: r.time(4))
        }
        indexValid = true
    }

    static func clean(_ p: Post) -> Post {
        var p = p
        p.platform = Sanitize.line(p.platform)
        p.postID = Sanitize.line(p.postID)
        p.author = Sanitize.optionalLine(p.author)
        p.title = Sanitize.optionalLine(p.title)
        p.text = TextSanitizer.isClean(p.text) ? p.text : Sanitize.text(p.text)   // most posts: one scan, no copy
        p.url = Sanitize.optionalLine(p.url)
        p.location = Sanitize.optionalLine(p.location)
        p.repostOf = Sanitize.optionalLine(p.repostOf)
        p.reposts = max(0, p.reposts); p.comments = max(0, p.comments); p.likes = max(0, p.likes)
        return p
    }
}
