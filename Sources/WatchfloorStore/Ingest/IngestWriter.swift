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

    public init(store: Store, dedup: DedupKeySpec = DedupKeySpec(), actor: String = "ingest") {
        self.store = store; self.dedup = dedup; self.actor = actor
    }

    @discardableResult
    public func write(_ batch: IngestBatch) throws -> BatchOutcome {
        if batch.isEmpty { return BatchOutcome() }
        return try store.write { c in
            var out = BatchOutcome()
            let now = store.clock()
            var alerts = AlertFold()
            for record in batch.records {
                switch record {
                case .grid(let g): try upsertGrid(c, g, now, &out)
                case .incident(let i, let supersedes): try upsertIncident(c, i, supersedes: supersedes, now, &out)
                case .incidentCancel(let source, let refs, let at, let reason): try cancel(c, source, refs, at, reason, now, &out)
                case .hotline(let h): try upsertHotline(c, h, now, &out)
                case .alert(let o):
                    out.alertObservations += 1
                    alerts.add(o, key: dedup.key(for: o))
                }
            }
            var alertEvents = AlertEventWrites()
            for a in alerts.aggregates { try upsertAlert(c, a, now, &alertEvents, &out) }
            out.events += try alertEvents.flush(c, at: now, actor: actor)
            for corr in batch.correlated { try correlate(c, corr, now, &out) }
            for r in batch.rejections {
                try c.run("INSERT INTO dead_letters(at, source, position, reason, raw) VALUES (?,?,?,?,?)",
                          [.int(now.milliseconds), .text(batch.source), .text(r.position), .text(r.reason),
                           .blob(Array(r.raw.prefix(rawLimit)))])
                out.deadLetters += 1
                try event(c, now, Topic.deadLetter, "dead_letter", String(c.lastInsertRowID),
                          ["source": .string(batch.source), "position": .string(r.position), "reason": .string(r.reason)], &out)
            }
            for cp in batch.checkpoints {
                try c.run("""
                    INSERT INTO checkpoints(source, path, inode, offset, updated_at) VALUES (?,?,?,?,?)
                    ON CONFLICT(source, path) DO UPDATE SET inode=excluded.inode, offset=excluded.offset, updated_at=excluded.updated_at
                    """, [.text(cp.source), .text(cp.path), cp.inode.map { .int(Int64(bitPattern: $0)) } ?? .null,
                          .int(cp.offset), .int(now.milliseconds)])
            }
            return out
        }
    }

    /// The saved position of a file source, if any.
    public func checkpoint(source: String, path: String) throws -> Checkpoint? {
        try store.withConnection { c in
            try c.queryOne("SELECT inode, offset FROM checkpoints WHERE source=? AND path=?", [.text(source), .text(path)]) {
                Checkpoint(source: source, path: path, inode: $0.int64Optional(0).map { UInt64(bitPattern: $0) }, offset: $0.int64(1))
            }
        }
    }

    private func event(_ c: Connection, _ now: Timestamp, _ topic: String, _ kind: String, _ id: String,
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
        i.title = Sanitize.line(i.title)
        i.detail = Sanitize.text(i.detail)
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
        var existing: Incident?
        if !incoming.id.isEmpty { existing = try IncidentRepository.get(c, id: incoming.id) }
        if existing == nil, let ref = incoming.sourceRef { existing = try IncidentRepository.find(c, source: incoming.source, sourceRef: ref) }
        if existing == nil {
            for ref in supersedes {
                if let e = try IncidentRepository.find(c, source: incoming.source, sourceRef: ref) { existing = e; break }
            }
        }
        if var e = existing {
            // A re-sent or updated record refreshes what the feed knows; the lifecycle stays the operators'.
            let before = e.version
            e.title = incoming.title; e.detail = incoming.detail; e.level = incoming.level; e.category = incoming.category
            e.gridID = incoming.gridID ?? e.gridID; e.location = incoming.location ?? e.location
            e.reporter = incoming.reporter ?? e.reporter; e.sourceRef = incoming.sourceRef ?? e.sourceRef
            e.version += 1; e.updatedAt = now
            guard try IncidentStore.update(c, e, expectedVersion: before) else { return }
            out.updated["incident", default: 0] += 1
            out.incidentIDs.append(e.id)
            try event(c, now, Topic.incidentUpdated, "incident", e.id,
                      ["title": .string(e.title), "level": .int(Int64(e.level.rawValue)), "source_ref": .from(e.sourceRef)], &out)
            return
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
    }

    private func cancel(_ c: Connection, _ source: String, _ refs: [String], _ at: Timestamp, _ reason: String?,
                        _ now: Timestamp, _ out: inout BatchOutcome) throws {
        for ref in refs {
            guard var e = try IncidentRepository.find(c, source: source, sourceRef: ref), e.status != .closed else { continue }
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
        h.summary = Sanitize.text(h.summary)
        h.caller = Sanitize.optionalLine(h.caller)
        h.category = Sanitize.optionalLine(h.category)
        h.department = Sanitize.optionalLine(h.department)
        h.callbackResult = Sanitize.optionalLine(h.callbackResult)
        h.phone = Sanitize.optionalLine(h.phone)
        h.stageStartedAt = h.derivedStageStart
        h.stageDueAt = store.sla.currentDeadline(of: h)
        h.updatedAt = now
        if let e = try HotlineRepository.get(c, ticket: h.ticket) {
            // The 12345 platform is the system of record: a re-sent ticket updates the case, never duplicates it.
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
