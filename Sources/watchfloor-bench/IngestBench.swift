import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor-bench ingest [--alerts N] [--distinct-keys K] [--chunk-lines L] [--batch B] [--seed S]`
///
/// Generates an EVE stream with realistic repetition (`EVEStreamGenerator`), then, in the same run:
/// 1. the pipeline: the real EVE decoder, asset enrichment, correlation, dedup folding and `IngestWriter` into a
///    fresh store (bus events and all), fed in line chunks as the tail source does — minus the file and sockets;
/// 2. the ceiling: the same rows, decoded beforehand, through a plain batched `INSERT` into a bare table.
/// Prints both rates, their ratio, and ends with one JSON line.
enum IngestBench {
    static func run(arguments: [String]) throws {
        var alerts = 200_000
        var distinct = 2_000
        var chunkLines = 1_000
        var batch = 20_000
        var seed: UInt64 = 20261122
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch a {
            case "--alerts": alerts = Int(next) ?? alerts; i += 1
            case "--distinct-keys": distinct = Int(next) ?? distinct; i += 1
            case "--chunk-lines": chunkLines = max(1, Int(next) ?? chunkLines); i += 1
            case "--batch": batch = max(1, Int(next) ?? batch); i += 1
            case "--seed": seed = UInt64(next) ?? seed; i += 1
            default: throw BenchError("unknown argument \(a) (use --alerts N --distinct-keys K --chunk-lines L --batch B --seed S)")
            }
            i += 1
        }

        let lines = EVEStreamGenerator.lines(count: alerts, distinctKeys: distinct, seed: seed)
        // The tail source hands the pipeline LF-separated chunks; build them before the clock starts.
        var chunks: [[UInt8]] = []
        var bytes = 0
        for start in stride(from: 0, to: lines.count, by: chunkLines) {
            var c: [UInt8] = []
            for l in lines[start..<min(start + chunkLines, lines.count)] { c += l; c.append(0x0A) }
            bytes += c.count
            chunks.append(c)
        }
        print("ingest bench: \(alerts) EVE alerts (\(bytes / 1_000_000) MB, ≤\(distinct) distinct dedup keys), chunks of \(chunkLines) lines")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-ingest-bench-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // 1. The pipeline.
        let store = try Store(path: dir + "/pipeline.db")
        var config = PipelineConfig()
        config.batchMaxRecords = batch
        config.assets = AssetInventory([AssetInventory.Asset(ip: "10.20.1.15", name: "县政务服务网", grid: "990102001002002"),
                                        AssetInventory.Asset(ip: "172.16.8.10", name: "县医院HIS系统", grid: "990102001003001")])
        let pipeline = try IngestPipeline(store: store, config: config)
        pipeline.start()
        let t0 = DispatchTime.now().uptimeNanoseconds
        for (n, c) in chunks.enumerated() {
            pipeline.submit(IngestUnit(source: "bench", format: .eve, payload: .lines(c, firstLine: n * chunkLines + 1, baseOffset: 0),
                                       origin: "eve.json",
                                       checkpoint: Checkpoint(source: "bench", path: "eve.json", inode: 1, offset: Int64(n))))
        }
        pipeline.flush()
        let t1 = DispatchTime.now().uptimeNanoseconds
        pipeline.drain()
        let pipelineSeconds = Double(t1 - t0) / 1e9
        let (observed, rows, incidents, batches) = try store.withConnection { c in
            (try c.scalarInt("SELECT COALESCE(SUM(count),0) FROM alerts") ?? 0, try c.scalarInt("SELECT COUNT(*) FROM alerts") ?? 0,
             try c.scalarInt("SELECT COUNT(*) FROM incidents") ?? 0, pipeline.metrics.batches)
        }
        guard observed == alerts else { throw BenchError("pipeline stored \(observed) observations, expected \(alerts)") }

        // 2. The ceiling: the same rows, pre-parsed, plain batched INSERT into a bare table.
        let decoder = EVEDecoder()
        let context = DecodeContext(sourceName: "bench")
        var parsed: [AlertObservation] = []
        parsed.reserveCapacity(alerts)
        for l in lines {
            l.withUnsafeBytes { b in
                for r in decoder.decode(line: b, position: "", context: context).records { if case .alert(let o) = r { parsed.append(o) } }
            }
        }
        let bare = try Connection(path: dir + "/ceiling.db")
        try bare.execute("PRAGMA journal_mode=WAL")
        try bare.execute("PRAGMA synchronous=NORMAL")
        try bare.execute("""
            CREATE TABLE bare(at INTEGER, sensor TEXT, signature_id INTEGER, signature TEXT, category TEXT, level INTEGER,
              src TEXT, dest TEXT, proto TEXT, action TEXT)
            """)
        let t2 = DispatchTime.now().uptimeNanoseconds
        var k = 0
        while k < parsed.count {
            let end = min(k + config.batchMaxRecords, parsed.count)
            try bare.writeTransaction {
                let s = try bare.prepare("INSERT INTO bare VALUES (?,?,?,?,?,?,?,?,?,?)")
                for o in parsed[k..<end] {
                    s.reset()
                    try s.bind([.int(o.at.milliseconds), .text(o.sensor), .int(Int64(o.signatureID)), .text(o.signature),
                                .from(o.category), .int(Int64(o.level.rawValue)), .text(o.src), .text(o.dest), .from(o.proto), .from(o.action)])
                    while try s.step() {}
                }
            }
            k = end
        }
        let t3 = DispatchTime.now().uptimeNanoseconds
        let ceilingSeconds = Double(t3 - t2) / 1e9

        let pipelineRate = Double(alerts) / pipelineSeconds
        let ceilingRate = Double(alerts) / ceilingSeconds
        let ratio = pipelineRate / ceilingRate
        print(String(format: "pipeline (decode + enrich + correlate + dedup + store, %d batches): %.3f s, %.0f alerts/s → %lld alert rows, %lld incidents",
                     batches, pipelineSeconds, pipelineRate, rows, incidents))
        print(String(format: "ceiling (pre-parsed rows, batched INSERT into a bare table): %.3f s, %.0f rows/s", ceilingSeconds, ceilingRate))
        print(String(format: "ratio: %.2f of the ceiling", ratio))
        let json: JSONValue = .object([
            "bench": "ingest", "alerts": .int(Int64(alerts)), "distinct_keys": .int(Int64(distinct)), "alert_rows": .int(rows),
            "pipeline_per_s": .int(Int64(pipelineRate)), "ceiling_per_s": .int(Int64(ceilingRate)),
            "ratio": .double((ratio * 1000).rounded() / 1000),
        ])
        print(json.serialized)
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
