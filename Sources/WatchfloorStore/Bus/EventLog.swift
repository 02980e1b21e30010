import WatchfloorCore

/// Appends to and reads the `events` table. Audited events (operator actions, escalations, handovers) are
/// hash-chained: `hash = SHA-256(prev_hash ‖ canonical event)`, so an edited or deleted row breaks the chain.
public enum EventLog {
    static let genesis = String(repeating: "0", count: 64)

    /// Appends one event inside the caller's write transaction and returns it.
    @discardableResult
    public static func append(_ c: Connection, at: Timestamp, topic: String, entityKind: String, entityID: String,
                              actor: String, data: JSONValue = .object([:]), audited: Bool) throws -> BusEvent {
        try append(c, at: at, topic: topic, entityKind: entityKind, entityID: entityID, actor: actor, dataText: data.serialized,
                   audited: audited)
    }

    /// Appends one event whose data is already serialised JSON (an object).
    @discardableResult
    public static func append(_ c: Connection, at: Timestamp, topic: String, entityKind: String, entityID: String,
                              actor: String, dataText: String, audited: Bool) throws -> BusEvent {
        try c.run("INSERT INTO events(at, topic, entity_kind, entity_id, actor, data) VALUES (?,?,?,?,?,?)",
                  [.int(at.milliseconds), .text(topic), .text(entityKind), .text(entityID), .text(actor), .text(dataText)])
        var event = BusEvent(seq: c.lastInsertRowID, at: at, topic: topic, entityKind: entityKind, entityID: entityID,
                             actor: actor, data: dataText)
        if audited {
            // The store's own chain: events copied in from a county's store keep their own (`AuditChain.verify`).
            let prev = try c.queryOne("SELECT hash FROM events WHERE hash IS NOT NULL AND origin_seq IS NULL ORDER BY seq DESC LIMIT 1") { $0.string(0) } ?? genesis
            let hash = chainHash(prev: prev, event: event)
            try c.run("UPDATE events SET prev_hash=?, hash=? WHERE seq=?", [.text(prev), .text(hash), .int(event.seq)])
            event.prevHash = prev
            event.hash = hash
        }
        return event
    }

    static func chainHash(prev: String, event: BusEvent) -> String {
        var h = SHA256()
        h.update(Array(prev.utf8))
        h.update(Array(event.canonical.utf8))
        return SHA256.hexString(h.finalize())
    }

    static let columns = "seq, at, topic, entity_kind, entity_id, actor, data, prev_hash, hash, origin_seq, county"

    static func event(_ r: Row) -> BusEvent {
        var e = BusEvent(seq: r.int64(0), at: Timestamp(milliseconds: r.int64(1)), topic: r.string(2), entityKind: r.string(3),
                         entityID: r.string(4), actor: r.string(5), data: r.string(6), prevHash: r.stringOptional(7),
                         hash: r.stringOptional(8))
        e.originSeq = r.int64Optional(9)
        e.county = r.stringOptional(10)
        return e
    }

    public static func events(_ c: Connection, after seq: Int64, limit: Int = 1000) throws -> [BusEvent] {
        try c.query("SELECT \(columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [.int(seq), .int(Int64(limit))], event)
    }

    public static func timeline(_ c: Connection, kind: String, id: String, limit: Int = 200) throws -> [BusEvent] {
        try c.query("SELECT \(columns) FROM events WHERE entity_kind=? AND entity_id=? ORDER BY seq LIMIT ?",
                    [.text(kind), .text(id), .int(Int64(limit))], event)
    }

    public static func latestSeq(_ c: Connection) throws -> Int64 {
        try c.scalarInt("SELECT COALESCE(MAX(seq),0) FROM events") ?? 0
    }
}

/// The result of walking the audit chain.
public struct AuditReport: Sendable, Equatable {
    public var checked: Int
    /// The first event whose link does not hold, and why.
    public var firstBroken: (seq: Int64, reason: String)?

    public var ok: Bool { firstBroken == nil }

    public static func == (a: AuditReport, b: AuditReport) -> Bool {
        a.checked == b.checked && a.firstBroken?.seq == b.firstBroken?.seq && a.firstBroken?.reason == b.firstBroken?.reason
    }
}

public enum AuditChain {
    /// Walks every audited event in order, recomputing each hash from its predecessor's: the store's own chain,
    /// then the chain of each county copied in (`watchfloor store copy`), which starts from genesis in the
    /// county's own store and is hashed over the seqs it had there.
    public static func verify(_ c: Connection) throws -> AuditReport {
        var report = try verify(c, "SELECT \(EventLog.columns) FROM events WHERE hash IS NOT NULL AND origin_seq IS NULL ORDER BY seq", [])
        let counties = try c.query("SELECT DISTINCT county FROM events WHERE origin_seq IS NOT NULL ORDER BY county") { $0.stringOptional(0) }
        for county in counties where report.ok {
            let part = try verify(c, "SELECT \(EventLog.columns) FROM events WHERE origin_seq IS NOT NULL AND hash IS NOT NULL AND county IS ? ORDER BY seq",
                                  [.from(county)])
            report = AuditReport(checked: report.checked + part.checked, firstBroken: part.firstBroken)
        }
        return report
    }

    private static func verify(_ c: Connection, _ sql: String, _ args: [SQLValue]) throws -> AuditReport {
        var prev = EventLog.genesis
        var checked = 0
        let s = try c.prepare(sql)
        try s.bind(args)
        defer { s.reset() }
        while try s.step() {
            let e = EventLog.event(Row(statement: s))
            checked += 1
            if e.prevHash != prev {
                return AuditReport(checked: checked, firstBroken: (e.seq, "prev_hash does not match the hash of the audited event before it (an event was removed or reordered)"))
            }
            if EventLog.chainHash(prev: prev, event: e) != e.hash {
                return AuditReport(checked: checked, firstBroken: (e.seq, "hash does not match the event's content (the row was edited)"))
            }
            prev = e.hash!
        }
        return AuditReport(checked: checked, firstBroken: nil)
    }
}
