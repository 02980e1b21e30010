import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorListeners
import WatchfloorStore

/// `watchfloor-bench http`: keep-alive POSTs of native JSONL batches to the daemon's HTTP listener (in this
/// process, on a fresh store) from a second process, wrk, with a Lua script for the body. Each answer is sent only
/// after its records committed, so requests/s is committed requests/s. Peer in the same run: GET /healthz (the
/// HTTP stack without decoding or the store) — the ratio says what ingest costs on top of Hummingbird.
enum HTTPBench {
    static func run(arguments: [String]) throws {
        let seconds = Int(BenchSupport.option("seconds", in: arguments) ?? "") ?? 10
        let connections = Int(BenchSupport.option("connections", in: arguments) ?? "") ?? 64
        let batch = Int(BenchSupport.option("batch", in: arguments) ?? "") ?? 10
        let threads = Int(BenchSupport.option("wrk-threads", in: arguments) ?? "") ?? 1
        guard let wrkPath = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("watchfloor-bench http: wrk is not installed — it is the load generator (a second process). Install it with `apt-get install wrk` (scripts/install-deps does).")
            print(#"{"bench":"http","error":"wrk missing"}"#)
            exit(1)
        }
        let dir = BenchSupport.temporaryDirectory("http")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store(path: dir + "/store.db", create: true)
        let pipeline = try IngestPipeline(store: store, config: PipelineConfig())
        pipeline.start()
        let environment = ListenerEnvironment(log: { FileHandle.standardError.write(Data("watchfloord: \($0)\n".utf8)) })
        var config = HTTPConfig(name: "http", address: "127.0.0.1", port: 0)
        config.guard.maxConnectionsPerPeer = connections + 16
        guard let listener = environment.factory(.http(config), pipeline, { _ in }) as? HTTPListener else { throw BenchError(message: "no HTTP listener") }
        try listener.start()
        let port = listener.port

        // One body: `batch` alert records on distinct assets and signatures (each POST repeats it; the store
        // aggregates repeats into observation counts, which is what a sensor re-sending does).
        let lines = (0..<batch).map { i in
            #"{"kind":"alert","at":"2026-11-20T08:00:00+08:00","sensor":"bench","signature_id":\#(9_000_000 + i),"signature":"bench \#(i)","level":3,"src":"198.51.100.\#(i % 250 + 1)","dest":"10.99.10.11:443"}"#
        }
        let bodyPath = dir + "/body.jsonl", script = dir + "/post.lua"
        try (lines.joined(separator: "\n") + "\n").write(toFile: bodyPath, atomically: true, encoding: .utf8)
        try """
        local f = io.open("\(bodyPath)", "rb")
        wrk.method = "POST"
        wrk.body = f:read("*all")
        f:close()
        wrk.headers["Content-Type"] = "application/x-ndjson"
        """.write(toFile: script, atomically: true, encoding: .utf8)

        let load = loadAverage()
        print("http: \(connections) keep-alive connections, \(threads) wrk thread(s), \(seconds) s per run, \(batch) records per POST; load average before: \(load)")
        // CPU seconds this process (the server: event loops, decoding, the writer) spent per run: per request it
        // hardly depends on how loaded the machine is, unlike requests/s.
        var cpu = BenchSupport.cpuSeconds()
        let peer = try wrk(wrkPath, ["-t\(threads)", "-c\(connections)", "-d\(max(3, seconds / 2))s", "--latency", "http://127.0.0.1:\(port)/healthz"])
        let peerCPU = BenchSupport.cpuSeconds() - cpu
        let before = committed(store)
        cpu = BenchSupport.cpuSeconds()
        let post = try wrk(wrkPath, ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, "http://127.0.0.1:\(port)/v1/records"])
        pipeline.flush()
        let postCPU = BenchSupport.cpuSeconds() - cpu
        let landed = committed(store) - before
        let loadAfter = loadAverage()
        func microsPerRequest(_ seconds: Double, _ r: WrkResult) -> Double { r.requests > 0 ? seconds * 1e6 / Double(r.requests) : .nan }
        let postMicros = microsPerRequest(postCPU, post), peerMicros = microsPerRequest(peerCPU, peer)
        listener.stop()
        pipeline.drain()

