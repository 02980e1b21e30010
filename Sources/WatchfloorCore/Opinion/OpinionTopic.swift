/// A topic's place in the duty room's response (舆情处置): new → assessing (研判) → responding (处置) → monitoring
/// (跟踪) → closed. A reheating story can be answered again from monitoring; a closed topic can be reopened.
public enum TopicStatus: String, LifecycleStatus, Codable {
    case new, assessing, responding, monitoring, closed

    public static let entityName = "topic"

    public var label: Bilingual {
        switch self {
        case .new: Bilingual("新发现", "New")
        case .assessing: Bilingual("研判中", "Assessing")
        case .responding: Bilingual("处置中", "Responding")
        case .monitoring: Bilingual("跟踪中", "Monitoring")
        case .closed: Bilingual("已关闭", "Closed")
        }
    }

    public var isOpen: Bool { self != .closed }
}

/// The operator actions on a topic, with the lifecycle rules in one place.
public enum TopicTransitions {
    public static let assess = Transition<TopicStatus>("assess", from: [.new], to: .assessing)
    /// Recording a response (an official clarification, 辟谣); a second response is allowed while still answering
    /// or when a monitored story flares up again.
    public static let respond = Transition<TopicStatus>("respond", from: [.assessing, .responding, .monitoring], to: .responding)
    public static let monitor = Transition<TopicStatus>("monitor", from: [.responding], to: .monitoring)
    /// A story judged harmless can be closed straight from assessment.
    public static let close = Transition<TopicStatus>("close", from: [.new, .assessing, .monitoring], to: .closed)
    public static let reopen = Transition<TopicStatus>("reopen", from: [.closed], to: .assessing)

    public static let all = [assess, respond, monitor, close, reopen]
}

/// A public-opinion topic (舆情话题): one story, however many near-duplicate posts and reposts carry it.
public struct OpinionTopic: Sendable, Equatable {
    public var id: String
    /// The first post's headline or opening words.
    public var title: String
    /// The watch category that matched (an `IncidentCategory` raw value such as `natural_disaster`), nil when the
    /// story matched no watch-word: it is kept but never raises an incident.
    public var category: String?
    public var gridID: String?
    public var status: TopicStatus
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var postCount: Int
    public var engagement: Int
    /// Platforms seen, in order of first appearance.
    public var platforms: [String]
    /// Heat at `lastSeen` and the highest heat reached (see `OpinionHeat`).
    public var heat: Double
    public var peakHeat: Double
    public var peakAt: Timestamp?
    /// Posts per hour, oldest first, ending with the hour of `lastSeen`.
    public var hourly: HourlyCounts
    /// The public-opinion incident raised for it, and that incident's grade when raised.
    public var incidentID: String?
    public var raisedLevel: Level?
    public var version: Int
    public var updatedAt: Timestamp

    public init(id: String, title: String, category: String? = nil, gridID: String? = nil, status: TopicStatus = .new,
                firstSeen: Timestamp, lastSeen: Timestamp, postCount: Int = 0, engagement: Int = 0,
                platforms: [String] = [], heat: Double = 0, peakHeat: Double = 0, peakAt: Timestamp? = nil,
                hourly: HourlyCounts = HourlyCounts(), incidentID: String? = nil, raisedLevel: Level? = nil,
                version: Int = 1, updatedAt: Timestamp? = nil) {
        self.id = id; self.title = title; self.category = category; self.gridID = gridID; self.status = status
        self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.postCount = postCount; self.engagement = engagement
        self.platforms = platforms; self.heat = heat; self.peakHeat = peakHeat; self.peakAt = peakAt
        self.hourly = hourly; self.incidentID = incidentID; self.raisedLevel = raisedLevel; self.version = version
        self.updatedAt = updatedAt ?? lastSeen
    }

    /// Heat now: the stored heat was computed at the last post; a story nobody posts about any more cools.
    public func heat(at now: Timestamp) -> Double {
        OpinionHeat.current(posts: postCount, hourly: hourly, engagement: engagement, lastSeen: lastSeen, at: now)
    }
}

/// A response the duty room made to a topic (an official clarification, a statement, a 辟谣 post).
public struct TopicResponse: Sendable, Equatable, Codable {
    public var id: Int64
    public var topicID: String
    /// Where it was published: 官方微博, 政府网站, 融媒体中心 …
    public var channel: String
    /// The text or the link of the response.
    public var content: String
    public var respondedAt: Timestamp
    public var actor: String

    public init(id: Int64, topicID: String, channel: String, content: String, respondedAt: Timestamp, actor: String) {
        self.id = id; self.topicID = topicID; self.channel = channel; self.content = content
        self.respondedAt = respondedAt; self.actor = actor
    }
}
