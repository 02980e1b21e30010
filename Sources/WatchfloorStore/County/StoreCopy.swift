import Foundation
import WatchfloorCore

/// What `watchfloor store copy` moved.
public struct StoreCopyReport: Sendable, Equatable {
    public var county: String
    /// Rows copied per table, in copy order.
    public var rows: [(table: String, count: Int)]
    public var events: Int
    public var auditedEvents: Int
    /// Alerts whose number was taken in the target and that got a new one (their copied events keep the old
    /// number, which their audit hash covers).
    public var renumberedAlerts: Int

    public static func == (a: StoreCopyReport, b: StoreCopyReport) -> Bool {
        a.county == b.county && a.rows.map(\.table) == b.rows.map(\.table) && a.rows.map(\.count) == b.rows.map(\.count)
            && a.events == b.events && a.auditedEvents == b.auditedEvents && a.renumberedAlerts == b.renumberedAlerts
    }

    public var items: Int { rows.filter { ["incidents", "hotline_cases", "alerts", "opinion_topics"].contains($0.table) }.reduce(0) { $0 + $1.count } }
}

/// Moves a county's own store (an SQLite file) into a city store, on SQLite or PostgreSQL through the same
/// `Connection`. Everything lands in one write transaction of the target: all or nothing.
///
/// How the audit chain survives: events are appended in their original order with a new seq, stamped with the
/// county and with `origin_seq` = their seq in the county's store. The audit hash covers `origin_seq` (see
/// `BusEvent.canonical`), so every copied hash and `prev_hash` is kept byte for byte and the county's chain is
/// verified on its own, from genesis (`AuditChain.verify`). The copy itself is one audited event in the target's own
/// chain (`store.copied`) naming the county's chain head, and `county_copies` refuses a second copy.
public enum StoreCopy {
    /// Tables whose rows are items carrying a county; `key` is the text identity that must not collide.
    static let plan: [(table: String, key: String?, surrogate: String?)] = [
        ("incidents", "id", nil),
        ("hotline_cases", "ticket", nil),
        ("alerts", nil, "id"),
        ("opinion_topics", "id", "key"),
        ("opinion_posts", nil, "id"),
        ("opinion_responses", nil, "id"),
        ("notes", nil, "id"),
        ("dead_letters", nil, "id"),
    ]
    static let stamped: Set<String> = ["incidents", "hotline_cases", "alerts", "opinion_topics", "opinion_posts", "notes", "dead_letters"]

    public static func copy(from source: Store, to target: Store, county rawCounty: String, actor: String) throws -> StoreCopyReport {
        let county = try CountyCode.validated(rawCounty)
        return try source.read { s in
            try checkSource(s, path: source.path, county: county)
            return try target.write { t in
                try checkTarget(t, path: target.path, county: county)
                var report = StoreCopyReport(county: county, rows: [], events: 0, auditedEvents: 0, renumberedAlerts: 0)
                let grids = try copyRows(s, t, table: "grids", drop: [], stamp: nil, conflict: "ON CONFLICT(id) DO NOTHING",
                                         where: "id >= ? AND id < ?", [.text(county), .text(county + "~")])
                report.rows.append(("grids", grids))
                var alertIDs: [Int64: Int64] = [:]
                var topicKeys: [Int64: Int64] = [:]
                for step in plan {
                    let n = try copyItems(s, t, step: step, county: county, alertIDs: &alertIDs, topicKeys: &topicKeys)
                    report.rows.append((step.table, n))
                }
                report.renumberedAlerts = alertIDs.filter { $0.key != $0.value }.count
                report.rows.append(("incident_aliases", try copyRows(s, t, table: "incident_aliases", drop: [], stamp: nil,
                                                                     conflict: "ON CONFLICT(source, ref) DO NOTHING")))
                report.rows.append(("alert_hourly", try copyHourly(s, t, alertIDs: alertIDs)))
                report.rows.append(("alert_samples", try copySamples(s, t, alertIDs: alertIDs)))
                try mergeCounters(s, t)
                try advanceIdentities(t)
                (report.events, report.auditedEvents) = try copyEvents(s, t, county: county)
                try record(t, target: target, source: source.path, county: county, actor: actor, report: report)
                return report
            }
        }
    }

