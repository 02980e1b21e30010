/// The documented, stable JSON shapes of entities (`watchfloor list/show --json`, the daemon's HTTP API).
/// Keys are snake_case, times ISO-8601 UTC with milliseconds, absent values `null`. Phones are masked unless
/// `revealPhones` is set explicitly.
public enum EntityJSON {
    public static func incident(_ i: Incident) -> JSONValue {
        .object([
            "id": .string(i.id), "source": .string(i.source), "source_ref": .from(i.sourceRef),
            "category": .string(i.category.rawValue), "level": .int(Int64(i.level.rawValue)), "title": .string(i.title),
            "detail": .string(i.detail), "grid_id": .from(i.gridID), "location": .from(i.location),
            "reporter": .from(i.reporter), "status": .string(i.status.rawValue), "reported_at": .from(i.reportedAt),
            "acked_at": .from(i.ackedAt), "acked_by": .from(i.ackedBy), "assignee": .from(i.assignee),
            "dispatched_at": .from(i.dispatchedAt), "resolved_at": .from(i.resolvedAt), "closed_at": .from(i.closedAt),
            "escalations": .int(Int64(i.escalations)), "version": .int(Int64(i.version)), "updated_at": .from(i.updatedAt),
        ])
    }

    public static func hotline(_ h: HotlineCase, deadline: DeadlineState? = nil, revealPhones: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = [
            "ticket": .string(h.ticket), "received_at": .from(h.receivedAt), "channel": .string(h.channel.rawValue),
            "caller": .from(h.caller), "phone": .from(h.phone.map { revealPhones ? $0 : PhoneMask.mask($0) }),
            "type": .string(h.type.rawValue), "category": .from(h.category), "summary": .string(h.summary),
            "grid_id": .from(h.gridID), "department": .from(h.department), "status": .string(h.status.rawValue),
            "stage": .from(h.status.runningStage?.rawValue), "stage_started_at": .from(h.stageStartedAt),
            "stage_due_at": .from(h.stageDueAt), "accepted_at": .from(h.acceptedAt), "transferred_at": .from(h.transferredAt),
            "replied_at": .from(h.repliedAt), "callback_at": .from(h.callbackAt), "closed_at": .from(h.closedAt),
            "callback_result": .from(h.callbackResult), "satisfaction": .from(h.satisfaction?.rawValue),
            "version": .int(Int64(h.version)),
        ]
        if let deadline { o["deadline_state"] = .string(deadline.rawValue) }
        return .object(o)
    }

    public static func alert(_ a: SecurityAlert, now: Timestamp? = nil) -> JSONValue {
        .object([
            "id": .string(alertID(a.id)), "dedup_key": .string(a.dedupKey.replacingOccurrences(of: "\u{1F}", with: "|")),
            "first_seen": .from(a.firstSeen), "last_seen": .from(a.lastSeen), "count": .int(Int64(a.count)),
            "sensor": .string(a.sensor), "signature_id": .int(Int64(a.signatureID)), "signature": .string(a.signature),
            "category": .from(a.category), "level": .int(Int64(a.level.rawValue)), "src": .string(a.src),
            "dest": .string(a.dest), "proto": .from(a.proto), "action": .from(a.action), "asset": .from(a.asset),
            "grid_id": .from(a.gridID), "status": .string((now.map { a.effectiveStatus(now: $0) } ?? a.status).rawValue),
            "suppressed_until": .from(a.suppressedUntil), "acked_by": .from(a.ackedBy), "incident_id": .from(a.incidentID),
            "version": .int(Int64(a.version)),
        ])
    }

    public static func grid(_ g: Grid, includeGeometry: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(g.id), "name": .string(g.name), "level": .string(g.level.rawValue), "parent": .from(g.parent),
            "worker": .from(g.worker), "worker_phone": .from(g.workerPhone.map(PhoneMask.mask)), "households": .from(g.households),
        ]
        if includeGeometry { o["geometry"] = .from(g.geometry) }
        return .object(o)
    }

    /// Alerts are shown and addressed as `ALT-<n>` so they never collide with grid codes or tickets.
    public static func alertID(_ id: Int64) -> String { "ALT-\(id)" }

    public static func parseAlertID(_ text: String) -> Int64? {
        let upper = text.uppercased()
        if upper.hasPrefix("ALT-") { return Int64(upper.dropFirst(4)) }
        return nil
    }
}
