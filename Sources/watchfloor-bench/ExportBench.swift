import Foundation
import WatchfloorCore
import WatchfloorReports
import WatchfloorStore

/// `watchfloor-bench export`: how long a 24-hour handover takes over a busy store.
///
/// Seeds (or reuses, with `--db PATH`) a store holding `--events` alert bus events (default 1,000,000) and
/// `--incidents` incidents (default 20,000) spread over `--days` days (default 3), plus alerts, hotline cases,
/// notes and audited operator actions, then exports the last 24 hours as Markdown and as JSON `--runs` times each
/// (default 5; each run is a full export: query, render, hash and the audited `handover.exported` event).
/// Prints the figures, then one JSON line:
///
///     {"bench":"export","events":1000000,"incidents":20000,"export_ms_median":…,…}
///
/// Target: the 24-hour export in ≤ 1 s (release build).
enum ExportBench {
    struct Options {
        var db: String?
        var events = 1_000_000
        var incidents = 20_000
        var days = 3
        var runs = 5
        var keep = false
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func int() throws -> Int {
            let v = try value()
            guard let n = Int(v.replacingOccurrences(of: "_", with: "")), n >= 0 else { throw BenchError("'\(v)' is not a count") }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "export": break
            case "--db": o.db = try value()
            case "--events": o.events = try int()
            case "--incidents": o.incidents = try int()
            case "--days": o.days = max(1, try int())
            case "--runs": o.runs = max(1, try int())
            case "--keep": o.keep = true
            case "-h", "--help":
                print("usage: watchfloor-bench export [--db PATH] [--events N] [--incidents N] [--days N] [--runs N] [--keep]")
                exit(0)
            default: throw BenchError("unknown argument \(arguments[i])")
            }
            i += 1
        }
        return o
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// The end of the seeded data: a Sunday morning shift change in the sample county.
    static let end = ISOTime.parse("2026-11-22T08:00:00+08:00")!

