import WatchfloorCore

/// The timer side of escalation: an incident still unacknowledged after its level's allowance is escalated
/// (counted, audited, flagged on every screen) — again after each further allowance. The daemon runs it.
public struct Escalator: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    /// Escalates everything due at `now`; returns the escalated incident ids.
    @discardableResult
    public func run(now: Timestamp) throws -> [String] {
        let sla = store.sla
        let due = try store.withConnection { c in
            try IncidentRepository.list(c, ListFilter(statuses: ["new"], limit: 10_000)).filter { sla.shouldEscalate($0, now: now) }
        }
        var escalated: [String] = []
        for var incident in due {
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
