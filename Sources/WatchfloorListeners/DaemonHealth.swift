import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// The verdict behind `/healthz`: healthy only while records are committing. Each reason is one line a person can
/// act on; an empty list is healthy. Pure, so each condition is tested without breaking a disk.
public enum DaemonHealth {
    public struct Inputs {
        public var store: StoreHealth
        public var commit: PipelineMetrics.CommitState
        public var backlogSeconds: Double
        public var maxBacklogSeconds: Double
        public var sources: [SourceSupervisor.Status]
        public init(store: StoreHealth, commit: PipelineMetrics.CommitState, backlogSeconds: Double, maxBacklogSeconds: Double,
                    sources: [SourceSupervisor.Status]) {
            self.store = store; self.commit = commit; self.backlogSeconds = backlogSeconds
            self.maxBacklogSeconds = maxBacklogSeconds; self.sources = sources
        }
    }

    public static func reasons(_ i: Inputs) -> [String] {
        var out: [String] = []
        if !i.store.ok { out.append("store does not answer: \(i.store.message ?? "unknown error")") }
        if let failedAt = i.commit.lastCommitErrorAt, failedAt >= (i.commit.lastCommitAt ?? Timestamp(milliseconds: 0)) {
            let why = i.commit.lastCommitError ?? "unknown error"
            let full = why.lowercased().contains("full")
            out.append("\(full ? "disk full" : "commits failing"): the last commit attempt failed (\(why)); \(i.commit.commitErrors) failed attempts since start")
        }
        if i.backlogSeconds > i.maxBacklogSeconds {
            out.append(String(format: "backlog: the oldest queued record has waited %.1f s (limit %.0f s, health_max_backlog_seconds)",
                              i.backlogSeconds, i.maxBacklogSeconds))
        }
        for s in i.sources where s.state == .failed { out.append("source \(s.name) down: \(s.error ?? s.detail)") }
        return out
    }
}