    static func run(arguments: [String]) throws {
        let o = try parse(arguments)
        let path = o.db ?? NSTemporaryDirectory() + "watchfloor-export-bench-\(getpid()).db"
        let settings = WatchfloorSettings()
        let clock = BenchClock(end.adding(seconds: 3600))

        let setupStart = DispatchTime.now()
        let store = try Store(path: path, sla: settings.slaClock)
        store.clock = { clock.tick() }
        let existing = try store.withConnection {
            try $0.scalarInt("SELECT COUNT(*) FROM events WHERE entity_kind='alert'") ?? 0
        }
        let reused = existing >= Int64(o.events) && o.db != nil
        if !reused {
            guard existing == 0 else { throw BenchError("\(path) holds a different data set; give a new --db path") }
            try seed(store, o)
        }
        let setupMs = ms(since: setupStart)
        let counts = try store.withConnection { c in
            (try c.scalarInt("SELECT COUNT(*) FROM events WHERE entity_kind='alert'") ?? 0,
             try c.scalarInt("SELECT COUNT(*) FROM incidents") ?? 0,
             try c.scalarInt("SELECT COUNT(*) FROM events") ?? 0)
        }
        print("store: \(path)")
        print("  \(counts.0) alert events, \(counts.1) incidents, \(counts.2) events in all over \(o.days) days")
        print("  setup: \(Int(setupMs)) ms (\(reused ? "reused" : "seeded"))")

        let service = try HandoverService(store: store, settings: settings)
        let window = ShiftSelector.window(since: end.adding(seconds: -86_400), until: end)
        var medians: [HandoverFormat: Double] = [:]
        var sizes: [HandoverFormat: Int] = [:]
        var alertObservations = 0
        for format in [HandoverFormat.markdown, .json] {
            var times: [Double] = []
            for _ in 0..<o.runs {
                let t0 = DispatchTime.now()
                let result = try service.export(shift: window, format: format, lang: .zh, actor: "bench", now: clock.now)
                times.append(ms(since: t0))
                sizes[format] = result.bytes.count
            }
            times.sort()
            medians[format] = times[times.count / 2]
            print("  export 24 h as \(format.rawValue): median \(fmt(medians[format]!)) ms over \(o.runs) runs "
                  + "(min \(fmt(times.first!)), max \(fmt(times.last!))), \(sizes[format]!) bytes")
        }
        let report = try service.report(window, now: clock.now)
        alertObservations = report.alerts.observations
        // Where the time goes: the report alone, then each renderer.
        let t0 = DispatchTime.now()
        _ = try service.report(window, now: clock.now)
        let buildMs = ms(since: t0)
        print("  of which building the report: \(fmt(buildMs)) ms; window: \(report.totals.new) new incidents, "
              + "\(report.alerts.alerts) alerts firing, \(alertObservations) observations")

        let median = max(medians[.markdown] ?? 0, medians[.json] ?? 0)
        let line: JSONValue = [
            "bench": "export", "events": .int(counts.0), "incidents": .int(counts.1), "window_hours": 24,
            "setup_ms": .int(Int64(setupMs.rounded())), "reused": .bool(reused), "runs": .int(Int64(o.runs)),
            "export_md_ms_median": .double(round1(medians[.markdown] ?? 0)),
            "export_json_ms_median": .double(round1(medians[.json] ?? 0)),
            "export_ms_median": .double(round1(median)), "build_ms": .double(round1(buildMs)),
            "bytes_md": .int(Int64(sizes[.markdown] ?? 0)), "bytes_json": .int(Int64(sizes[.json] ?? 0)),
            "target_ms": 1000, "ok": .bool(median <= 1000),
        ]
        if o.db == nil && !o.keep {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        print(line.serialized)
    }

    // MARK: Seeding: one transaction, prepared statements, raw rows

    static func seed(_ store: Store, _ o: Options) throws {
        var rng = BenchRNG(seed: 0x5EED_2026)
        let spanMs = Int64(o.days) * 86_400_000
        let start = end.milliseconds - spanMs
        let sensors = ["ids-dmz-01", "waf-portal-01", "ids-core-01", "fw-edge-01"]
        let assets = (0..<300).map { "asset-\(ISOTime.pad($0, 3)).county.example" }
        let alertCount = max(1, min(5_000, o.events / 20))
        let categories = IncidentCategory.allCases
        let operators = ["wangwei", "lina", "zhangmin", "liuyang", "chenjing"]

        try store.write { c in
            // Alerts: 200 signatures over 300 assets.
            let alert = try c.prepare("""
                INSERT INTO alerts(id, dedup_key, first_seen, last_seen, count, sensor, signature_id, signature, category, level,
                  src, dest, proto, action, asset, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'TCP','allowed',?,'new')
                """)
            for id in 1...alertCount {
                let sig = Int(rng.next() % 200)
                let asset = Int(rng.next() % 300)
                let src = "203.0.113.\(rng.next() % 250 + 1)"
                let dest = "10.99.\(asset / 250).\(asset % 250 + 1):\(sig % 2 == 0 ? 443 : 22)"
                let sensor = sensors[sig % sensors.count]
                try alert.bind([.int(Int64(id)), .text("\(sensor)\u{1F}\(2_000_000 + sig)\u{1F}\(src)\u{1F}\(dest)\u{1F}\(id)"),
                                .int(start), .int(end.milliseconds), .int(0), .text(sensor), .int(Int64(2_000_000 + sig)),
                                .text("ET BENCH Signature \(sig) observed"), .text("Attempted Information Leak"),
                                .int(Int64(sig % 4 + 1)), .text(src), .text(dest), asset % 7 == 0 ? .null : .text(assets[asset])])
                while try alert.step() {}
            }
            // Alert bus events, in time order (as ingest appends them).
            let event = try c.prepare("INSERT INTO events(at, topic, entity_kind, entity_id, actor, data) VALUES (?,?,'alert',?,'ingest',?)")
            for i in 0..<o.events {
                let at = start + spanMs * Int64(i) / Int64(max(1, o.events))
                // A skewed choice, so a few alerts are much busier than the rest.
                let r = rng.next() % UInt64(alertCount)
                let id = Int64(r * r / UInt64(alertCount)) + 1
                let delta = Int64(rng.next() % 5 + 1)
                try event.bind([.int(at), .text(i < alertCount ? "alert.raised" : "alert.updated"), .text(String(id)),
                                .text("{\"delta\":\(delta),\"last_seen\":\"\(Timestamp(milliseconds: at).iso)\"}")])
                while try event.step() {}
            }
            // Seeded past the ingest writer, which keeps the hourly roll-up the handover reads.
            try AlertHourly.rebuild(c)
            try c.run("UPDATE alerts SET count = 1 + id % 97")

            // Incidents: older ones finished, the last half day mostly open.
            let incident = try c.prepare("""
                INSERT INTO incidents(id, source, source_ref, category, level, title, detail, grid_id, location, status,
                  reported_at, acked_at, acked_by, assignee, dispatched_at, resolved_at, closed_at, escalations, version, updated_at)
                VALUES (?, 'bench', ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)
                """)
            let created = try c.prepare("INSERT INTO events(at, topic, entity_kind, entity_id, actor, data) VALUES (?, 'incident.created', 'incident', ?, 'ingest', ?)")
            var perDay: [Int: Int] = [:]
            for i in 0..<o.incidents {
                let reported = start + spanMs * Int64(i) / Int64(max(1, o.incidents)) + Int64(rng.next() % 60_000)
                let localDay = Int(ISOTime.floorDiv(reported + Int64(ISOTime.chinaOffsetSeconds) * 1000, 86_400_000))
                perDay[localDay, default: 0] += 1
                let (y, m, d) = CivilDate.civilFromDays(localDay)
                let id = "INC-\(ISOTime.pad(y, 4))\(ISOTime.pad(m, 2))\(ISOTime.pad(d, 2))-\(ISOTime.pad(perDay[localDay]!, 4))"
                let level = Int64([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4][Int(rng.next() % 12)])
                let recent = end.milliseconds - reported < 12 * 3_600_000
                let roll = rng.next() % 100
                let acked: Int64? = roll < (recent ? 60 : 98) ? reported + Int64(rng.next() % 3_600_000) : nil
                let dispatched: Int64? = acked.flatMap { roll < (recent ? 40 : 95) ? $0 + Int64(rng.next() % 1_800_000) : nil }
                let resolved: Int64? = dispatched.flatMap { roll < (recent ? 15 : 90) ? $0 + Int64(rng.next() % 14_400_000) : nil }
                let closed: Int64? = resolved.flatMap { roll < (recent ? 5 : 70) ? $0 + Int64(rng.next() % 7_200_000) : nil }
                let status = closed != nil ? "closed" : resolved != nil ? "resolved" : dispatched != nil ? "dispatched" : acked != nil ? "acknowledged" : "new"
                let category = categories[Int(rng.next() % UInt64(categories.count))].rawValue
                func opt(_ t: Int64?) -> SQLValue { t.map { .int($0) } ?? .null }
                try incident.bind([.text(id), .text("bench-\(i)"), .text(category), .int(level),
                                   .text("压测事件 \(i) 号：某乡镇报告情况"), .text("990102\(ISOTime.pad(Int(rng.next() % 5) + 1, 3))001001"),
                                   .text("云岭县某地"), .text(status), .int(reported), opt(acked),
                                   acked == nil ? .null : .text(operators[i % operators.count]),
                                   dispatched == nil ? .null : .text("县应急管理局"), opt(dispatched), opt(resolved), opt(closed),
                                   .int(closed ?? resolved ?? dispatched ?? acked ?? reported)])
                while try incident.step() {}
                try created.bind([.int(reported), .text(id), .text("{\"level\":\(level)}")])
                while try created.step() {}
            }

            // Audited operator activity in the last day: notes and escalations, through the real audit chain.
            let ids = try c.query("SELECT id, reported_at FROM incidents WHERE reported_at >= ? ORDER BY id LIMIT 400",
                                  [.int(end.milliseconds - 86_400_000)]) { ($0.string(0), $0.int64(1)) }
            for (n, (id, reported)) in ids.enumerated() {
                let at = Timestamp(milliseconds: reported + 120_000)
                let actor = operators[n % operators.count]
                if n % 4 == 0 {
                    try EventLog.append(c, at: at, topic: "incident.escalated", entityKind: "incident", entityID: id, actor: "system",
                                        data: ["action": "escalate", "reason": "unacknowledged", "minutes": 2, "escalations": 1],
                                        audited: true)
                } else {
                    let text = "第 \(n) 条值班备注：已电话核实现场情况。"
                    try c.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (?,?,?,?,?)",
                              [.int(at.milliseconds), .text("incident"), .text(id), .text(actor), .text(text)])
                    try EventLog.append(c, at: at, topic: "note.added", entityKind: "incident", entityID: id, actor: actor,
                                        data: ["text": .string(text), "note_id": .int(c.lastInsertRowID)], audited: true)
                }
            }

            // Hotline cases with deadlines around the window's end.
            let hotline = try c.prepare("""
                INSERT INTO hotline_cases(ticket, received_at, channel, phone, type, summary, department, status,
                  stage_started_at, stage_due_at, version, updated_at) VALUES (?,?,'phone',?,?,?,?,?,?,?,1,?)
                """)
            let types = HotlineType.allCases
            for i in 0..<2_000 {
                let received = start + spanMs * Int64(i) / 2_000
                let status = ["new", "accepted", "transferred", "replied", "closed"][Int(rng.next() % 5)]
                let due = received + Int64(rng.next() % 5 + 1) * 86_400_000
                try hotline.bind([.text("2026\(ISOTime.pad(i, 10))"), .int(received), .text("138\(ISOTime.pad(Int(rng.next() % 100_000_000), 8))"),
                                  .text(types[i % types.count].rawValue), .text("压测工单 \(i)：群众反映问题"),
                                  status == "new" ? .null : .text("县住建局"), .text(status), .int(received),
                                  status == "closed" ? .null : .int(due), .int(received)])
                while try hotline.step() {}
            }
        }
        _ = try store.withConnection { try $0.execute("ANALYZE") }
    }

    static func ms(since t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e6 }
    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
    static func round1(_ v: Double) -> Double { (v * 10).rounded() / 10 }
}

/// A clock that advances a millisecond per read, so the bench's own audited events get distinct times.
final class BenchClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Timestamp
    init(_ start: Timestamp) { value = start }
    var now: Timestamp { lock.lock(); defer { lock.unlock() }; return value }
    func tick() -> Timestamp {
        lock.lock(); defer { lock.unlock() }
        value = value.adding(milliseconds: 1)
        return value
    }
}

/// A tiny deterministic generator (a 64-bit LCG with an xor-shift on the output), so every seeded store is the same.
struct BenchRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state ^ (state >> 29)) >> 3
    }
}