        let good = post.requests - post.non2xx
        let recordsPerSecond = post.requestsPerSecond * Double(batch) * (post.requests > 0 ? Double(good) / Double(post.requests) : 0)
        print("  GET /healthz (peer)    \(BenchSupport.fmt(peer.requestsPerSecond, 0)) requests/s, p99 \(BenchSupport.fmt(peer.p99Milliseconds)) ms")
        print("  POST /v1/records       \(BenchSupport.fmt(post.requestsPerSecond, 0)) requests/s, \(BenchSupport.fmt(recordsPerSecond, 0)) records/s, p50 \(BenchSupport.fmt(post.p50Milliseconds)) ms, p99 \(BenchSupport.fmt(post.p99Milliseconds)) ms")
        print("  answered 2xx: \(good) of \(post.requests) (\(post.non2xx) other, \(post.socketErrors) socket errors); records committed: \(landed) (acknowledged \(good * batch), the rest in flight when wrk stopped)")
        print("  server CPU per request: POST \(BenchSupport.fmt(postMicros, 1)) µs (\(BenchSupport.fmt(postMicros / Double(batch), 1)) µs per record), GET /healthz \(BenchSupport.fmt(peerMicros, 1)) µs")
        print("  POST/GET ratio: \(BenchSupport.fmt(post.requestsPerSecond / max(peer.requestsPerSecond, 1), 3)) in requests/s, \(BenchSupport.fmt(postMicros / peerMicros, 2)) in CPU per request; load average after: \(loadAfter); targets: ≥10,000 requests/s and ≥50,000 records/s")
        let json: JSONValue = .object([
            "bench": .string("http"), "connections": .int(Int64(connections)), "batch": .int(Int64(batch)), "seconds": .int(Int64(seconds)),
            "post_requests_per_s": .double(post.requestsPerSecond.rounded()), "records_per_s": .double(recordsPerSecond.rounded()),
            "post_p50_ms": .double(post.p50Milliseconds), "post_p99_ms": .double(post.p99Milliseconds),
            "get_healthz_requests_per_s": .double(peer.requestsPerSecond.rounded()), "get_p99_ms": .double(peer.p99Milliseconds),
            "post_non2xx": .int(Int64(post.non2xx)), "records_committed": .int(landed), "records_expected": .int(Int64(good * batch)),
            "post_cpu_us_per_request": .double((postMicros * 10).rounded() / 10), "get_cpu_us_per_request": .double((peerMicros * 10).rounded() / 10),
            "load_average_before": .string(load), "load_average_after": .string(loadAfter),
        ])
        print(json.serialized)
        // Every acknowledged record is in the store; requests still in flight when wrk stopped may have committed
        // without wrk counting their answers (at most one per connection).
        if landed < Int64(good * batch) || landed > Int64((good + connections) * batch) {
            throw BenchError(message: "committed \(landed) records but \(good * batch) were acknowledged")
        }
    }

    struct WrkResult { var requests = 0; var requestsPerSecond = 0.0; var p50Milliseconds = Double.nan; var p99Milliseconds = Double.nan; var non2xx = 0; var socketErrors = 0 }
    struct BenchError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static func wrk(_ path: String, _ args: [String]) throws -> WrkResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError(message: "wrk failed: \(text)") }
        return parse(text)
    }

    /// Reads wrk's summary: "Requests/sec:", the "--latency" percentiles, "N requests in", non-2xx and socket errors.
    static func parse(_ text: String) -> WrkResult {
        var r = WrkResult()
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let v = Double(words.last ?? "") { r.requestsPerSecond = v }
            if line.hasPrefix("50%"), let w = words.last { r.p50Milliseconds = milliseconds(String(w)) }
            if line.hasPrefix("99%"), let w = words.last { r.p99Milliseconds = milliseconds(String(w)) }
            if line.contains("requests in"), let v = Int(words.first ?? "") { r.requests = v }
            if line.hasPrefix("Non-2xx"), let v = Int(words.last ?? "") { r.non2xx = v }
            if line.hasPrefix("Socket errors:") {
                r.socketErrors = words.compactMap { Int($0.trimmingCharacters(in: [","])) }.reduce(0, +)
            }
        }
        return r
    }

    /// wrk prints "1.23ms", "456.00us", "1.02s".
    static func milliseconds(_ s: String) -> Double {
        if s.hasSuffix("us"), let v = Double(s.dropLast(2)) { return v / 1000 }
        if s.hasSuffix("ms"), let v = Double(s.dropLast(2)) { return v }
        if s.hasSuffix("s"), let v = Double(s.dropLast()) { return v * 1000 }
        return .nan
    }

    static func committed(_ store: Store) -> Int64 {
        (try? store.withConnection { try $0.scalarInt("SELECT COALESCE(SUM(count),0) FROM alerts", []) ?? 0 }) ?? 0
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
