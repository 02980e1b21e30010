import WatchfloorCore

extension Connection {
    /// Steps through a query's rows one at a time, holding only the current one: `--jsonl` and exports stream
    /// tables of any size in bounded memory. `body` must not run the same SQL text on this connection.
    public func forEach(_ sql: String, _ args: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        let s = try prepare(sql)
        defer { s.reset() }
        try s.bind(args)
        while try s.step() { try body(Row(statement: s)) }
    }
}

/// `ListFilter.limit` for "no limit": SQLite's `LIMIT -1`.
extension ListFilter {
    public static let unlimited = -1
}

extension IncidentRepository {
    /// `list`, one row at a time.
    public static func each(_ c: Connection, _ f: ListFilter, order: Order = .newestFirst, _ body: (Incident) throws -> Void) throws {
        let w = whereClause(f)
        let orderSQL = switch order {
        case .newestFirst: "reported_at DESC, id DESC"
        case .attention: "CASE status WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'resolved' THEN 3 ELSE 4 END, level, reported_at DESC, id DESC"
        }
        try c.forEach("SELECT \(Columns.incident) FROM incidents\(w.sql) ORDER BY \(orderSQL) LIMIT ? OFFSET ?",
                      w.args + [.int(Int64(f.limit)), .int(Int64(f.offset))]) { try body($0.incident) }
    }
}

extension HotlineRepository {
    public static func each(_ c: Connection, _ f: ListFilter, order: Order = .deadline, _ body: (HotlineCase) throws -> Void) throws {
        let w = whereClause(f)
        let orderSQL = order == .deadline ? "stage_due_at IS NULL, stage_due_at, ticket" : "received_at DESC, ticket DESC"
        try c.forEach("SELECT \(Columns.hotline) FROM hotline_cases\(w.sql) ORDER BY \(orderSQL) LIMIT ? OFFSET ?",
                      w.args + [.int(Int64(f.limit)), .int(Int64(f.offset))]) { try body($0.hotline) }
    }
}

extension AlertRepository {
    public static func each(_ c: Connection, _ f: ListFilter, _ body: (SecurityAlert) throws -> Void) throws {
        let w = whereClause(f)
        try c.forEach("SELECT \(Columns.alertListed) FROM alerts\(w.sql) ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?",
                      w.args + [.int(Int64(f.limit)), .int(Int64(f.offset))]) { try body($0.alert) }
    }
}

extension GridRepository {
    /// Grids by code, under `f.gridPrefix` when set, windowed by `f.limit`/`f.offset`.
    public static func each(_ c: Connection, _ f: ListFilter, _ body: (Grid) throws -> Void) throws {
        var w = WhereBuilder()
        if let p = f.gridPrefix, !p.isEmpty { w.add("id >= ? AND id < ?", .text(p), .text(p + "~")) }
        if let county = f.county?.code { w.add("id >= ? AND id < ?", .text(county), .text(county + "~")) }
        try c.forEach("SELECT \(Columns.grid) FROM grids\(w.sql) ORDER BY id LIMIT ? OFFSET ?",
                      w.args + [.int(Int64(f.limit)), .int(Int64(f.offset))]) { try body($0.grid) }
    }

    public static func count(_ c: Connection, _ f: ListFilter) throws -> Int {
        var w = WhereBuilder()
        if let p = f.gridPrefix, !p.isEmpty { w.add("id >= ? AND id < ?", .text(p), .text(p + "~")) }
        if let county = f.county?.code { w.add("id >= ? AND id < ?", .text(county), .text(county + "~")) }
        return Int(try c.scalarInt("SELECT COUNT(*) FROM grids\(w.sql)", w.args) ?? 0)
    }
}

extension DeadLetterRepository {
    public static func each(_ c: Connection, limit: Int, offset: Int, _ body: (DeadLetter) throws -> Void) throws {
        try c.forEach("SELECT id, at, source, position, reason, raw FROM dead_letters ORDER BY id DESC LIMIT ? OFFSET ?",
                      [.int(Int64(limit)), .int(Int64(offset))]) {
            try body(DeadLetter(id: $0.int64(0), at: $0.time(1), source: $0.string(2), position: $0.stringOptional(3),
                                reason: $0.string(4), raw: $0.blob(5)))
        }
    }
}
