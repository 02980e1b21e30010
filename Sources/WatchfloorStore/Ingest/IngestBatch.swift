import WatchfloorCore

/// Where a file source stands: written in the same transaction as the records read up to `offset`, so a crash
/// neither loses nor duplicates a record.
public struct Checkpoint: Sendable, Equatable {
    public var source: String
    public var path: String
    public var inode: UInt64?
    public var offset: Int64
    /// The file's device: an inode number is only unique on its device.
    public var device: UInt64?
    /// A fingerprint of the file's first bytes (`TailFingerprint`): the same inode with other first bytes is
    /// a file that was truncated and rewritten.
    public var fingerprint: String?

    public init(source: String, path: String, inode: UInt64?, offset: Int64, device: UInt64? = nil, fingerprint: String? = nil) {
        self.source = source; self.path = path; self.inode = inode; self.offset = offset
        self.device = device; self.fingerprint = fingerprint
    }
}

/// An incident opened by a correlation rule, and the alerts it gathers (those on `asset` seen since `since`).
public struct CorrelatedIncident: Sendable, Equatable {
    public var incident: Incident
    public var asset: String
    public var since: Timestamp

    public init(incident: Incident, asset: String, since: Timestamp) {
        self.incident = incident; self.asset = asset; self.since = since
    }
}

/// One unit of ingest work: committed as a single transaction with its bus events, dead letters and checkpoint.
public struct IngestBatch: Sendable {
    public var source: String
    public var records: [IngestRecord]
    public var rejections: [Rejection]
    public var checkpoints: [Checkpoint]
    public var correlated: [CorrelatedIncident]

    public init(source: String, records: [IngestRecord] = [], rejections: [Rejection] = [],
                checkpoints: [Checkpoint] = [], correlated: [CorrelatedIncident] = []) {
        self.source = source; self.records = records; self.rejections = rejections
        self.checkpoints = checkpoints; self.correlated = correlated
    }

    public var isEmpty: Bool { records.isEmpty && rejections.isEmpty && checkpoints.isEmpty && correlated.isEmpty }
}

/// What a committed batch did, for `watchfloor ingest` output and the daemon's metrics.
public struct BatchOutcome: Sendable, Equatable {
    public var created: [String: Int] = [:]
    public var updated: [String: Int] = [:]
    public var alertObservations = 0
    public var deadLetters = 0
    public var events = 0
    public var incidentIDs: [String] = []

    public init() {}

    public mutating func merge(_ o: BatchOutcome) {
        for (k, v) in o.created { created[k, default: 0] += v }
        for (k, v) in o.updated { updated[k, default: 0] += v }
        alertObservations += o.alertObservations
        deadLetters += o.deadLetters
        events += o.events
        incidentIDs += o.incidentIDs
    }
}
