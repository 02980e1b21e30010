import WatchfloorCore

/// The timer side of escalation: an incident still unacknowledged after its level's allowance is escalated
/// (counted, audited, flagged on every screen) — again after each further allowance. The daemon runs it.
public final class Escalator: @unchecked Sendable {
    public let store: Store
    /// The level-Ⅰ incidents the last `run` refused for the first time, with the sentence for the daemon's log.
    public private(set) var refusedLast: [EscalationRefused] = []
    public init(store: Store) { self.store = store }

    /// Escalates everything due at `now`; returns the escalated incident ids.
    @discardableResult
    public func run(now: Timestamp) throws -> [String] {
        let sla = store.sla
        let due = try store.withConnection { c in
            try IncidentRepository.list(c, ListFilter(statuses: ["new"], limit: 10_000)).filter { sla.shouldEscalate($0, now: now) }
        }
        var escalated: [String] = []
        refusedLast = []
        for var incident in due {
            if incident.level == .one {
                // Nothing above Ⅰ: refused with the operator's sentence, recorded once per incident (unaudited).
                let refusal = EscalationRefused(incidentID: incident.id)
                let first = try store.write { c -> Bool in
                    let seen = try c.scalarInt("""
                        SELECT 1 FROM events WHERE entity_kind='incident' AND entity_id=? AND topic='incident.escalation_refused' LIMIT 1
                        """, [.text(incident.id)]) != nil
                    if !seen {
                        try EventLog.append(c, at: now, topic: "incident.escalation_refused", entityKind: "incident",
                                            entityID: incident.id, actor: "system",
                                            data: ["reason": .string(refusal.description)], audited: false)
                    }
                    return !seen
                }
                if first { refusedLast.append(refusal) }
                continue
            }
            let done = try store.write { c -> Bool in
                let before = incident.version
                let minutes = Int(now.minutes(since: incident.lastEscalatedAt ?? incident.reportedAt))
                incident.escalations += 1
                incident.lastEscalatedAt = now
                incident.version += 1
                incident.updatedAt = now
                guard try IncidentStore.update(c, incident, expectedVersion: before) else { return false }
                try EventLog.append(c, at: now, topic: "incident.escalated", entityKind: "incident", entityID: incident.id,
                                    actor: "system", data: ["action": "escalate", "reason": "unacknowledged",
                                                            "minutes": .int(Int64(minutes)), "escalations": .int(Int64(incident.escalations))],
                                    audited: true)
                return true
            }
            if done { escalated.append(incident.id) }
        }
        return escalated
    }
}
