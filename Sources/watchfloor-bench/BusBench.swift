import Foundation
import Glibc
import WatchfloorCore
import WatchfloorStore

/// `watchfloor-bench bus`: a writer process commits 1,000 events/s (one event per transaction, the worst case)
/// while this process subscribes through `BusWatcher` and measures commit → delivery latency; then both sit
/// idle and the subscriber's CPU is measured. Both wake modes run side by side: polling `PRAGMA data_version`
/// (the default) and inotify on the WAL. `--engine postgresql|both` measures a PostgreSQL store too (LISTEN/NOTIFY).
enum BusBench {
    struct Figures {
        var mode: String
        var count: Int
        var p50: Double, p99: Double, max: Double
        var idleCPU: Double
    }

    static func run(_ args: [String]) throws {
        let seconds = Double(BenchSupport.option("seconds", in: args) ?? "") ?? 5
        let rate = Int(BenchSupport.option("rate", in: args) ?? "") ?? 1000
        let idle = Double(BenchSupport.option("idle-seconds", in: args) ?? "") ?? 5
        let modes = (BenchSupport.option("wake", in: args) ?? "data-version,inotify").split(separator: ",").compactMap { BusWatcher.WakeMode(rawValue: String($0)) }
        print("bus: writer process at \(rate) commits/s for \(seconds) s per mode; subscriber idle CPU over \(idle) s")
        var results: [Figures] = []
        for engine in try BenchEngines.engines(in: args) {
            for mode in engine == .sqlite ? modes : [.inotify] {
                results.append(try measure(engine: engine, mode: mode, seconds: seconds, rate: rate, idleSeconds: idle, args: args))
            }
        }
        print("")
        print("mode           events   p50 ms   p99 ms   max ms   idle CPU %")
        for r in results {
            print("\(r.mode.padding(toLength: 13, withPad: " ", startingAt: 0))  \(String(r.count).padding(toLength: 7, withPad: " ", startingAt: 0))  \(BenchSupport.fmt(r.p50).padding(toLength: 7, withPad: " ", startingAt: 0))  \(BenchSupport.fmt(r.p99).padding(toLength: 7, withPad: " ", startingAt: 0))  \(BenchSupport.fmt(r.max).padding(toLength: 7, withPad: " ", startingAt: 0))  \(BenchSupport.fmt(r.idleCPU, 3))")
        }
        print("targets: p50 ≤ 15 ms, p99 ≤ 50 ms, idle CPU ≤ 1 %; PostgreSQL with NOTIFY p99 ≤ 10 ms; load average \(IngestBench.loadAverage())")
        var json: [String: JSONValue] = ["bench": "bus", "rate": .int(Int64(rate)), "seconds": .double(seconds)]
        for r in results {
            let key = r.mode.replacingOccurrences(of: "-", with: "_")
            json[key] = ["events": .int(Int64(r.count)), "p50_ms": .double(r.p50), "p99_ms": .double(r.p99),
                         "max_ms": .double(r.max), "idle_cpu_percent": .double(r.idleCPU)]
        }
        print(JSONValue.object(json).serialized)
    }

    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var latencies: [Double] = []
        var received = 0
    }

    static func measure(engine: StoreEngine, mode: BusWatcher.WakeMode, seconds: Double, rate: Int, idleSeconds: Double,
                        args: [String]) throws -> Figures {
        let dir = BenchSupport.temporaryDirectory("bus")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (db, cleanup) = try BenchEngines.location(engine, dir: dir, name: "bus", args: args)
        defer { cleanup() }
        let label = engine == .sqlite ? mode.rawValue : "postgresql-notify"
        _ = try Store(path: db)
        let tally = Tally()
        let watcher = BusWatcher(path: db, mode: mode)
        try watcher.start(after: 0) { batch in
            let now = BenchSupport.realtimeMicros()
            tally.lock.lock(); defer { tally.lock.unlock() }
            for e in batch {
                tally.received += 1
                if let t = (try? JSONParser.parse(e.data))?["t_us"]?.int { tally.latencies.append(Double(now - t) / 1000) }
            }
        }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        writer.arguments = ["bus-writer", "--db", db, "--rate", String(rate), "--seconds", String(seconds)]
        try writer.run()
        writer.waitUntilExit()
        guard writer.terminationStatus == 0 else { throw StoreError.invalid("the writer process failed") }
        let expected = Int(Double(rate) * seconds)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            tally.lock.lock(); let n = tally.received; tally.lock.unlock()
            if n >= expected { break }
            usleep(10_000)
        }
        // Idle: nothing commits; the subscriber only waits.
        let cpu0 = BenchSupport.cpuSeconds(), wall0 = BenchSupport.monotonicSeconds()
        usleep(UInt32(idleSeconds * 1_000_000))
        let idleCPU = (BenchSupport.cpuSeconds() - cpu0) / (BenchSupport.monotonicSeconds() - wall0) * 100
        watcher.stop()
        tally.lock.lock(); defer { tally.lock.unlock() }
        let received = tally.received
        let sorted = tally.latencies.sorted()
        print("  \(label): \(received)/\(expected) events delivered, p50 \(BenchSupport.fmt(BenchSupport.percentile(sorted, 50))) ms, p99 \(BenchSupport.fmt(BenchSupport.percentile(sorted, 99))) ms, idle CPU \(BenchSupport.fmt(idleCPU, 3)) %")
        return Figures(mode: label, count: received, p50: BenchSupport.percentile(sorted, 50),
                       p99: BenchSupport.percentile(sorted, 99), max: sorted.last ?? .nan, idleCPU: idleCPU)
    }

    /// The writer process: one event per transaction at a steady rate, each stamped just before its commit.
    static func writer(_ args: [String]) throws {
        guard let db = BenchSupport.option("db", in: args) else { throw StoreError.invalid("--db is required") }
        let rate = Int(BenchSupport.option("rate", in: args) ?? "") ?? 1000
        let seconds = Double(BenchSupport.option("seconds", in: args) ?? "") ?? 5
        let store = try Store(path: db)
        let total = Int(Double(rate) * seconds)
        let start = BenchSupport.monotonicSeconds()
        for i in 0..<total {
            let due = start + Double(i) / Double(rate)
            let wait = due - BenchSupport.monotonicSeconds()
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            try store.write { c in
                try EventLog.append(c, at: Timestamp.now(), topic: "bench.tick", entityKind: "bench", entityID: String(i),
                                    actor: "bench", data: ["t_us": .int(BenchSupport.realtimeMicros())], audited: false)
            }
        }
    }
}
