import WatchfloorCore

/// Re-sends meet operators' work (FieldOwnership) and CAP messages that arrive out of order (pending references).
/// Both run only when an incident or 12345 record meets an existing row or a new incident is created, never on the
/// alert path, and cost one indexed query each.
extension IngestWriter {
    /// What operators did to an item, from its audited events. The timer (`system`) and the feeds (this writer's
    /// actor) claim nothing.
    func operatorClaims(_ c: Connection, kind: String, id: String) throws -> FieldOwnership.Claims {
        var claims = FieldOwnership.Claims()
        let rows = try c.query("""
            SELECT topic, actor FROM events WHERE entity_kind=? AND entity_id=? AND hash IS NOT NULL
            AND actor NOT IN ('system', ?) AND topic <> ? ORDER BY seq
            """, [.text(kind), .text(id), .text(actor), .text(Topic.noteAdded)]) { ($0.string(0), $0.string(1)) }
        for (topic, who) in rows {
            if topic == "incident.escalate" { claims.levelSetBy = who } else { claims.statusSetBy = who }
        }
        return claims
    }

    /// A feed-side note on an item: stored and audited like an operator's, under the ingest actor. A feed that
    /// re-sends the same record every poll repeats the same disagreements: each is noted again only once someone
    /// else noted something on the item in between.
    func feedNote(_ c: Connection, kind: String, id: String, _ text: String, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        let clean = Sanitize.text(text)
        let repeated = try c.scalarInt("""
            SELECT 1 FROM notes WHERE entity_kind=? AND entity_id=? AND actor=? AND text=? AND id > COALESCE(
              (SELECT MAX(id) FROM notes WHERE entity_kind=? AND entity_id=? AND actor<>?), 0) LIMIT 1
            """, [.text(kind), .text(id), .text(actor), .text(clean), .text(kind), .text(id), .text(actor)]) != nil
        if repeated { return }
        try c.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (?,?,?,?,?)",
                  [.int(now.milliseconds), .text(kind), .text(id), .text(actor), .text(clean)])
        try EventLog.append(c, at: now, topic: Topic.noteAdded, entityKind: kind, entityID: id, actor: actor,
                            data: ["text": .string(clean), "note_id": .int(c.lastInsertRowID), "conflict": true], audited: true)
        out.events += 1
    }

    func applyResend(_ c: Connection, existing e: Incident, incoming: Incident, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        let claims = try operatorClaims(c, kind: "incident", id: e.id)
        var (merged, conflicts) = FieldOwnership.merge(existing: e, incoming: incoming, claims: claims)
        merged.version = e.version + 1; merged.updatedAt = now
        guard try IncidentStore.update(c, merged, expectedVersion: e.version) else { return }
        out.updated["incident", default: 0] += 1
        out.incidentIDs.append(merged.id)
        try event(c, now, Topic.incidentUpdated, "incident", merged.id,
                  ["title": .string(merged.title), "level": .int(Int64(merged.level.rawValue)), "source_ref": .from(merged.sourceRef)], &out)
        for conflict in conflicts { try feedNote(c, kind: "incident", id: merged.id, conflict.note, now, &out) }
    }

    // MARK: CAP references that arrive before their Alert

    /// How long an unmatched Cancel/Update waits for its Alert (from when it arrived) when it carries no expiry
    /// of its own.
    static let pendingLifetimeMs: Int64 = 7 * 24 * 3_600_000

    struct PendingCancel { var at: Timestamp; var reason: String? }

    enum Pending {
        case none
        case cancelled(PendingCancel)
        case updatedBy(incidentID: String)
    }

    /// A live (unexpired) Cancel or Update waiting for `ref`; consumed when found. Expired ones are dropped.
    func pendingReference(_ c: Connection, source: String, ref: String, _ now: Timestamp) throws -> Pending {
        let rows = try c.query("SELECT kind, at, expires_at, reason, incident_id FROM pending_references WHERE source=? AND ref=?",
                               [.text(source), .text(ref)]) {
            ($0.string(0), $0.time(1), $0.time(2), $0.stringOptional(3), $0.stringOptional(4))
        }
        guard !rows.isEmpty else { return .none }
        try c.run("DELETE FROM pending_references WHERE source=? AND ref=?", [.text(source), .text(ref)])
        let live = rows.filter { $0.2 >= now }
        if let cancel = live.first(where: { $0.0 == "cancel" }) { return .cancelled(PendingCancel(at: cancel.1, reason: cancel.3)) }
        if let update = live.first(where: { $0.0 == "update" }), let id = update.4 { return .updatedBy(incidentID: id) }
        return .none
    }

    func keepPendingCancel(_ c: Connection, source: String, ref: String, at: Timestamp, reason: String?, expires: Timestamp?,
                           _ now: Timestamp, _ out: inout BatchOutcome) throws {
        let until = expires ?? now.adding(milliseconds: IngestWriter.pendingLifetimeMs)
        try c.run("DELETE FROM pending_references WHERE expires_at < ?", [.int(now.milliseconds)])
        try c.run("""
            INSERT INTO pending_references(source, ref, kind, at, expires_at, reason) VALUES (?,?,'cancel',?,?,?)
            ON CONFLICT(source, ref, kind) DO UPDATE SET at=excluded.at, expires_at=excluded.expires_at, reason=excluded.reason
            """, [.text(source), .text(ref), .int(at.milliseconds), .int(until.milliseconds), .from(reason)])
        try event(c, now, "incident.cancel_pending", "pending", "\(source):\(ref)",
                  ["source_ref": .string(ref), "reason": .from(reason), "expires": .string(until.iso)], &out)
    }

    /// An Update whose referenced Alert is not here yet: when that Alert arrives it folds into this incident.
    func recordPendingUpdates(_ c: Connection, _ incident: Incident, supersedes: [String], _ now: Timestamp) throws {
        guard !supersedes.isEmpty else { return }
        let until = now.adding(milliseconds: IngestWriter.pendingLifetimeMs)
        for ref in supersedes where ref != incident.sourceRef {
            try c.run("""
                INSERT INTO pending_references(source, ref, kind, at, expires_at, incident_id) VALUES (?,?,'update',?,?,?)
                ON CONFLICT(source, ref, kind) DO UPDATE SET at=excluded.at, expires_at=excluded.expires_at, incident_id=excluded.incident_id
                """, [.text(incident.source), .text(ref), .int(incident.reportedAt.milliseconds), .int(until.milliseconds),
                      .text(incident.id)])
        }
    }

    /// The incident whose thread carried `ref` before an Update moved its source_ref on.
    func aliased(_ c: Connection, source: String, ref: String) throws -> Incident? {
        guard let id = try c.queryOne("SELECT incident_id FROM incident_aliases WHERE source=? AND ref=?",
                                      [.text(source), .text(ref)], { $0.string(0) }) else { return nil }
        return try IncidentRepository.get(c, id: id)
    }

    /// Remembers the identifiers an Update superseded (and the one it replaced) as the incident's, for good: a
    /// later Update or Cancel may reference the original Alert only. The first thread to claim a ref keeps it.
    func recordAliases(_ c: Connection, source: String, refs: [String], of id: String, except current: String?) throws {
        for ref in Set(refs) where ref != current {
            try c.run("INSERT INTO incident_aliases(source, ref, incident_id) VALUES (?,?,?) ON CONFLICT(source, ref) DO NOTHING",
                      [.text(source), .text(ref), .text(id)])
        }
    }

    /// The incident an earlier-arrived Update opened for `ref`, whose Alert has not come (a Cancel of that Alert
    /// cancels it).
    func updateHolding(_ c: Connection, source: String, ref: String) throws -> Incident? {
        guard let id = try c.queryOne("SELECT incident_id FROM pending_references WHERE source=? AND ref=? AND kind='update'",
                                      [.text(source), .text(ref)], { $0.stringOptional(0) }) ?? nil else { return nil }
        return try IncidentRepository.get(c, id: id)
    }

    func foldIntoUpdate(_ c: Connection, incomingRef: String, updateIncidentID id: String, _ now: Timestamp,
                        _ out: inout BatchOutcome) throws {
        out.updated["incident", default: 0] += 1
        out.incidentIDs.append(id)
        try event(c, now, "incident.original_arrived", "incident", id, ["source_ref": .string(incomingRef)], &out)
    }
}
