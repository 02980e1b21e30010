import Foundation
import WatchfloorCore
import WatchfloorStore

/// The live demo's engine: seeds a store with the sample county rebased so its three days end now, then replays
/// the sample feeds (real formats, through the real decoders) at an accelerated pace, each record stamped with the
/// moment it is replayed — so a new user sees a living duty room at once.
public final class DemoReplay: @unchecked Sendable {
    public struct Options: Sendable {
        public var sampleDirectory: String
        /// The feeds' whole time span is compressed into this many minutes of replay.
        public var replayMinutes: Double = 10
        public var offsetSeconds: Int = ISOTime.chinaOffsetSeconds

        public init(sampleDirectory: String, replayMinutes: Double = 10, offsetSeconds: Int = ISOTime.chinaOffsetSeconds) {
            self.sampleDirectory = sampleDirectory; self.replayMinutes = replayMinutes; self.offsetSeconds = offsetSeconds
        }
    }

    /// A feed record and the moment (offset from the replay's start) it is due.
    public struct Scheduled: Sendable {
        public var dueAfter: TimeInterval
        public var source: String
        public var record: IngestRecord
    }

    public let options: Options
    let write: (IngestBatch) throws -> BatchOutcome
    let clock: @Sendable () -> Timestamp

    /// `write` commits a batch (the daemon's pipeline, or an `IngestWriter`).
    public init(options: Options, clock: @escaping @Sendable () -> Timestamp = { .now() },
                write: @escaping (IngestBatch) throws -> BatchOutcome) {
        self.options = options; self.clock = clock; self.write = write
    }

    public enum DemoError: Error, CustomStringConvertible {
        case missing(String)
        public var description: String {
            switch self { case .missing(let p): "sample data not found: \(p) (run from the repository, or pass --sampledata DIR)" }
        }
    }

    func context(_ source: String) -> DecodeContext {
        DecodeContext(sourceName: source, defaultOffsetSeconds: options.offsetSeconds, defaultSensor: source,
                      receivedAt: clock())
    }

    func decode(_ file: String, format: IngestFormat, source: String) throws -> DecodeResult {
        let path = (options.sampleDirectory as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else { throw DemoError.missing(path) }
        return Decoders.decode(file: [UInt8](data), name: file, format: format, context: context(source))
    }

    /// Writes the sample county (grids, three days of incidents, hotline cases and alerts) shifted to end now.
    @discardableResult
    public func seed() throws -> BatchOutcome {
        var out = BatchOutcome()
        let county = try decode("county.jsonl", format: .jsonl, source: "sampledata")
        out.merge(try write(IngestBatch(source: "sampledata", records: county.records, rejections: county.rejections)))
        var history = DecodeResult()
        for file in ["incidents.jsonl", "hotline.jsonl", "alerts.jsonl"] {
            history.merge(try decode(file, format: .jsonl, source: "sampledata"))
        }
        let latest = history.records.compactMap(\.occurredAt).max() ?? clock()
        let delta = clock().milliseconds - latest.milliseconds
        let shifted = history.records.map { $0.shifted(by: delta) }
        for chunk in stride(from: 0, to: shifted.count, by: 1000) {
            out.merge(try write(IngestBatch(source: "sampledata", records: Array(shifted[chunk..<min(chunk + 1000, shifted.count)]),
                                            rejections: chunk == 0 ? history.rejections : [])))
        }
        return out
    }

    /// The feed records in replay order, with when each is due.
    public func schedule() throws -> [Scheduled] {
        var items: [(Timestamp, String, IngestRecord)] = []
        func add(_ file: String, _ format: IngestFormat, _ source: String) throws {
            for r in try decode(file, format: format, source: source).records {
                items.append((r.occurredAt ?? Timestamp(milliseconds: 0), source, r))
            }
        }
        try add("feeds/eve.json", .eve, "suricata")
        try add("feeds/syslog-cef.log", .syslog, "syslog")
        try add("feeds/12345-export.csv", .hotlineCSV, "12345")
        try add("feeds/open311.json", .open311, "open311")
        try add("feeds/opinion/posts.jsonl", .jsonl, "opinion")
        try add("feeds/opinion/yunling-news.rss", .feed, "rss")
        try add("feeds/opinion/monitor-export.posts.csv", .postCSV, "opinion-csv")
        let capDir = (options.sampleDirectory as NSString).appendingPathComponent("feeds/cap")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: capDir)) ?? []).sorted() where name.hasSuffix(".xml") {
            try add("feeds/cap/\(name)", .cap, "cap")
        }
        items.sort { $0.0 < $1.0 }
        guard let first = items.first?.0, let last = items.last?.0 else { return [] }
        let span = max(1, Double(last.milliseconds - first.milliseconds) / 1000)
        let speed = span / max(1, options.replayMinutes * 60)
        return items.map { Scheduled(dueAfter: Double($0.0.milliseconds - first.milliseconds) / 1000 / speed, source: $0.1, record: $0.2) }
    }

    /// Replays `schedule` until it is done or `shouldStop` says so, committing what is due every `tick` seconds,
    /// each record re-stamped with the time it is replayed. Returns what landed.
    @discardableResult
    public func replay(_ schedule: [Scheduled], tick: TimeInterval = 0.25, shouldStop: () -> Bool) throws -> BatchOutcome {
        var out = BatchOutcome()
        let start = Date()
        var next = 0
        // Posts keep their own spacing (heat depends on how fast a story spreads, which compressing three days
        // into minutes would exaggerate): all are moved by one delta so that the sample's last moment is the
        // replay's end.
        let lastDue = schedule.last?.dueAfter ?? 0
        let lastAt = schedule.compactMap(\.record.occurredAt).max() ?? clock()
        let postDelta = clock().milliseconds + Int64(lastDue * 1000) - lastAt.milliseconds
        while next < schedule.count, !shouldStop() {
            let elapsed = Date().timeIntervalSince(start)
            var bySource: [String: [IngestRecord]] = [:]
            var order: [String] = []
            while next < schedule.count, schedule[next].dueAfter <= elapsed {
                let item = schedule[next]
                let now = clock()
                var record = item.record.occurredAt.map { item.record.shifted(by: now.milliseconds - $0.milliseconds) } ?? item.record
                if case .post = item.record { record = item.record.shifted(by: postDelta) }
                if bySource[item.source] == nil { order.append(item.source) }
                bySource[item.source, default: []].append(record)
                next += 1
            }
            for source in order { out.merge(try write(IngestBatch(source: source, records: bySource[source]!))) }
            if next < schedule.count { Thread.sleep(forTimeInterval: tick) }
        }
        return out
    }
}
