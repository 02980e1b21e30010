/// Incident lifecycle: new → acknowledged → dispatched → resolved → closed; reopen goes back to acknowledged.
public enum IncidentStatus: String, LifecycleStatus, Codable {
    case new, acknowledged, dispatched, resolved, closed

    public static let entityName = "incident"

    public var label: Bilingual {
        switch self {
        case .new: Bilingual("待确认", "New")
        case .acknowledged: Bilingual("已确认", "Acknowledged")
        case .dispatched: Bilingual("已派遣", "Dispatched")
        case .resolved: Bilingual("已处置", "Resolved")
        case .closed: Bilingual("已关闭", "Closed")
        }
    }

    /// Still needs the duty room's attention.
    public var isOpen: Bool { self == .new || self == .acknowledged || self == .dispatched }
}

/// The operator actions on an incident, with the lifecycle rules in one place.
public enum IncidentTransitions {
    public static let acknowledge = Transition<IncidentStatus>("acknowledge", from: [.new], to: .acknowledged)
    /// Assigning hands the incident to a person or unit: it is then dispatched. Re-assigning keeps it dispatched.
    public static let assign = Transition<IncidentStatus>("assign", from: [.acknowledged, .dispatched], to: .dispatched)
    /// Escalation raises the grade (or records a timer escalation) while the incident is still open.
    public static let escalate = Transition<IncidentStatus>("escalate", from: [.new, .acknowledged, .dispatched], to: nil)
    public static let resolve = Transition<IncidentStatus>("resolve", from: [.acknowledged, .dispatched], to: .resolved)
    public static let close = Transition<IncidentStatus>("close", from: [.resolved], to: .closed)
    public static let reopen = Transition<IncidentStatus>("reopen", from: [.resolved, .closed], to: .acknowledged)

    public static let all = [acknowledge, assign, escalate, resolve, close, reopen]
}

/// An incident (事件) as the duty room sees it. `version` backs compare-and-set actions.
public struct Incident: Sendable, Equatable, Codable {
    public var id: String
    public var source: String
    public var sourceRef: String?
    public var category: IncidentCategory
    public var level: Level
    public var title: String
    public var detail: String
    public var gridID: String?
    public var location: String?
    public var reporter: String?
    public var status: IncidentStatus
    public var reportedAt: Timestamp
    public var ackedAt: Timestamp?
    public var ackedBy: String?
    public var assignee: String?
    public var dispatchedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var closedAt: Timestamp?
    public var escalations: Int
    public var lastEscalatedAt: Timestamp?
    public var version: Int
    public var updatedAt: Timestamp

    public init(id: String, source: String, sourceRef: String? = nil, category: IncidentCategory, level: Level,
                title: String, detail: String = "", gridID: String? = nil, location: String? = nil,
                reporter: String? = nil, status: IncidentStatus = .new, reportedAt: Timestamp,
                ackedAt: Timestamp? = nil, ackedBy: String? = nil, assignee: String? = nil,
                dispatchedAt: Timestamp? = nil, resolvedAt: Timestamp? = nil, closedAt: Timestamp? = nil,
                escalations: Int = 0, lastEscalatedAt: Timestamp? = nil, version: Int = 1, updatedAt: Timestamp? = nil) {
        self.id = id; self.source = source; self.sourceRef = sourceRef; self.category = category
        self.level = level; self.title = title; self.detail = detail; self.gridID = gridID
        self.location = location; self.reporter = reporter; self.status = status; self.reportedAt = reportedAt
        self.ackedAt = ackedAt; self.ackedBy = ackedBy; self.assignee = assignee; self.dispatchedAt = dispatchedAt
        self.resolvedAt = resolvedAt; self.closedAt = closedAt; self.escalations = escalations
        self.lastEscalatedAt = lastEscalatedAt; self.version = version; self.updatedAt = updatedAt ?? reportedAt
    }
}
