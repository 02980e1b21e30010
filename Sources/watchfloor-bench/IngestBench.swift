import Foundation
import Glibc
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor-bench ingest [--lines N] [--low-keys K] [--high-keys K] [--workloads low,high] [--subjects LIST]
///  [--runs R] [--seed S] [--peer PATH] [--dir DIR]`
///
/// Writes an EVE file per workload — low cardinality (≤ `--low-keys` dedup keys, default 2,000: most observations
/// bump a counter) and high cardinality (`--high-keys`, default 20 × lines: ~95 % of observations open a new
/// alert) — then, side by side on the same file:
/// - `cli`: `watchfloor ingest --format eve` as a child process, end to end (start, store, exit);
/// - `daemon`: a running `watchfloord` with a spool directory; timed from the file's link into the spool until the
///   daemon has moved it to `done/` (everything committed);
/// - `python`: `Benchmarks/peers/ingest_eve.py`, the plain script (python3 standard library);
/// - `ceiling`: the same lines pre-decoded per chunk, only a batched plain `INSERT` into a bare table timed.
/// Wall time, CPU seconds and peak RSS per child come from `wait4`. With `--runs R` the subjects alternate order
/// and the medians are printed. Ends with one JSON line.
enum IngestBench {
    struct Options {
        var lines = 100_000
        var lowKeys = 2_000
        var highKeys: Int?
        var workloads = ["low", "high"]
        var subjects = ["cli", "daemon", "python", "ceiling"]
        var runs = 1
        var seed: UInt64 = 20261122
        var peer: String?
        var dir: String?
        /// `--engine postgresql|both` adds `cli@postgresql` and `daemon@postgresql`: the same children on a
        /// PostgreSQL store (`--postgres URL`, see `BenchEngines`).
        var engineArguments: [String] = []
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch a {
            case "--lines", "--alerts": o.lines = Int(next) ?? o.lines
            case "--low-keys", "--distinct-keys": o.lowKeys = Int(next) ?? o.lowKeys
            case "--high-keys": o.highKeys = Int(next)
            case "--workloads": o.workloads = next.split(separator: ",").map(String.init)
            case "--subjects": o.subjects = next.split(separator: ",").map(String.init)
            case "--runs": o.runs = max(1, Int(next) ?? 1)
            case "--seed": o.seed = UInt64(next) ?? o.seed
            case "--peer": o.peer = next
            case "--dir": o.dir = next
            case "--engine", "--postgres": o.engineArguments += [a, next]
            default:
                throw BenchError("unknown argument \(a) (use --lines N --low-keys K --high-keys K --workloads low,high "
                                 + "--subjects cli,daemon,python,ceiling --runs R --seed S --peer PATH --dir DIR)")
            }
            i += 2
        }
        return o
    }

    static func run(arguments: [String]) throws {
        var o = try parse(arguments)
        let dir = o.dir ?? BenchSupport.temporaryDirectory("ingest")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if o.dir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let peer = o.peer ?? locatePeer()
        let engines = try BenchEngines.engines(in: o.engineArguments)
        if engines.contains(.postgresql) {
            let onPG = o.subjects.filter { $0 == "cli" || $0 == "daemon" }.map { $0 + "@postgresql" }
            o.subjects = (engines.contains(.sqlite) ? o.subjects : o.subjects.filter { $0 != "cli" && $0 != "daemon" }) + onPG
        }
        print("ingest bench: \(o.lines) EVE alert lines per workload, \(o.runs) run(s); load average \(loadAverage())")

        var report: [String: JSONValue] = [:]
        for workload in o.workloads {
            let keys = workload == "low" ? o.lowKeys : (o.highKeys ?? 20 * o.lines)
            let file = dir + "/\(workload).eve.json"
            let bytes = try writeEVE(file, lines: o.lines, keys: keys, seed: o.seed)
            print("\n\(workload) cardinality: \(file), \(bytes / 1_000_000) MB, key space \(keys)")
            var results: [String: [SubjectResult]] = [:]
            for run in 0..<o.runs {
                let order = run % 2 == 0 ? o.subjects : o.subjects.reversed()
                for s in order {
                    let r = try measure(s, file: file, lines: o.lines, dir: dir + "/\(workload)-\(s)-\(run)", peer: peer,
                                        engineArguments: o.engineArguments)
                    results[s, default: []].append(r)
                }
            }
            report[workload] = summarize(results, lines: o.lines, keys: keys, bytes: bytes)
        }
        print("\nload average after: \(loadAverage())")
        print(JSONValue.object(["bench": "ingest", "lines": .int(Int64(o.lines)), "runs": .int(Int64(o.runs)),
                                "workloads": .object(report)]).serialized)
    }

    struct SubjectResult {
        var wall: Double
        var cpu: Double?
        var rssMiB: Double?
        var alertRows: Int64
    }

    static func measure(_ subject: String, file: String, lines: Int, dir: String, peer: String,
                        engineArguments: [String] = []) throws -> SubjectResult {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine: StoreEngine = subject.hasSuffix("@postgresql") ? .postgresql : .sqlite
        let (db, cleanup) = try BenchEngines.location(engine, dir: dir, name: subject.replacingOccurrences(of: "@", with: "_"),
                                                      args: engineArguments)
        defer { cleanup() }
        switch subject.split(separator: "@").first.map(String.init) ?? subject {
        case "cli":
            try writeConfig(dir, spool: nil)
            let child = try ChildProcess(ChildProcess.sibling("watchfloor"),
                                         ["ingest", "--format", "eve", "--db", db, "--json", file],
                                         stdoutPath: dir + "/cli.out", environment: ["WATCHFLOOR_CONFIG": dir + "/bench.toml"])
            let m = child.wait()
            guard m.status == 0 else { throw BenchError("watchfloor ingest exited with status \(m.status); see \(dir)/cli.out") }
            let rows = try verify(db, lines: lines)
            return SubjectResult(wall: m.wallSeconds, cpu: m.cpuSeconds, rssMiB: m.peakRSSMiB, alertRows: rows)
        case "daemon":
            return try DaemonSpoolRun.measure(file: file, lines: lines, dir: dir, db: db)
        case "python":
            guard let python = ChildProcess.onPath("python3") else { throw BenchError("python3 is not on PATH") }
            let child = try ChildProcess(python, [peer, file, dir + "/peer.db"], stdoutPath: dir + "/peer.out")
            let m = child.wait()
            guard m.status == 0 else { throw BenchError("\(peer) exited with status \(m.status)") }
            let rows = try Connection(path: dir + "/peer.db").scalarInt("SELECT COUNT(*) FROM alerts") ?? 0
            return SubjectResult(wall: m.wallSeconds, cpu: m.cpuSeconds, rssMiB: m.peakRSSMiB, alertRows: rows)
        case "ceiling":
            let seconds = try IngestCeiling.measure(file: file, db: dir + "/ceiling.db")
            return SubjectResult(wall: seconds, cpu: nil, rssMiB: nil, alertRows: Int64(lines))
        default:
            throw BenchError("unknown subject \(subject) (cli, daemon, python, ceiling)")
        }
    }

    /// Every observation landed exactly once: the alert counts add up to the lines.
    static func verify(_ db: String, lines: Int) throws -> Int64 {
        let c = try Connection.open(db)
        let observed = try c.scalarInt("SELECT COALESCE(SUM(count),0) FROM alerts") ?? 0
        guard observed == lines else { throw BenchError("\(db): stored \(observed) observations, expected \(lines)") }
        return try c.scalarInt("SELECT COUNT(*) FROM alerts") ?? 0
    }

    static func summarize(_ results: [String: [SubjectResult]], lines: Int, keys: Int, bytes: Int) -> JSONValue {
        func med(_ xs: [Double]) -> Double { BenchSupport.median(xs) }
        let wall = results.mapValues { med($0.map(\.wall)) }
        let script = wall["python"], ceiling = wall["ceiling"]
        let rows = results["cli"]?.first?.alertRows ?? results["daemon"]?.first?.alertRows ?? results["python"]?.first?.alertRows ?? 0
        print(String(format: "  %lld alert rows: %.1f %% of observations opened a new alert", rows, 100 * Double(rows) / Double(max(1, lines))))
        print("  subject             wall s   lines/s  ×script  ×ceiling   CPU s  peak RSS MiB")
        var json: [String: JSONValue] = ["key_space": .int(Int64(keys)), "alert_rows": .int(rows), "bytes": .int(Int64(bytes))]
        for name in ["cli", "daemon", "cli@postgresql", "daemon@postgresql", "python", "ceiling"] {
            guard let rs = results[name], let w = wall[name] else { continue }
            let cpu = rs.compactMap(\.cpu), rss = rs.compactMap(\.rssMiB)
            let rate = Double(lines) / w
            let vsScript = script.map { $0 / w }, vsCeiling = ceiling.map { $0 / w }
            func f(_ x: Double?, _ d: Int) -> String { x.map { BenchSupport.fmt($0, d) } ?? "-" }
            print("  " + [name.padding(toLength: 17, withPad: " ", startingAt: 0), f(w, 3).leftPadded(8), String(Int(rate)).leftPadded(9),
                          f(vsScript, 2).leftPadded(8), f(vsCeiling, 2).leftPadded(9), f(cpu.isEmpty ? nil : med(cpu), 2).leftPadded(7),
                          f(rss.max(), 1).leftPadded(13)].joined(separator: " "))
            var entry: [String: JSONValue] = ["wall_s": .double(round3(w)), "per_s": .int(Int64(rate))]
            if let vsScript { entry["x_script"] = .double(round3(vsScript)) }
            if let vsCeiling { entry["x_ceiling"] = .double(round3(vsCeiling)) }
            if !cpu.isEmpty { entry["cpu_s"] = .double(round3(med(cpu))) }
            if let m = rss.max() { entry["peak_rss_mib"] = .double(round3(m)) }
            json[name] = .object(entry)
        }
        return .object(json)
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    /// Streams the generated lines to `path` (LF-terminated); returns its size.
    static func writeEVE(_ path: String, lines: Int, keys: Int, seed: UInt64) throws -> Int {
        guard let f = fopen(path, "w") else { throw BenchError("cannot write \(path)") }
        defer { fclose(f) }
        var bytes = 0
        EVEStreamGenerator.forEachLine(count: lines, distinctKeys: keys, seed: seed) { line in
            var l = line
            l.append(0x0A)
            bytes += fwrite(l, 1, l.count, f)
        }
        return bytes
    }

    /// The settings file both the CLI and the daemon read: default pipeline, and a fast-polling spool if asked.
    static func writeConfig(_ dir: String, spool: String?) throws {
        var text = "[daemon]\nescalate_every_seconds = 60\n"
        // Extra `[daemon]` settings to compare, e.g. WATCHFLOOR_BENCH_DAEMON='batch_max_ms = 100'.
        if let extra = ProcessInfo.processInfo.environment["WATCHFLOOR_BENCH_DAEMON"] { text += extra + "\n" }
        if let spool { text += "\n[[daemon.spool]]\nname = \"bench\"\npath = \"\(spool)\"\nformat = \"eve\"\npoll_ms = 10\n" }
        try text.write(toFile: dir + "/bench.toml", atomically: true, encoding: .utf8)
    }

    /// A peer script of `Benchmarks/peers/`, from the checkout (the working directory or above the binary).
    static func locatePeer(_ rel: String = "Benchmarks/peers/ingest_eve.py") -> String {
        if FileManager.default.fileExists(atPath: rel) { return rel }
        // From .build/<triple>/release/ back to the checkout.
        var url = URL(fileURLWithPath: ChildProcess.sibling("watchfloor")).deletingLastPathComponent()
        for _ in 0..<4 {
            url = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(rel).path) { return url.appendingPathComponent(rel).path }
        }
        return rel
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
