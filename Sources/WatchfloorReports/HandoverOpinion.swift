import WatchfloorCore
import WatchfloorStore

/// The handover's public-opinion section (网络舆情): the shift's hot topics with their peaks, and the responses made.
/// Empty — and then left out of every format — when the window saw no matched topic and no response, so duty rooms
/// that do not monitor opinion get the same report as before.
extension HandoverReport {
    public struct OpinionSummary: Sendable, Equatable {
        public var hotTopics: [HotTopic] = []
        public var responses: [Response] = []
        public var isEmpty: Bool { hotTopics.isEmpty && responses.isEmpty }
        public init() {}
    }

    public struct HotTopic: Sendable, Equatable {
        public var id: String
        public var title: String
        public var category: String?
        public var gridID: String?
        public var status: TopicStatus
        public var posts: Int
        public var peakHeat: Double
        public var peakAt: Timestamp?
        public var heatAtEnd: Double
        public var incidentID: String?
    }

    public struct Response: Sendable, Equatable {
        public var at: Timestamp
        public var topicID: String
        public var channel: String
        public var content: String
        public var actor: String
    }
}

extension HandoverBuilder {
    /// Matched topics active in the window (posts between its start and end), hottest peak first, at most 10.
    func opinion(_ c: Connection, _ w: HandoverWindow, _ asOf: Timestamp) throws -> HandoverReport.OpinionSummary {
        var s = HandoverReport.OpinionSummary()
        let topics = try OpinionRepository.list(c, includeClosed: true, matchedOnly: true, since: w.since, limit: 200)
            .filter { $0.firstSeen < w.until }
            .sorted { ($0.peakHeat, $0.id) > ($1.peakHeat, $1.id) }
            .prefix(10)
        s.hotTopics = topics.map { t in
            HandoverReport.HotTopic(id: t.id, title: Self.line(t.title), category: t.category, gridID: t.gridID, status: t.status,
                                    posts: t.postCount, peakHeat: t.peakHeat, peakAt: t.peakAt, heatAtEnd: t.heat(at: asOf),
                                    incidentID: t.incidentID)
        }
        s.responses = try OpinionRepository.responses(c, since: w.since, until: w.until).map {
            HandoverReport.Response(at: $0.respondedAt, topicID: $0.topicID, channel: Self.line($0.channel),
                                    content: TextSanitizer.sanitize($0.content, options: .multiLine), actor: $0.actor)
        }
        return s
    }
}

extension ReportLayout {
    /// The public-opinion section, or nil when there is nothing to report.
    static func opinionSection(_ r: HandoverReport, _ f: ReportFormat) -> Section? {
        guard !r.opinion.isEmpty else { return nil }
        let t = f.t
        func category(_ c: String?) -> Cell { Cell(c.map { IncidentCategory(rawValue: $0).map { t($0.label) } ?? $0 } ?? L.dash) }
        func heat(_ h: Double) -> Cell { Cell(String(format: "%.1f", h)) }
        return Section(key: "public_opinion", title: t(Bilingual("网络舆情", "Public opinion")), tables: [
            Table(key: "hot_topics", caption: t(Bilingual("热点话题", "Hot topics")),
                  columns: [t(Bilingual("话题", "Topic")), t(L.titleColumn), t(L.category), t(L.grid), t(L.status),
                            t(Bilingual("帖文", "Posts")), t(Bilingual("峰值热度", "Peak heat")), t(Bilingual("峰值时间", "Peak at")),
                            t(Bilingual("班末热度", "Heat at end")), t(L.incident)],
                  rows: r.opinion.hotTopics.map { h in
                      [Cell(h.id, isID: true), Cell(h.title), category(h.category), Cell(h.gridID ?? L.dash, isID: h.gridID != nil),
                       Cell(t(h.status.label)), Cell(String(h.posts)), heat(h.peakHeat), Cell(h.peakAt.map(f.time) ?? L.dash),
                       heat(h.heatAtEnd), Cell(h.incidentID ?? L.dash, isID: h.incidentID != nil)]
                  }, numeric: [5, 6, 8]),
            Table(key: "responses", caption: t(Bilingual("已作回应", "Responses made")),
                  columns: [t(L.time), t(Bilingual("话题", "Topic")), t(Bilingual("渠道", "Channel")), t(L.by), t(L.text)],
                  rows: r.opinion.responses.map { x in
                      [Cell(f.time(x.at)), Cell(x.topicID, isID: true), Cell(x.channel), Cell(f.who(x.actor)), Cell(x.content, multiline: true)]
                  }),
        ])
    }
}

extension HandoverJSON {
    /// `public_opinion` (only present when the window saw opinion activity; see `HandoverReport.OpinionSummary`).
    static func opinion(_ r: HandoverReport, _ t: (Bilingual) -> String) -> JSONValue {
        .object([
            "hot_topics": .array(r.opinion.hotTopics.map { h in
                ["id": .string(h.id), "title": .string(h.title), "category": .from(h.category), "grid_id": .from(h.gridID),
                 "status": .string(h.status.rawValue), "status_label": .string(t(h.status.label)), "posts": .int(Int64(h.posts)),
                 "peak_heat": .double(h.peakHeat), "peak_at": .from(h.peakAt), "heat_at_end": .double(h.heatAtEnd),
                 "incident_id": .from(h.incidentID)]
            }),
            "responses": .array(r.opinion.responses.map { x in
                ["at": .from(x.at), "topic_id": .string(x.topicID), "channel": .string(x.channel), "content": .string(x.content),
                 "actor": .string(x.actor)]
            }),
        ])
    }
}
