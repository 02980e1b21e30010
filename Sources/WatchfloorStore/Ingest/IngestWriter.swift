import Foundation
import WatchfloorCore

/// Turns decoded records into rows and bus events, one transaction per batch. Alerts are folded by dedup key in
/// memory first, so a burst of 1,000 identical observations costs one row update and one bus event.
public final class IngestWriter: @unchecked Sendable {
    public let store: Store
    public var dedup: DedupKeySpec
    /// Raw samples and dead-letter bytes are capped: a 1 MiB line must not become a 1 MiB cell.
    public var rawLimit = 4096
    /// The actor on machine-made events.
    public let actor: String
    /// Posts → topics → public-opinion incidents (its own state: the near-duplicate index).
    public let opinion = OpinionWriter()

    public init(store: Store, dedup: DedupKeySpec = DedupKeySpec(), actor: String = "ingest") {
        self.store = store; self.dedup = dedup; self.actor = actor
    }

    @discardableResult
    public func write(_ batch: IngestBatch) throws -> BatchOutcome {
        if batch.isEmpty { return BatchOutcome() }
        let outcome = try store.write { c in
            var out = BatchOutcome()
            let now = store.clock()
            var alerts = AlertFold()
            var posts: [Post] = []
            for record in batch.records {
                switch record {
                case .grid(let g): try upsertGrid(c, g, now, &out)
                case .incident(let i, let supersedes): try upsertIncident(c, i, supersedes: supersedes, now, &out)
                case .incidentCancel(let source, let refs, let at, let reason, let expires):
                    try cancel(c, source, refs, at, reason, expires, now, &out)
                case .hotline(let h): try upsertHotline(c, h, now, &out)
                case .post(let p): posts.append(p)
                case .alert(let o):
                    out.alertObservations += 1
                    alerts.add(o, key: IngestWriter.storedKey(dedup.key(for: o)))
                }
            }
            var alertEvents = AlertEventWrites()
            try upsertAlerts(c, alerts.aggregates, now, &alertEvents, &out)
            out.events += try alertEvents.flush(c, at: now, actor: actor)
            if !posts.isEmpty { try opinion.write(c, posts, writer: self, now: now, &out) }
            for corr in batch.correlated { try correlate(c, corr, now, &out) }
            for r in batch.rejections {
                // Reasons and positions quote the input (file names, field values): same sanitiser as feed text.
                // The raw bytes stay raw in the blob; whoever shows them shows an excerpt through the sanitiser.
                let source = Sanitize.line(batch.source), position = Sanitize.line(r.position)
                let reason = TextCap.characters(Sanitize.line(r.reason), max: 2048)
                try c.run("INSERT INTO dead_letters(at, source, position, reason, raw) VALUES (?,?,?,?,?)",
                          [.int(now.milliseconds), .text(source), .text(position), .text(reason),
                           .blob(Array(r.raw.prefix(rawLimit)))])
                out.deadLetters += 1
                try event(c, now, Topic.deadLetter, "dead_letter", String(c.lastInsertRowID),
                          ["source": .string(source), "position": .string(position), "reason": .string(reason)], &out)
            }
            for cp in batch.checkpoints {
                try c.run("""
                    INSERT INTO checkpoints(source, path, inode, offset, updated_at, device, fingerprint) VALUES (?,?,?,?,?,?,?)
                    ON CONFLICT(source, path) DO UPDATE SET inode=excluded.inode, offset=excluded.offset,
                      updated_at=excluded.updated_at, device=excluded.device, fingerprint=excluded.fingerprint
                    """, [.text(cp.source), .text(cp.path), cp.inode.map { .int(Int64(bitPattern: $0)) } ?? .null,
                          .int(cp.offset), .int(now.milliseconds), cp.device.map { .int(Int64(bitPattern: $0)) } ?? .null,
                          .from(cp.fingerprint)])
            }
            return out
        }
        opinion.committed()
        return outcome
    }

    /// The saved position of a file source, if any.
    public func checkpoint(source: String, path: String) throws -> Checkpoint? {
        try store.withConnection { c in
            try c.queryOne("SELECT inode, offset, device, fingerprint FROM checkpoints WHERE source=? AND path=?",
                           [.text(source), .text(path)]) {
                Checkpoint(source: source, path: path, inode: $0.int64Optional(0).map { UInt64(bitPattern: $0) }, offset: $0.int64(1),
                           device: $0.int64Optional(2).map { UInt64(bitPattern: $0) }, fingerprint: $0.stringOptional(3))
            }
        }
    }

