/// Who owns which field once an incident or a 12345 case exists (docs/field-ownership.md has the table).
///
/// A feed re-sends what it knows: the title, the detail, the place, its own status. The duty room's work — a
/// level an operator escalated or accepted, the acknowledgement, the assignee, a status an operator moved — is
/// never reverted by a re-send. Where the feed disagrees with an operator's value the operator's value stays
/// and the disagreement becomes a `Conflict`, which the store records as an audited note on the item
/// ("feed says level Ⅳ; kept Ⅲ set by 王伟"). Pure: the store supplies the claims from the audit log.
public enum FieldOwnership {
    /// What operators have done to an item, read from its audited events (actor `system` never claims).
    public struct Claims: Sendable, Equatable {
        /// The operator whose escalation set the current level.
        public var levelSetBy: String?
        /// The operator who last moved the item's status (acknowledge, assign, accept, transfer, …).
        public var statusSetBy: String?

        public init(levelSetBy: String? = nil, statusSetBy: String? = nil) {
            self.levelSetBy = levelSetBy; self.statusSetBy = statusSetBy
        }

        public var isEmpty: Bool { levelSetBy == nil && statusSetBy == nil }
    }

    /// A re-sent value that was not applied because an operator owns the field.
    public struct Conflict: Sendable, Equatable {
        public var field: String
        public var feedValue: String
        public var keptValue: String
        public var setBy: String

        public init(field: String, feedValue: String, keptValue: String, setBy: String) {
            self.field = field; self.feedValue = feedValue; self.keptValue = keptValue; self.setBy = setBy
        }

        /// The note recorded on the item.
        public var note: String { "feed says \(field) \(feedValue); kept \(keptValue) set by \(setBy)" }
    }

    /// Applies a re-sent incident to the stored one. Identity, lifecycle timestamps, escalation counters and the
    /// version are the store's; `version`/`updatedAt` are left for the caller to bump.
    public static func merge(existing e: Incident, incoming i: Incident, claims: Claims) -> (Incident, [Conflict]) {
        var m = e
        var conflicts: [Conflict] = []
        // Feed-owned: always from the feed (optional ones only when the feed says something).
        m.title = i.title; m.detail = i.detail; m.category = i.category
        m.gridID = i.gridID ?? e.gridID; m.location = i.location ?? e.location
        m.reporter = i.reporter ?? e.reporter; m.sourceRef = i.sourceRef ?? e.sourceRef
        // Level: the feed's until an operator escalated or took the incident on; after that a feed may still
        // raise the severity (more severe is never an operator's loss) but never lower it.
        if i.level != e.level {
            if let by = claims.levelSetBy ?? claims.statusSetBy, i.level > e.level {
                conflicts.append(Conflict(field: "level", feedValue: i.level.roman, keptValue: e.level.roman, setBy: by))
            } else {
                m.level = i.level
            }
        }
        // Status: a feed that states one (anything but `new`, which every decoder sends by default) owns it
        // until an operator moves it.
        if i.status != .new && i.status != e.status {
            if let by = claims.statusSetBy {
                conflicts.append(Conflict(field: "status", feedValue: i.status.rawValue, keptValue: e.status.rawValue, setBy: by))
            } else {
                m.status = i.status
                m.ackedAt = m.ackedAt ?? i.ackedAt; m.ackedBy = m.ackedBy ?? i.ackedBy
                m.dispatchedAt = m.dispatchedAt ?? i.dispatchedAt
                m.resolvedAt = i.resolvedAt ?? m.resolvedAt; m.closedAt = i.closedAt ?? m.closedAt
            }
        }
        // Acknowledgement and assignee are the operators': a feed only fills them while empty.
        if claims.statusSetBy == nil {
            m.assignee = e.assignee ?? i.assignee
            m.ackedBy = m.ackedBy ?? i.ackedBy; m.ackedAt = m.ackedAt ?? i.ackedAt
        }
        return (m, conflicts)
    }

    /// How far along a 12345 case is; the platform may move a case forward past an operator, never back.
    static func progress(_ s: HotlineStatus) -> Int {
        switch s {
        case .new: 0
        case .accepted, .returned: 1
        case .transferred: 2
        case .replied: 3
        case .callbackDone: 4
        case .closed: 5
        }
    }

    /// Applies a re-sent 12345 case. The platform is the system of record for what the citizen said and for its
    /// own progress; once an operator has acted here, the stage fields (status, department, call-back result,
    /// satisfaction, their times) move only forward.
    public static func merge(existing e: HotlineCase, incoming i: HotlineCase, claims: Claims) -> (HotlineCase, [Conflict]) {
        guard let by = claims.statusSetBy else { return (i, []) }
        var m = e
        m.receivedAt = i.receivedAt; m.channel = i.channel; m.caller = i.caller ?? e.caller; m.phone = i.phone ?? e.phone
        m.type = i.type; m.category = i.category ?? e.category; m.summary = i.summary; m.gridID = i.gridID ?? e.gridID
        var conflicts: [Conflict] = []
        if progress(i.status) > progress(e.status) {
            m.status = i.status
            m.department = i.department ?? e.department
            m.acceptedAt = e.acceptedAt ?? i.acceptedAt; m.transferredAt = i.transferredAt ?? e.transferredAt
            m.repliedAt = i.repliedAt ?? e.repliedAt; m.callbackAt = i.callbackAt ?? e.callbackAt
            m.closedAt = i.closedAt ?? e.closedAt
            m.callbackResult = i.callbackResult ?? e.callbackResult; m.satisfaction = i.satisfaction ?? e.satisfaction
        } else if i.status != e.status {
            conflicts.append(Conflict(field: "status", feedValue: i.status.rawValue, keptValue: e.status.rawValue, setBy: by))
        }
        return (m, conflicts)
    }
}