    /// The county's store must be a county's own (no copied events), of this county, with an intact chain.
    static func checkSource(_ s: Connection, path: String, county: String) throws {
        if let home = try CountyAccess.homeCounty(s), home != county {
            throw StoreError.invalid("\(path) is the store of county \(home), not \(county)")
        }
        if try (s.scalarInt("SELECT COUNT(*) FROM events WHERE origin_seq IS NOT NULL") ?? 0) > 0 {
            throw StoreError.invalid("\(path) already holds counties copied in from elsewhere (a city store); copy from a county's own store")
        }
        for (table, column) in [("incidents", "id"), ("hotline_cases", "ticket"), ("alerts", "id")] {
            if let other = try s.queryOne("""
                SELECT \(column), COALESCE(county, substr(grid_id, 1, 6)) FROM \(table)
                WHERE COALESCE(county, substr(grid_id, 1, 6)) <> ? LIMIT 1
                """, [.text(county)], { ($0.string(0), $0.string(1)) }) {
                throw StoreError.invalid("\(path) holds items of another county (\(table) \(other.0) is in \(other.1)); nothing was copied")
            }
        }
        let audit = try AuditChain.verify(s)
        if let broken = audit.firstBroken {
            throw StoreError.invalid("the audit chain of \(path) is broken at event #\(broken.seq) (\(broken.reason)); repair or restore it before copying")
        }
    }

    /// A county goes in once: a second copy would double every event.
    static func checkTarget(_ t: Connection, path: String, county: String) throws {
        if let earlier = try t.queryOne("SELECT source, copied_at, events FROM county_copies WHERE county=?", [.text(county)],
                                        { ($0.string(0), $0.time(1), $0.int(2)) }) {
            throw StoreError.invalid("county \(county) was already copied into \(path) from \(earlier.0) at \(earlier.1.iso) (\(earlier.2) events); a second copy would double it, so nothing was copied")
        }
        if try CountyAccess.homeCounty(t) == county {
            throw StoreError.invalid("\(path) is county \(county)'s own store; copy into a city store")
        }
    }

