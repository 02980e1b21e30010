import Foundation

/// `watchfloor-bench NAME [options]`: each benchmark prints its figures and ends with one JSON line of them.
let benches: [(name: String, summary: String, run: ([String]) throws -> Void)] = [
    ("bus", "commit → subscriber latency across processes at 1,000 events/s; idle CPU (both wake modes)", BusBench.run),
    ("bus-writer", "(internal) the writer process of `bus`", BusBench.writer),
    ("ingest", "EVE files, low and high cardinality: `watchfloor ingest` and watchfloord's spool vs a Python script and the ceiling", { try IngestBench.run(arguments: $0) }),
    ("contention", "operator ack/assign latency from a second process while watchfloord ingests at full speed", { try ContentionBench.run(arguments: $0) }),
    ("render", "frame build, first frame, RSS and idle CPU over 1,000,000 alert events and 100,000 incidents", { try RenderBench.run(arguments: $0) }),
    ("map", "rasterising 1,000 grids into a 200×60 map pane", { try MapBench.run(arguments: $0) }),
    ("opinion", "200,000 posts through decode, watch rules, SimHash clustering, heat and incidents vs a plain INSERT; post → incident", { try OpinionBench.run(arguments: $0) }),
    ("export", "24-hour handover export over 1,000,000 alert events and 20,000 incidents", { try ExportBench.run(arguments: $0) }),
    ("http", "keep-alive POSTs of JSONL batches from wrk (a second process): requests/s, records/s, p99", { try HTTPBench.run(arguments: $0) }),
]

let args = Array(CommandLine.arguments.dropFirst())
guard let name = args.first, let bench = benches.first(where: { $0.name == name }) else {
    print("usage: watchfloor-bench NAME [options]\n")
    for b in benches where !b.summary.hasPrefix("(internal)") { print("  \(b.name.padding(toLength: 10, withPad: " ", startingAt: 0))  \(b.summary)") }
    exit(args.isEmpty ? 0 : 2)
}
do {
    try bench.run(Array(args.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("watchfloor-bench \(name): \(error)\n".utf8))
    exit(1)
}
