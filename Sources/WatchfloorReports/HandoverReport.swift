import WatchfloorStore
import WatchfloorCore

/// Everything a shift lead signs over, as plain values (no I/O, no language): `HandoverBuilder` fills it from the
/// store, the renderers turn it into Markdown, JSON, CSV or HTML. All text in it is already sanitised and every
/// list is in a fixed order, so the same store and window always give the same document.
public struct HandoverReport: Sendable, Equatable {
    public var window: HandoverWindow
    /// The moment the report describes: the window's end, or `now` (to the minute) while the window is running.
    public var asOf: Timestamp
    public var offsetSeconds: Int
    /// Display names from `[operators]` (login → name), sanitised, for people named anywhere in the report.
    public var operatorNames: [String: String]
    /// 网络舆情: hot topics and responses made (empty when the window saw none).
    public var opinion = OpinionSummary()

    public var rostered: [Person]
    /// Operators with audited actions in the window (timer escalations and ingest excluded), by login.
    public var acted: [Person]

    public var totals: Counts
    /// Incidents still open at `asOf`, by the status they were in then.
    public var openByStatus: [IncidentStatus: Int]
    /// Every category (zero rows included), in the domain's order.
    public var byCategory: [CategoryCounts]
    /// Every level Ⅰ–Ⅳ.
    public var byLevel: [LevelCounts]

    /// Still-open Ⅰ/Ⅱ incidents, most severe then oldest first.
    public var openMajor: [OpenIncident]
    public var ackLatency: LatencyStats
    public var resolution: LatencyStats

    /// Open hotline cases overdue at `asOf` or due before the next shift ends, by deadline.
    public var hotlineDue: [HotlineDue]

    public var alerts: AlertSummary
    public var escalations: [Escalation]
    public var notes: [ShiftNote]
    /// The audit chain's head (the last audited event other than handover exports/receipts) when the report was
    /// built: exported with the document, so a log truncated or re-chained since is caught later against any
    /// handover (`watchfloor audit verify --against`).
    public var auditAnchor: AuditHead? = nil

    /// An operator: login, display name from `[operators]` (nil when unknown), and actions taken in the window.
    public struct Person: Sendable, Equatable {
        public var login: String
        public var name: String?
        public var actions: Int
    }

    /// Incidents reported in the window, resolved in the window, and still open at its end.
    public struct Counts: Sendable, Equatable {
        public var new = 0
        public var resolved = 0
        public var open = 0
        public init(new: Int = 0, resolved: Int = 0, open: Int = 0) { self.new = new; self.resolved = resolved; self.open = open }
    }

    public struct CategoryCounts: Sendable, Equatable {
        public var category: IncidentCategory
        public var counts: Counts
    }

    public struct LevelCounts: Sendable, Equatable {
        public var level: Level
        public var counts: Counts
    }

    public struct OpenIncident: Sendable, Equatable {
        public var id: String
        public var level: Level
        public var category: IncidentCategory
        public var title: String
        public var status: IncidentStatus
        public var reportedAt: Timestamp
        /// Seconds from report to `asOf`.
        public var ageSeconds: Int64
        public var ackedBy: String?
        public var assignee: String?
        public var location: String?
        public var gridID: String?
        public var lastNote: ShiftNote?
    }

    /// Nearest-rank percentiles over whole seconds; nil when nothing was measured.
    public struct LatencyStats: Sendable, Equatable {
        public var count: Int
        public var medianSeconds: Int64?
        public var p90Seconds: Int64?

        public init(samples: [Int64]) {
            let sorted = samples.sorted()
            count = sorted.count
            func rank(_ p: Double) -> Int64? {
                guard !sorted.isEmpty else { return nil }
                let r = Int((p * Double(sorted.count)).rounded(.up))
                return sorted[min(max(r, 1), sorted.count) - 1]
            }
            medianSeconds = rank(0.5)
            p90Seconds = rank(0.9)
        }
    }

    public struct HotlineDue: Sendable, Equatable {
        public var ticket: String
        public var type: HotlineType
        public var status: HotlineStatus
        public var stage: HotlineStage?
        public var department: String?
        public var dueAt: Timestamp
        public var overdue: Bool
        /// Masked (`138****1234`).
        public var phone: String?
        public var summary: String
        public var gridID: String?
    }

    public struct AlertSummary: Sendable, Equatable {
        /// Observations in the window (sum of the bus events' `delta`).
        public var observations: Int
        /// Distinct aggregated alerts that fired in the window.
        public var alerts: Int
        public var topSignatures: [SignatureCount]
        public var topAssets: [AssetCount]
    }

    public struct SignatureCount: Sendable, Equatable {
        public var signatureID: Int
        public var signature: String
        /// Most severe level seen among its alerts.
        public var level: Level
        public var observations: Int
        public var alerts: Int
    }

    public struct AssetCount: Sendable, Equatable {
        public var asset: String
        public var level: Level
        public var observations: Int
        public var alerts: Int
    }

    public struct Escalation: Sendable, Equatable {
        public var at: Timestamp
        public var incidentID: String
        public var title: String?
        /// `system` for the timer.
        public var actor: String
        public var byTimer: Bool
        public var fromLevel: Level?
        public var toLevel: Level?
        /// Timer escalations: minutes unacknowledged.
        public var minutes: Int?
        public var reason: String?
    }

    public struct ShiftNote: Sendable, Equatable {
        public var at: Timestamp
        public var actor: String
        public var entityKind: String
        public var entityID: String
        /// Multi-line sanitised text.
        public var text: String
    }
}