    static func columns(_ s: Connection, _ table: String) throws -> [String] {
        // The source is always a county's SQLite store.
        try s.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]) { $0.string(0) }
    }

    /// Copies `table`'s rows (all, or those matching `where`), leaving out `drop` and stamping `county` when given.
    @discardableResult
    static func copyRows(_ s: Connection, _ t: Connection, table: String, drop: Set<String>, stamp county: String?,
                         conflict: String = "", where clause: String? = nil, _ args: [SQLValue] = [],
                         row body: ((inout [String: SQLValue]) throws -> Void)? = nil) throws -> Int {
        let all = try columns(s, table)
        let read = all.filter { !drop.contains($0) && $0 != "county" }
        let write = read + (county == nil ? [] : ["county"])
        let insert = "INSERT INTO \(table)(\(write.joined(separator: ", "))) VALUES (\(placeholders(write.count))) \(conflict)"
        var n = 0
        let rows = try s.query("SELECT \(read.joined(separator: ", ")) FROM \(table)\(clause.map { " WHERE \($0)" } ?? "") ORDER BY 1",
                               args) { r in read.indices.map { r.value(Int32($0)) } }
        for values in rows {
            var named = Dictionary(uniqueKeysWithValues: zip(read, values))
            if let county { named["county"] = .text(county) }
            try body?(&named)
            n += try t.run(insert, write.map { named[$0] ?? .null })
        }
        return n
    }

    static func copyItems(_ s: Connection, _ t: Connection, step: (table: String, key: String?, surrogate: String?), county: String,
                          alertIDs: inout [Int64: Int64], topicKeys: inout [Int64: Int64]) throws -> Int {
        let table = step.table
        if let key = step.key {
            for id in try s.query("SELECT \(key) FROM \(table)", [], { $0.string(0) }) {
                if let other = try t.queryOne("SELECT county FROM \(table) WHERE \(key)=?", [.text(id)], { $0.stringOptional(0) }) {
                    throw StoreError.invalid("\(table) \(id) is already in the target (county \(other ?? "unknown")): ids must be unique across the city; nothing was copied")
                }
            }
        }
        var ids: [Int64: Int64] = [:]
        let topics = topicKeys
        let n = try copyRows(s, t, table: table, drop: [], stamp: stamped.contains(table) ? county : nil) { row in
            if table == "opinion_posts", case .int(let k)? = row["topic_key"], let mapped = topics[k] { row["topic_key"] = .int(mapped) }
            guard let surrogate = step.surrogate, case .int(let old)? = row[surrogate] else { return }
            let taken = try t.scalarInt("SELECT COUNT(*) FROM \(table) WHERE \(surrogate)=?", [.int(old)]) ?? 0
            let new = taken == 0 ? old : (try t.scalarInt("SELECT COALESCE(MAX(\(surrogate)), 0) + 1 FROM \(table)") ?? old)
            row[surrogate] = .int(new)
            ids[old] = new
        }
        if table == "alerts" { alertIDs = ids }
        if table == "opinion_topics" { topicKeys = ids }
        return n
    }

    static func copyHourly(_ s: Connection, _ t: Connection, alertIDs: [Int64: Int64]) throws -> Int {
        try copyRows(s, t, table: "alert_hourly", drop: [], stamp: nil,
                     conflict: "ON CONFLICT(hour, alert_id) DO UPDATE SET n = alert_hourly.n + excluded.n") { row in
            if case .int(let old)? = row["alert_id"], let new = alertIDs[old] { row["alert_id"] = .int(new) }
        }
    }

    /// Alert samples, keyed by the alert's id as it is in the target.
    static func copySamples(_ s: Connection, _ t: Connection, alertIDs: [Int64: Int64]) throws -> Int {
        try copyRows(s, t, table: "alert_samples", drop: [], stamp: nil) { row in
            if case .int(let old)? = row["alert_id"], let new = alertIDs[old] { row["alert_id"] = .int(new) }
        }
    }

    /// Per-day id counters: the target keeps the higher value, so ids it assigns next do not repeat the county's.
    static func mergeCounters(_ s: Connection, _ t: Connection) throws {
        try copyRows(s, t, table: "counters", drop: [], stamp: nil, conflict: """
            ON CONFLICT(name) DO UPDATE SET value = CASE WHEN excluded.value > counters.value THEN excluded.value ELSE counters.value END
            """)
    }

    /// Tables whose number the store assigns (SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column) and into
    /// which the copy writes numbers of its own.
    static let identities: [(table: String, column: String)] = [
        ("alerts", "id"), ("opinion_topics", "key"), ("opinion_posts", "id"), ("opinion_responses", "id"),
        ("notes", "id"), ("dead_letters", "id"),
    ]

    /// On PostgreSQL an identity column's sequence knows nothing of numbers written explicitly: it is moved past the
    /// highest copied one, so the city's next alert, note or dead letter does not collide with a copied row. SQLite
    /// takes the highest number + 1 by itself.
    static func advanceIdentities(_ t: Connection) throws {
        guard t.engine == .postgresql else { return }
        for (table, column) in identities {
            _ = try t.scalarInt("SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE(MAX(\(column)), 0) + 1, false) FROM \(table)")
        }
    }

    static func copyEvents(_ s: Connection, _ t: Connection, county: String) throws -> (Int, Int) {
        var events = 0, audited = 0
        let insert = """
            INSERT INTO events(at, topic, entity_kind, entity_id, actor, data, prev_hash, hash, county, origin_seq)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """
        try s.forEach("SELECT \(EventLog.columns) FROM events ORDER BY seq") { r in
            let e = EventLog.event(r)
            try t.run(insert, [.int(e.at.milliseconds), .text(e.topic), .text(e.entityKind), .text(e.entityID), .text(e.actor),
                               .text(e.data), .from(e.prevHash), .from(e.hash), .text(county), .int(e.seq)])
            events += 1
            if e.hash != nil { audited += 1 }
        }
        return (events, audited)
    }

    static func record(_ t: Connection, target: Store, source: String, county: String, actor: String, report: StoreCopyReport) throws {
        let now = target.clock()
        let lastOrigin = try t.scalarInt("SELECT COALESCE(MAX(origin_seq), 0) FROM events WHERE county=? AND origin_seq IS NOT NULL", [.text(county)]) ?? 0
        let head = try t.queryOne("SELECT hash FROM events WHERE county=? AND origin_seq IS NOT NULL AND hash IS NOT NULL ORDER BY seq DESC LIMIT 1",
                                  [.text(county)]) { $0.string(0) }
        try t.run("INSERT INTO county_copies(county, source, copied_at, actor, items, events, last_origin_seq) VALUES (?,?,?,?,?,?,?)",
                  [.text(county), .text(source), .int(now.milliseconds), .text(actor), .int(Int64(report.items)),
                   .int(Int64(report.events)), .int(lastOrigin)])
        var data: [String: JSONValue] = ["source": .string(source), "items": .int(Int64(report.items)),
                                         "events": .int(Int64(report.events)), "last_origin_seq": .int(lastOrigin)]
        if let head { data["county_chain_head"] = .string(head) }
        let event = try EventLog.append(t, at: now, topic: "store.copied", entityKind: "county", entityID: county, actor: actor,
                                        data: .object(data), audited: true)
        try t.run("UPDATE events SET county=? WHERE seq=?", [.text(county), .int(event.seq)])
    }
}
