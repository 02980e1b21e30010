/// What a decoder hands the store: one normalised fact from a feed. Decoders are pure functions from bytes to
/// these (or to a `Rejection`); the store turns them into rows and bus events in one transaction.
public enum IngestRecord: Sendable, Equatable {
    /// A new or re-sent incident. An empty `id` lets the store assign `INC-YYYYMMDD-NNNN`; a known
    /// (source, sourceRef) updates the existing incident. `supersedes` lists earlier source refs this record
    /// updates (CAP `Update` references).
    case incident(Incident, supersedes: [String] = [])
    /// A feed withdrew an incident (CAP `Cancel`): the incidents with these refs are closed. A ref not yet known
    /// is kept until `expires` (default: a week after it arrived) and applied when its incident arrives.
    case incidentCancel(source: String, sourceRefs: [String], at: Timestamp, reason: String?, expires: Timestamp? = nil)
    case hotline(HotlineCase)
    case alert(AlertObservation)
    case grid(Grid)
    /// A post from a platform or a news feed; the store files it under a public-opinion topic.
    case post(Post)

    public var kind: String {
        switch self {
        case .incident, .incidentCancel: "incident"
        case .hotline: "hotline"
        case .alert: "alert"
        case .grid: "grid"
        case .post: "post"
        }
    }
}

/// Input a decoder could not accept, with where it was and why — destined for `dead_letters`.
public struct Rejection: Sendable, Equatable, Error, CustomStringConvertible {
    /// Where in the input: "line 17", "byte 2048", "feature 3", "info[1]".
    public var position: String
    public var reason: String
    /// The offending bytes (capped by the writer).
    public var raw: [UInt8]

    public init(position: String, reason: String, raw: [UInt8] = []) {
        self.position = position; self.reason = reason; self.raw = raw
    }

    public var description: String { "\(position): \(reason)" }
}

/// A decoder's answer for one input unit (a line, a file, a request body).
public struct DecodeResult: Sendable, Equatable {
    public var records: [IngestRecord] = []
    public var rejections: [Rejection] = []
    /// Input that is valid but not for us (EVE `dns`, `flow` …), counted by type.
    public var skipped: [String: Int] = [:]

    public init(records: [IngestRecord] = [], rejections: [Rejection] = [], skipped: [String: Int] = [:]) {
        self.records = records; self.rejections = rejections; self.skipped = skipped
    }

    public mutating func merge(_ other: DecodeResult) {
        records += other.records
        rejections += other.rejections
        for (k, v) in other.skipped { skipped[k, default: 0] += v }
    }
}
