import Foundation
import WatchfloorCore
import WatchfloorStore

/// Starts, restarts and stops the configured sources. A source that cannot start (port in use, no such
/// directory) is recorded as failed with its reason — logged, shown in `/healthz` — and the others run on; the
/// next `apply` (SIGHUP) tries it again.
public final class SourceSupervisor: @unchecked Sendable {
    public enum State: String, Sendable { case running, failed, stopped }

    public struct Status: Sendable {
        public var name: String
        public var kind: String
        public var state: State
        public var detail: String
        public var error: String?
        public init(name: String, kind: String, state: State, detail: String, error: String? = nil) {
            self.name = name; self.kind = kind; self.state = state; self.detail = detail; self.error = error
        }
    }

    struct Entry {
        var config: SourceConfig
        var source: IngestSource?
        var state: State
        var error: String?
    }

    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private let applying = NSLock()
    /// Builds syslog and HTTP listeners (the daemon passes WatchfloorListeners' factory).
    let network: SourceFactory.NetworkFactory?

    public init(pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void, network: SourceFactory.NetworkFactory? = nil) {
        self.pipeline = pipeline; self.log = log; self.network = network
    }

    /// Brings the running sources in line with `configs`: unchanged running sources are left alone, changed ones
    /// restarted, removed ones stopped, new and previously failed ones started.
    public func apply(_ configs: [SourceConfig]) {
        // A reload (SIGHUP) and the retry timer may both apply; one at a time, or both would start the same source.
        applying.lock()
        defer { applying.unlock() }
        lock.lock()
        let wanted = Dictionary(configs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var toStop: [(String, IngestSource)] = []
        for name in order {
            guard let e = entries[name] else { continue }
            if wanted[name] == e.config && e.state == .running { continue }
            if let s = e.source, e.state == .running { toStop.append((name, s)) }
            entries[name] = nil
        }
        order = configs.map(\.name)
        lock.unlock()

        for (name, s) in toStop {
            s.stop()
            log("source \(name): stopped\(wanted[name] == nil ? " (removed from the config)" : " (config changed)")")
        }
        for c in configs {
            lock.lock()
            let running = entries[c.name] != nil
            lock.unlock()
            if running { continue }
            let source = SourceFactory.make(c, pipeline: pipeline, log: log, network: network)
            var entry = Entry(config: c, source: source, state: .running, error: nil)
            do {
                try source.start()
                log("source \(c.name) (\(c.kind)): \(source.detail)")
            } catch {
                entry.state = .failed
                entry.error = "\(error)"
                entry.source = nil
                log("source \(c.name) (\(c.kind)) FAILED to start: \(error) — the other sources keep running")
            }
            lock.lock()
            entries[c.name] = entry
            lock.unlock()
        }
    }

    /// Starts again the sources that failed to start (a port that was in use, a spool directory not yet created),
    /// leaving running ones alone. The daemon calls it on a timer so a source recovers without a SIGHUP.
    /// Returns the names that are running now but were not before.
    @discardableResult
    public func retryFailed() -> [String] {
        lock.lock()
        let failed = order.filter { entries[$0]?.state == .failed }
        let configs = order.compactMap { entries[$0]?.config }
        lock.unlock()
        guard !failed.isEmpty else { return [] }
        apply(configs)
        lock.lock(); defer { lock.unlock() }
        return failed.filter { entries[$0]?.state == .running }
    }

    /// Stops every source (their threads end; what they submitted stays queued for the pipeline to drain).
    public func stopAll() {
        lock.lock()
        let running = order.compactMap { n in entries[n].flatMap { $0.state == .running ? $0.source : nil } }
        lock.unlock()
        for s in running { s.stop() }
        lock.lock()
        for n in order where entries[n]?.state == .running { entries[n]?.state = .stopped }
        lock.unlock()
    }

    public func statuses() -> [Status] {
        lock.lock(); defer { lock.unlock() }
        return order.compactMap { n in
            guard let e = entries[n] else { return nil }
            return Status(name: n, kind: e.config.kind, state: e.state, detail: e.source?.detail ?? (e.error ?? ""), error: e.error)
        }
    }

    public func source(named name: String) -> IngestSource? {
        lock.lock(); defer { lock.unlock() }
        return entries[name]?.source
    }
}