    func event(_ c: Connection, _ now: Timestamp, _ topic: String, _ kind: String, _ id: String,
               _ data: JSONValue, _ out: inout BatchOutcome) throws {
        try event(c, now, topic, kind, id, data.serialized, &out)
    }

    func event(_ c: Connection, _ now: Timestamp, _ topic: String, _ kind: String, _ id: String,
               _ dataText: String, _ out: inout BatchOutcome) throws {
        try EventLog.append(c, at: now, topic: topic, entityKind: kind, entityID: id, actor: actor, dataText: dataText, audited: false)
        out.events += 1
    }

    // MARK: Grids

    private func upsertGrid(_ c: Connection, _ g: Grid, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        let existed = try c.scalarInt("SELECT 1 FROM grids WHERE id=?", [.text(g.id)]) != nil
        try c.run("""
            INSERT INTO grids(id, name, level, parent, worker, worker_phone, households, geometry, updated_at) VALUES (?,?,?,?,?,?,?,?,?)
            ON CONFLICT(id) DO UPDATE SET name=excluded.name, level=excluded.level, parent=excluded.parent,
              worker=excluded.worker, worker_phone=excluded.worker_phone, households=excluded.households,
              geometry=COALESCE(excluded.geometry, grids.geometry), updated_at=excluded.updated_at
            """, [.text(g.id), .text(Sanitize.line(g.name)), .text(g.level.rawValue), .from(g.parent),
                  .from(Sanitize.optionalLine(g.worker)), .from(g.workerPhone), .from(g.households), .from(g.geometry),
                  .int(now.milliseconds)])
        if existed { out.updated["grid", default: 0] += 1 } else { out.created["grid", default: 0] += 1 }
        try event(c, now, Topic.gridUpserted, "grid", g.id, ["name": .string(Sanitize.line(g.name))], &out)
    }

    // MARK: Incidents

    static func clean(_ i: Incident) -> Incident {
        var i = i
        // Identifiers come from the feed too (a JSONL `id`, a CAP identifier, a grid code): an id with an escape
        // sequence would reach every screen and export, and one with NUL would be cut short by SQLite.
        i.id = Sanitize.line(i.id)
        i.sourceRef = Sanitize.optionalLine(i.sourceRef)
        i.gridID = Sanitize.optionalLine(i.gridID)
        i.title = Sanitize.title(i.title)
        i.detail = Sanitize.detail(i.detail)
        i.source = Sanitize.line(i.source)
        i.location = Sanitize.optionalLine(i.location)
        i.reporter = Sanitize.optionalLine(i.reporter)
        i.ackedBy = Sanitize.optionalLine(i.ackedBy)
        i.assignee = Sanitize.optionalLine(i.assignee)
        return i
    }

    /// Assigns `INC-YYYYMMDD-NNNN` from a per-day counter (county-local day of the report).
    func nextIncidentID(_ c: Connection, reportedAt: Timestamp) throws -> String {
        let day = ISOTime.format(reportedAt, offsetSeconds: store.sla.calendar.offsetSeconds).prefix(10).replacingOccurrences(of: "-", with: "")
        let name = "INC-\(day)"
        var n = try c.scalarInt("""
            INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value=value+1 RETURNING value
            """, [.text(name)]) ?? 1
        // Skip ids already taken by imports that carried their own.
        while try c.scalarInt("SELECT 1 FROM incidents WHERE id=?", [.text("\(name)-\(ISOTime.pad(Int(n), 4))")]) != nil {
            n = try c.scalarInt("UPDATE counters SET value=value+1 WHERE name=? RETURNING value", [.text(name)]) ?? n + 1
        }
        return "\(name)-\(ISOTime.pad(Int(n), 4))"
    }

