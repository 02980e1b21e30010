/// Moving records in time: the demo rebases the sample county's three days so they end "now", and replays feed
/// records stamped with the moment they are replayed.
extension IngestRecord {
    public func shifted(by delta: Int64) -> IngestRecord {
        func s(_ t: Timestamp) -> Timestamp { t.adding(milliseconds: delta) }
        func s(_ t: Timestamp?) -> Timestamp? { t.map { $0.adding(milliseconds: delta) } }
        switch self {
        case .incident(var i, let supersedes):
            i.reportedAt = s(i.reportedAt); i.ackedAt = s(i.ackedAt); i.dispatchedAt = s(i.dispatchedAt)
            i.resolvedAt = s(i.resolvedAt); i.closedAt = s(i.closedAt); i.lastEscalatedAt = s(i.lastEscalatedAt)
            i.updatedAt = s(i.updatedAt)
            return .incident(i, supersedes: supersedes)
        case .incidentCancel(let source, let refs, let at, let reason, let expires):
            return .incidentCancel(source: source, sourceRefs: refs, at: s(at), reason: reason, expires: s(expires))
        case .hotline(var h):
            h.receivedAt = s(h.receivedAt); h.stageStartedAt = s(h.stageStartedAt); h.stageDueAt = s(h.stageDueAt)
            h.acceptedAt = s(h.acceptedAt); h.transferredAt = s(h.transferredAt); h.repliedAt = s(h.repliedAt)
            h.callbackAt = s(h.callbackAt); h.closedAt = s(h.closedAt); h.updatedAt = s(h.updatedAt)
            return .hotline(h)
        case .alert(var o):
            o.at = s(o.at)
            return .alert(o)
        case .grid:
            return self
        case .post(var p):
            p.publishedAt = s(p.publishedAt)
            return .post(p)
        }
    }

    /// The record's own time (when it happened at the source), if it has one.
    public var occurredAt: Timestamp? {
        switch self {
        case .incident(let i, _): i.reportedAt
        case .incidentCancel(_, _, let at, _, _): at
        case .hotline(let h): h.receivedAt
        case .alert(let o): o.at
        case .grid: nil
        case .post(let p): p.publishedAt
        }
    }
}
