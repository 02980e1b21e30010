import Foundation
import WatchfloorCore

/// Counters for `/metrics` and `/healthz`, updated by sources (decode side) and the writer (commit side).
public final class PipelineMetrics: @unchecked Sendable {
    public struct SourceCounters: Sendable, Equatable {
        public var recordsIn = 0
        public var rejected = 0
        public var skipped = 0
        public var committed = 0
        public var units = 0
        public init() {}
    }

    private let lock = NSLock()
    private var sources: [String: SourceCounters] = [:]
    public private(set) var batches = 0
    public private(set) var commitErrors = 0
    /// Time from a unit being queued to its commit, of the last batch (seconds).
    public private(set) var lastLagSeconds = 0.0
    public private(set) var maxLagSeconds = 0.0
    public private(set) var lastBatchRecords = 0
    /// How long the last and the longest transaction held the write lock (an operator waits at most that).
    public private(set) var lastBatchMilliseconds = 0.0
    public private(set) var maxBatchMilliseconds = 0.0
    public private(set) var lastCommitAt: Timestamp?
    var queueDepthRecords: () -> (units: Int, records: Int) = { (0, 0) }

    public init() {}

    func decoded(source: String, _ r: DecodeResult) {
        lock.lock(); defer { lock.unlock() }
        sources[source, default: SourceCounters()].recordsIn += r.records.count
        sources[source, default: SourceCounters()].rejected += r.rejections.count
        sources[source, default: SourceCounters()].skipped += r.skipped.values.reduce(0, +)
        sources[source, default: SourceCounters()].units += 1
    }

    func committed(_ units: [DecodedUnit], now: UInt64) {
        lock.lock(); defer { lock.unlock() }
        batches += 1
        var maxLag: UInt64 = 0
        var n = 0
        for u in units {
            sources[u.source, default: SourceCounters()].committed += u.result.records.count
            n += u.result.records.count
            if now > u.queuedAt { maxLag = max(maxLag, now - u.queuedAt) }
        }
        lastBatchRecords = n
        lastLagSeconds = Double(maxLag) / 1e9
        maxLagSeconds = max(maxLagSeconds, lastLagSeconds)
        lastCommitAt = Timestamp.now()
    }

    func batchTook(nanoseconds: UInt64) {
        lock.lock()
        lastBatchMilliseconds = Double(nanoseconds) / 1e6
        maxBatchMilliseconds = max(maxBatchMilliseconds, lastBatchMilliseconds)
        lock.unlock()
    }

    /// When the last commit attempt failed and why; /healthz is unhealthy while it is newer than the last commit.
    public private(set) var lastCommitErrorAt: Timestamp?
    public private(set) var lastCommitError: String?

    func failed(_ error: Error) {
        lock.lock()
        commitErrors += 1
        lastCommitErrorAt = Timestamp.now()
        lastCommitError = "\(error)"
        lock.unlock()
    }

    /// The commit side at one instant, for /healthz.
    public struct CommitState: Sendable {
        public var commitErrors: Int
        public var lastCommitAt: Timestamp?
        public var lastCommitErrorAt: Timestamp?
        public var lastCommitError: String?
        public init(commitErrors: Int, lastCommitAt: Timestamp?, lastCommitErrorAt: Timestamp?, lastCommitError: String?) {
            self.commitErrors = commitErrors; self.lastCommitAt = lastCommitAt
            self.lastCommitErrorAt = lastCommitErrorAt; self.lastCommitError = lastCommitError
        }
    }

    public func commitState() -> CommitState {
        lock.lock(); defer { lock.unlock() }
        return CommitState(commitErrors: commitErrors, lastCommitAt: lastCommitAt, lastCommitErrorAt: lastCommitErrorAt, lastCommitError: lastCommitError)
    }

    public func counters(_ source: String) -> SourceCounters { lock.lock(); defer { lock.unlock() }; return sources[source] ?? SourceCounters() }

    public func snapshot() -> [String: SourceCounters] { lock.lock(); defer { lock.unlock() }; return sources }

    /// Prometheus text exposition (format 0.0.4).
    public func prometheus(extra: [(String, String, [(labels: String, value: Double)])] = []) -> String {
        lock.lock()
        let s = sources, b = batches, e = commitErrors, lag = lastLagSeconds, maxLag = maxLagSeconds, last = lastBatchRecords
        lock.unlock()
        let q = queueDepthRecords()
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, v) in samples {
                let value = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
                out += "\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(value)\n"
            }
        }
        let names = s.keys.sorted()
        func label(_ n: String) -> String { "source=\"\(n.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }
        metric("watchfloord_records_in_total", "counter", "Records decoded, per source.", names.map { (label($0), Double(s[$0]!.recordsIn)) })
        metric("watchfloord_records_rejected_total", "counter", "Inputs rejected to dead_letters, per source.", names.map { (label($0), Double(s[$0]!.rejected)) })
        metric("watchfloord_records_skipped_total", "counter", "Valid inputs that are not ours (EVE dns, flow …), per source.", names.map { (label($0), Double(s[$0]!.skipped)) })
        metric("watchfloord_records_committed_total", "counter", "Records committed to the store, per source.", names.map { (label($0), Double(s[$0]!.committed)) })
        metric("watchfloord_batches_total", "counter", "Write transactions committed.", [("", Double(b))])
        metric("watchfloord_commit_errors_total", "counter", "Write transactions that failed (and were retried or dead-lettered).", [("", Double(e))])
        metric("watchfloord_batch_lag_seconds", "gauge", "Queue-to-commit time of the last batch's oldest unit.", [("", lag)])
        metric("watchfloord_batch_lag_max_seconds", "gauge", "Largest batch lag since start.", [("", maxLag)])
        metric("watchfloord_batch_records", "gauge", "Records in the last committed batch.", [("", Double(last))])
        metric("watchfloord_queue_depth_units", "gauge", "Decoded units waiting for the writer.", [("", Double(q.units))])
        metric("watchfloord_queue_depth_records", "gauge", "Decoded records waiting for the writer.", [("", Double(q.records))])
        for (name, help, samples) in extra {
            metric(name, "gauge", help, samples.map { ($0.labels, $0.value) })
        }
        return out
    }
}