    private func upsertIncident(_ c: Connection, _ raw: Incident, supersedes: [String], _ now: Timestamp,
                                _ out: inout BatchOutcome) throws {
        var incoming = IngestWriter.clean(raw)
        let supersedes = supersedes.map(Sanitize.line)
        var existing: Incident?
        if !incoming.id.isEmpty { existing = try IncidentRepository.get(c, id: incoming.id) }
        if existing == nil, let ref = incoming.sourceRef { existing = try IncidentRepository.find(c, source: incoming.source, sourceRef: ref) }
        if existing == nil, incoming.id.isEmpty, let ref = incoming.sourceRef, let thread = try aliased(c, source: incoming.source, ref: ref) {
            // A message a later Update already superseded (a late or re-sent Alert/Update): the newer content stays.
            try foldIntoUpdate(c, incomingRef: ref, updateIncidentID: thread.id, now, &out)
            return
        }
        if existing == nil {
            for ref in supersedes {
                if let e = try IncidentRepository.find(c, source: incoming.source, sourceRef: ref) ?? aliased(c, source: incoming.source, ref: ref) {
                    existing = e; break
                }
            }
        }
        if let e = existing {
            // A re-sent or updated record refreshes the fields the feed owns; the operators' fields stay theirs.
            try applyResend(c, existing: e, incoming: incoming, now, &out)
            guard !supersedes.isEmpty else { return }
            // The thread keeps every identifier it carried, and a Cancel of this Update that came first applies now.
            try recordAliases(c, source: e.source, refs: [e.sourceRef].compactMap { $0 } + supersedes, of: e.id, except: incoming.sourceRef)
            if let ref = incoming.sourceRef, case .cancelled(let p) = try pendingReference(c, source: incoming.source, ref: ref, now) {
                try cancel(c, incoming.source, [ref], p.at, p.reason, nil, now, &out)
            }
            return
        }
        var pendingCancel: PendingCancel?
        if let ref = incoming.sourceRef {
            switch try pendingReference(c, source: incoming.source, ref: ref, now) {
            case .none: break
            case .updatedBy(let id):
                // An Update of this alert arrived first and already holds the newer content.
                try foldIntoUpdate(c, incomingRef: ref, updateIncidentID: id, now, &out)
                return
            case .cancelled(let cancel):
                incoming.status = .closed; incoming.closedAt = cancel.at
                pendingCancel = cancel
            }
        }
        // A Cancel of the Alert this Update supersedes, kept because it came first, cancels the whole thread.
        for ref in supersedes where ref != incoming.sourceRef {
            if case .cancelled(let cancel) = try pendingReference(c, source: incoming.source, ref: ref, now), pendingCancel == nil {
                incoming.status = .closed; incoming.closedAt = cancel.at
                pendingCancel = cancel
            }
        }
        if incoming.id.isEmpty { incoming.id = try nextIncidentID(c, reportedAt: incoming.reportedAt) }
        incoming.version = 1
        incoming.updatedAt = now
        try IncidentStore.insert(c, incoming)
        out.created["incident", default: 0] += 1
        out.incidentIDs.append(incoming.id)
        try event(c, now, Topic.incidentCreated, "incident", incoming.id,
                  ["title": .string(incoming.title), "level": .int(Int64(incoming.level.rawValue)),
                   "category": .string(incoming.category.rawValue), "grid_id": .from(incoming.gridID),
                   "status": .string(incoming.status.rawValue), "source": .string(incoming.source)], &out)
        try recordPendingUpdates(c, incoming, supersedes: supersedes, now)
        try recordAliases(c, source: incoming.source, refs: supersedes, of: incoming.id, except: incoming.sourceRef)
        if incoming.status == .closed, let cancel = pendingCancel {
            try event(c, now, "incident.cancelled", "incident", incoming.id,
                      ["from": "new", "to": "closed", "reason": .from(cancel.reason), "source_ref": .from(incoming.sourceRef),
                       "arrived_after_cancel": true], &out)
        }
    }

