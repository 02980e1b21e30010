import WatchfloorCore

/// Reads incidents. Writes go through `OperatorActions` and `IngestWriter`, which also append bus events.
public enum IncidentRepository {
    public enum Order: Sendable { case newestFirst, attention }

    public static func get(_ c: Connection, id: String) throws -> Incident? {
        try c.queryOne("SELECT \(Columns.incident) FROM incidents WHERE id=?", [.text(id)]) { $0.incident }
    }

    public static func find(_ c: Connection, source: String, sourceRef: String) throws -> Incident? {
        try c.queryOne("SELECT \(Columns.incident) FROM incidents WHERE source=? AND source_ref=?",
                       [.text(source), .text(sourceRef)]) { $0.incident }
    }

    static func whereClause(_ f: ListFilter) -> WhereBuilder {
        var w = WhereBuilder()
        if f.openOnly { w.statuses(["new", "acknowledged", "dispatched"]) }
        w.statuses(f.statuses)
        w.gridPrefix(f.gridPrefix)
        w.county(f.county)
        if let l = f.maxLevel { w.add("level <= ?", .int(Int64(l.rawValue))) }
        w.text(f.text, columns: ["title", "location", "id"])
        if let s = f.since { w.add("reported_at >= ?", .int(s.milliseconds)) }
        if let u = f.until { w.add("reported_at < ?", .int(u.milliseconds)) }
        return w
    }

    /// `attention` puts unacknowledged first, then by severity, then newest — what a duty officer scans for.
    public static func list(_ c: Connection, _ f: ListFilter, order: Order = .newestFirst) throws -> [Incident] {
        var out: [Incident] = []
        try each(c, f, order: order) { out.append($0) }
        return out
    }

    public static func count(_ c: Connection, _ f: ListFilter) throws -> Int {
        let w = whereClause(f)
        return Int(try c.scalarInt("SELECT COUNT(*) FROM incidents\(w.sql)", w.args) ?? 0)
    }

    /// Unacknowledged incidents at or above `level` severity: the status bar's alarm count.
    public static func unacknowledgedCount(_ c: Connection, maxLevel: Level = .two, gridPrefix: String? = nil,
                                           county: CountyFilter? = nil) throws -> Int {
        try count(c, ListFilter(statuses: ["new"], gridPrefix: gridPrefix, maxLevel: maxLevel, county: county))
    }
}

public enum HotlineRepository {
    public enum Order: Sendable { case deadline, newestFirst }

    public static func get(_ c: Connection, ticket: String) throws -> HotlineCase? {
        try c.queryOne("SELECT \(Columns.hotline) FROM hotline_cases WHERE ticket=?", [.text(ticket)]) { $0.hotline }
    }

    static func whereClause(_ f: ListFilter) -> WhereBuilder {
        var w = WhereBuilder()
        if f.openOnly { w.add("status <> 'closed'") }
        w.statuses(f.statuses)
        w.gridPrefix(f.gridPrefix)
        w.county(f.county)
        w.text(f.text, columns: ["summary", "ticket", "department", "category"])
        if let s = f.since { w.add("received_at >= ?", .int(s.milliseconds)) }
        if let u = f.until { w.add("received_at < ?", .int(u.milliseconds)) }
        return w
    }

    /// `deadline` is the queue's order: the next deadline first, closed cases (no deadline) last.
    public static func list(_ c: Connection, _ f: ListFilter, order: Order = .deadline) throws -> [HotlineCase] {
        var out: [HotlineCase] = []
        try each(c, f, order: order) { out.append($0) }
        return out
    }

    public static func count(_ c: Connection, _ f: ListFilter) throws -> Int {
        let w = whereClause(f)
        return Int(try c.scalarInt("SELECT COUNT(*) FROM hotline_cases\(w.sql)", w.args) ?? 0)
    }

    /// Open cases whose running stage is past due at `now`.
    public static func overdueCount(_ c: Connection, now: Timestamp, gridPrefix: String? = nil,
                                    county: CountyFilter? = nil) throws -> Int {
        var w = whereClause(ListFilter(openOnly: true, gridPrefix: gridPrefix, county: county))
        w.add("stage_due_at < ?", .int(now.milliseconds))
        return Int(try c.scalarInt("SELECT COUNT(*) FROM hotline_cases\(w.sql)", w.args) ?? 0)
    }
}

public enum AlertRepository {
    public static func get(_ c: Connection, id: Int64) throws -> SecurityAlert? {
        try c.queryOne("SELECT \(Columns.alert) FROM \(Columns.alertSource) WHERE id=?", [.int(id)]) { $0.alert }
    }

