import Foundation
import Glibc
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor-bench contention [--lines N] [--keys K] [--interval-ms MS] [--cli N]`
///
/// Operators never wait behind ingest. A real `watchfloord` ingests a high-cardinality EVE file (`--lines`, default
/// 400,000) from its spool at full speed while this process — a second process, like an operator's UI — acts on
/// the shared store: it acknowledges alerts the daemon has just written and re-assigns an incident, one action
/// every `--interval-ms` (default 20), timing each call in-process. `--cli N` also runs N `watchfloor ack` commands
/// (process start included). Prints p50/p90/p99/max per action and the daemon's rate meanwhile; one JSON line.
/// `--engine postgresql|both` runs it on a PostgreSQL store too (see `BenchEngines`); one JSON line per run.
enum ContentionBench {
    static func run(arguments: [String]) throws {
        var all: [String: JSONValue] = ["bench": "contention"]
        for engine in try BenchEngines.engines(in: arguments) {
            print("\n== \(engine) ==")
            all[engine.rawValue] = try measure(arguments: arguments, engine: engine)
        }
        print(JSONValue.object(all).serialized)
    }

    static func measure(arguments: [String], engine: StoreEngine) throws -> JSONValue {
        let lines = Int(BenchSupport.option("lines", in: arguments) ?? "") ?? 400_000
        let keys = Int(BenchSupport.option("keys", in: arguments) ?? "") ?? 20 * lines
        let interval = Double(BenchSupport.option("interval-ms", in: arguments) ?? "") ?? 20
        let cliRuns = Int(BenchSupport.option("cli", in: arguments) ?? "") ?? 20
        let dir = BenchSupport.temporaryDirectory("contention")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("contention bench: watchfloord ingests \(lines) EVE lines (key space \(keys)) from its spool; this process acts every \(Int(interval)) ms; load average \(IngestBench.loadAverage())")

        let file = dir + "/burst.eve.json"
        _ = try IngestBench.writeEVE(file, lines: lines, keys: keys, seed: 7)
        let spool = dir + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try IngestBench.writeConfig(dir, spool: spool)
        let (db, cleanup) = try BenchEngines.location(engine, dir: dir, name: "contention", args: arguments)
        defer { cleanup() }

        // An incident to re-assign, before the daemon starts.
        let store = try Store(path: db)
        let incident = try seedIncident(store)
        let actions = OperatorActions(store: store, actor: "值班员甲")

        let daemon = try ChildProcess(ChildProcess.sibling("watchfloord"), ["--config", dir + "/bench.toml", "--db", db],
                                      stdoutPath: dir + "/daemon.out")
        defer { daemon.signal(SIGTERM); daemon.wait() }
        while !FileManager.default.fileExists(atPath: spool + "/done") { usleep(5_000) }
        guard link(file, spool + "/burst.eve.json") == 0 else { throw IngestBench.BenchError("cannot link into the spool") }
        let t0 = BenchSupport.monotonicSeconds()
        let done = spool + "/done/burst.eve.json"

        var ack: [Double] = [], assign: [Double] = [], cli: [Double] = []
        var lastAlert: Int64 = 0
        var turn = 0
        let watchfloor = ChildProcess.sibling("watchfloor")
        while !FileManager.default.fileExists(atPath: done) {
            usleep(useconds_t(interval * 1000))
            turn += 1
            if turn % 2 == 0 {
                // The newest alert the daemon has committed: the page an operator looks at.
                guard let id = try store.withConnection({ try $0.scalarInt("SELECT MAX(id) FROM alerts") }), id > lastAlert else { continue }
                lastAlert = id
                if cli.count < cliRuns && turn % 10 == 0 {
                    let child = try ChildProcess(watchfloor, ["ack", "ALT-\(id)", "--db", db, "--operator", "值班员乙"],
                                                 environment: ["WATCHFLOOR_CONFIG": dir + "/bench.toml"])
                    let m = child.wait()
                    if m.status == 0 { cli.append(m.wallSeconds * 1000) }
                    continue
                }
                let t = BenchSupport.monotonicSeconds()
                _ = try actions.acknowledge(alert: id)
                ack.append((BenchSupport.monotonicSeconds() - t) * 1000)
            } else {
                let t = BenchSupport.monotonicSeconds()
                _ = try actions.assign(incident: incident, to: turn % 4 == 1 ? "城关派出所" : "消防中队")
                assign.append((BenchSupport.monotonicSeconds() - t) * 1000)
            }
        }
        let ingestSeconds = BenchSupport.monotonicSeconds() - t0
        let rows = try store.withConnection { try $0.scalarInt("SELECT COALESCE(SUM(count),0) FROM alerts") ?? 0 }
        guard rows == lines else { throw IngestBench.BenchError("the daemon stored \(rows) observations, expected \(lines)") }

        print(String(format: "daemon ingest meanwhile: %.2f s, %.0f lines/s", ingestSeconds, Double(lines) / ingestSeconds))
        var json: [String: JSONValue] = ["engine": .string(engine.rawValue), "lines": .int(Int64(lines)),
                                         "ingest_per_s": .int(Int64(Double(lines) / ingestSeconds))]
        for (name, xs) in [("ack", ack), ("assign", assign), ("cli_ack_with_process_start", cli)] where !xs.isEmpty {
            let s = xs.sorted()
            let p = (50.0, 90.0, 99.0)
            print(String(format: "%@ (%d): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", name, s.count,
                         BenchSupport.percentile(s, p.0), BenchSupport.percentile(s, p.1), BenchSupport.percentile(s, p.2), s.last!))
            json[name] = .object(["n": .int(Int64(s.count)), "p50_ms": .double(IngestBench.round3(BenchSupport.percentile(s, 50))),
                                  "p90_ms": .double(IngestBench.round3(BenchSupport.percentile(s, 90))),
                                  "p99_ms": .double(IngestBench.round3(BenchSupport.percentile(s, 99))),
                                  "max_ms": .double(IngestBench.round3(s.last!))])
        }
        print("load average after: \(IngestBench.loadAverage())")
        return .object(json)
    }

    /// One acknowledged incident, so `assign` (dispatched → dispatched) can run again and again.
    static func seedIncident(_ store: Store) throws -> String {
        let writer = IngestWriter(store: store)
        let out = try writer.write(IngestBatch(source: "bench", records: [.incident(Incident(
            id: "", source: "bench", sourceRef: "contention-1", category: .publicSafety, level: .three,
            title: "城关镇 contention 测试", reportedAt: Timestamp.now()), supersedes: [])]))
        let id = out.incidentIDs[0]
        _ = try OperatorActions(store: store, actor: "值班员甲").acknowledge(incident: id)
        return id
    }
}