    private func cancel(_ c: Connection, _ source: String, _ refs: [String], _ at: Timestamp, _ reason: String?,
                        _ expires: Timestamp?, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        for ref in refs.map(Sanitize.line) {
            guard var e = try IncidentRepository.find(c, source: source, sourceRef: ref) ?? aliased(c, source: source, ref: ref)
                    ?? updateHolding(c, source: source, ref: ref) else {
                // The Cancel came first (both files in the spool, the Cancel sorts first): keep it for the Alert.
                try keepPendingCancel(c, source: source, ref: ref, at: at, reason: reason.map(Sanitize.line),
                                      expires: expires, now, &out)
                continue
            }
            guard e.status != .closed else { continue }
            let claims = try operatorClaims(c, kind: "incident", id: e.id)
            if let by = claims.statusSetBy {
                // An operator has taken the incident on: the issuer's withdrawal is news for them, not a close.
                let conflict = FieldOwnership.Conflict(field: "status", feedValue: "cancelled\(reason.map { " (\(Sanitize.line($0)))" } ?? "")",
                                                       keptValue: e.status.rawValue, setBy: by)
                try feedNote(c, kind: "incident", id: e.id, conflict.note, now, &out)
                continue
            }
            let before = e.version
            let from = e.status
            e.status = .closed; e.closedAt = at; e.version += 1; e.updatedAt = now
            guard try IncidentStore.update(c, e, expectedVersion: before) else { continue }
            out.updated["incident", default: 0] += 1
            try event(c, now, "incident.cancelled", "incident", e.id,
                      ["from": .string(from.rawValue), "to": "closed", "reason": .from(reason.map(Sanitize.line)),
                       "source_ref": .string(ref)], &out)
        }
    }

    // MARK: Hotline

    private func upsertHotline(_ c: Connection, _ raw: HotlineCase, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        var h = raw
        h.ticket = Sanitize.line(h.ticket)
        h.gridID = Sanitize.optionalLine(h.gridID)
        h.summary = Sanitize.detail(h.summary)
        h.caller = Sanitize.optionalLine(h.caller)
        h.category = Sanitize.optionalLine(h.category)
        h.department = Sanitize.optionalLine(h.department)
        h.callbackResult = Sanitize.optionalLine(h.callbackResult)
        h.phone = Sanitize.optionalLine(h.phone)
        h.stageStartedAt = h.derivedStageStart
        h.stageDueAt = store.sla.currentDeadline(of: h)
        h.updatedAt = now
        if let e = try HotlineRepository.get(c, ticket: h.ticket) {
            // The 12345 platform is the system of record: a re-sent ticket updates the case, never duplicates it —
            // but once an operator has acted here, its stage only moves forward (FieldOwnership).
            let claims = try operatorClaims(c, kind: "hotline", id: h.ticket)
            var conflicts: [FieldOwnership.Conflict] = []
            if !claims.isEmpty {
                (h, conflicts) = FieldOwnership.merge(existing: e, incoming: h, claims: claims)
                h.stageStartedAt = h.status == e.status ? e.stageStartedAt : h.derivedStageStart
                h.stageDueAt = store.sla.currentDeadline(of: h)
                h.updatedAt = now
            }
            for conflict in conflicts { try feedNote(c, kind: "hotline", id: h.ticket, conflict.note, now, &out) }
            h.version = e.version + 1
            guard try HotlineStore.update(c, h, expectedVersion: e.version) else { return }
            out.updated["hotline", default: 0] += 1
            try event(c, now, Topic.hotlineUpdated, "hotline", h.ticket,
                      ["status": .string(h.status.rawValue), "from": .string(e.status.rawValue), "due": .from(h.stageDueAt)], &out)
        } else {
            h.version = 1
            try HotlineStore.insert(c, h)
            out.created["hotline", default: 0] += 1
            try event(c, now, Topic.hotlineCreated, "hotline", h.ticket,
                      ["type": .string(h.type.rawValue), "status": .string(h.status.rawValue), "grid_id": .from(h.gridID),
                       "due": .from(h.stageDueAt)], &out)
        }
    }

    // MARK: Alerts (the hot path: IngestWriter+Alerts.swift)

    private func correlate(_ c: Connection, _ corr: CorrelatedIncident, _ now: Timestamp, _ out: inout BatchOutcome) throws {
        let existing = corr.incident.sourceRef.flatMap { try? IncidentRepository.find(c, source: corr.incident.source, sourceRef: $0) }
        let id: String
        if let existing { id = existing.id } else {
            try upsertIncident(c, corr.incident, supersedes: [], now, &out)
            id = out.incidentIDs.last!
        }
        let linked = try c.run("UPDATE alerts SET incident_id=? WHERE asset=? AND last_seen>=? AND incident_id IS NULL",
                               [.text(id), .text(corr.asset), .int(corr.since.milliseconds)])
        if linked > 0 {
            try event(c, now, "incident.linked", "incident", id, ["asset": .string(corr.asset), "alerts": .int(Int64(linked))], &out)
        }
    }
}