    static func whereClause(_ f: ListFilter) -> WhereBuilder {
        var w = WhereBuilder()
        if f.openOnly { w.statuses(["new", "acknowledged"]) }
        w.statuses(f.statuses)
        w.gridPrefix(f.gridPrefix)
        w.county(f.county)
        if let l = f.maxLevel { w.add("level <= ?", .int(Int64(l.rawValue))) }
        w.text(f.text, columns: ["signature", "asset", "src", "dest", "sensor"])
        if let s = f.since { w.add("last_seen >= ?", .int(s.milliseconds)) }
        if let u = f.until { w.add("first_seen < ?", .int(u.milliseconds)) }
        return w
    }

    /// Most recently active first.
    public static func list(_ c: Connection, _ f: ListFilter) throws -> [SecurityAlert] {
        var out: [SecurityAlert] = []
        try each(c, f) { out.append($0) }
        return out
    }

    public static func count(_ c: Connection, _ f: ListFilter) throws -> Int {
        let w = whereClause(f)
        return Int(try c.scalarInt("SELECT COUNT(*) FROM alerts\(w.sql)", w.args) ?? 0)
    }

    /// Observations per time bucket for one alert, from its bus events (the sparkline).
    public static func rate(_ c: Connection, alertID: Int64, since: Timestamp, bucketMs: Int64, buckets: Int) throws -> [Int] {
        var out = [Int](repeating: 0, count: buckets)
        let rows = try c.query("""
            SELECT at, CAST(COALESCE(data->>'$.delta', 1) AS INTEGER) FROM events
            WHERE entity_kind='alert' AND entity_id=? AND at >= ? AND topic IN ('alert.raised','alert.updated','alert.reopened')
            """, [.text(String(alertID)), .int(since.milliseconds)]) { ($0.int64(0), $0.int(1)) }
        for (at, n) in rows {
            let i = Int((at - since.milliseconds) / bucketMs)
            if i >= 0 && i < buckets { out[i] += n }
        }
        return out
    }
}

public enum GridRepository {
    public static func get(_ c: Connection, id: String) throws -> Grid? {
        try c.queryOne("SELECT \(Columns.grid) FROM grids WHERE id=?", [.text(id)]) { $0.grid }
    }

    public static func all(_ c: Connection) throws -> [Grid] {
        try c.query("SELECT \(Columns.grid) FROM grids ORDER BY id") { $0.grid }
    }

    public static func children(_ c: Connection, of parent: String) throws -> [Grid] {
        try c.query("SELECT \(Columns.grid) FROM grids WHERE parent=? ORDER BY id", [.text(parent)]) { $0.grid }
    }

    public static func count(_ c: Connection) throws -> Int { Int(try c.scalarInt("SELECT COUNT(*) FROM grids") ?? 0) }
}

/// A note an operator wrote on an item (or on the shift, entity kind `shift`).
public struct Note: Sendable, Equatable {
    public var id: Int64
    public var at: Timestamp
    public var entityKind: String
    public var entityID: String
    public var actor: String
    public var text: String
}

public enum NoteRepository {
    static func note(_ r: Row) -> Note {
        Note(id: r.int64(0), at: r.time(1), entityKind: r.string(2), entityID: r.string(3), actor: r.string(4), text: r.string(5))
    }

    public static func forEntity(_ c: Connection, kind: String, id: String) throws -> [Note] {
        try c.query("SELECT id, at, entity_kind, entity_id, actor, text FROM notes WHERE entity_kind=? AND entity_id=? ORDER BY at, id",
                    [.text(kind), .text(id)], note)
    }

    public static func between(_ c: Connection, since: Timestamp, until: Timestamp) throws -> [Note] {
        try c.query("SELECT id, at, entity_kind, entity_id, actor, text FROM notes WHERE at >= ? AND at < ? ORDER BY at, id",
                    [.int(since.milliseconds), .int(until.milliseconds)], note)
    }
}

/// A record that could not be ingested, kept with its reason so nothing is silently lost.
public struct DeadLetter: Sendable, Equatable {
    public var id: Int64
    public var at: Timestamp
    public var source: String
    public var position: String?
    public var reason: String
    public var raw: [UInt8]
}

public enum DeadLetterRepository {
    public static func list(_ c: Connection, limit: Int = 100, offset: Int = 0) throws -> [DeadLetter] {
        var out: [DeadLetter] = []
        try each(c, limit: limit, offset: offset) { out.append($0) }
        return out
    }

    public static func count(_ c: Connection) throws -> Int { Int(try c.scalarInt("SELECT COUNT(*) FROM dead_letters") ?? 0) }
}
