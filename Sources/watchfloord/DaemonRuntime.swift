import Dispatch
import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorListeners
import WatchfloorStore

/// The running daemon: one `Store` (its connection is shared, behind the store's lock, by the writer, health
/// checks, the escalation timer and source checkpoints); the pipeline's writer thread; the sources' threads;
/// signal handling on a serial queue.
///
/// Only one `Store` per process on purpose: opening a second one runs `Store.prepareFile`, whose header check
/// opens and closes the database file, and closing any descriptor of a file drops every POSIX lock the process
/// holds on it — SQLite's included. Another process closing the database then believes it is the last user and
/// removes the WAL under the daemon (seen in the rotation test: committed rows vanished from readers).
final class DaemonRuntime: @unchecked Sendable {
    let configPath: String
    let storePath: String
    let log: DaemonLog
    let store: Store
    var aux: Store { store }
    let pipeline: IngestPipeline
    let supervisor: SourceSupervisor
    /// The network listeners' event loops, counters and refusal log (WatchfloorListeners).
    let listeners: ListenerEnvironment
    let started = Date()
    private let signals = DispatchQueue(label: "watchfloord.signals")
    private var signalSources: [DispatchSourceSignal] = []
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var escalateEvery: Double
    private var maxBacklogSeconds: Double
    private var stopping = false
    /// Told when the daemon stops or reloads (systemd notifications); set once the runtime is ready.
    weak var lifecycle: DaemonLifecycleObserver?

    init(configPath: String, storePath: String, settings: WatchfloorSettings, daemon: DaemonConfig, log: DaemonLog) throws {
        self.configPath = configPath
        self.storePath = storePath
        self.log = log
        store = try Store(path: storePath, sla: settings.slaClock, create: true, access: .readWrite)
        // A county daemon's store is its county's: recorded once, and a store of another county is refused.
        if let county = daemon.pipeline.county { try CountyAccess.setHomeCounty(store, county) }
        pipeline = try IngestPipeline(store: store, config: daemon.pipeline)
        pipeline.log = { log($0) }
        listeners = ListenerEnvironment(log: { log($0) })
        supervisor = SourceSupervisor(pipeline: pipeline, log: { log($0) }, network: listeners.factory)
        escalateEvery = daemon.escalateEverySeconds
        maxBacklogSeconds = daemon.healthMaxBacklogSeconds
        listeners.provideHealth { [unowned self] in health() }
        listeners.provideMetrics { [unowned self] in metrics() }
        start(daemon)
    }

    private func start(_ daemon: DaemonConfig) {
        log("starting: store \(storePath), config \(configPath), \(daemon.sources.count) sources")
        pipeline.start()
        supervisor.apply(daemon.sources)
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: signals)
            s.setEventHandler { [unowned self] in handle(sig) }
            s.resume()
            signalSources.append(s)
        }
        let t = Thread { [unowned self] in escalationLoop() }
        t.name = "escalator"
        t.start()
        let statuses = supervisor.statuses()
        let failed = statuses.filter { $0.state == .failed }.count
        log("ready: \(statuses.count - failed) sources running\(failed > 0 ? ", \(failed) failed (see above and /healthz)" : "")")
    }

    /// Blocks until a SIGTERM/SIGINT has been handled.
    func run() {
        finished.wait()
    }

    private func handle(_ sig: Int32) {
        switch sig {
        case SIGHUP: reload()
        default:
            lock.lock()
            if stopping { lock.unlock(); return }
            stopping = true
            lock.unlock()
            lifecycle?.stopping()
            log("\(sig == SIGTERM ? "SIGTERM" : "SIGINT"): stopping sources and draining queued batches")
            supervisor.stopAll()
            pipeline.drain()
            let t = pipeline.totals
            log("stopped cleanly: \(t.alertObservations) alert observations, created \(t.created), updated \(t.updated), \(t.deadLetters) dead letters")
            finished.signal()
        }
    }

    private func reload() {
        log("SIGHUP: reloading \(configPath)")
        lifecycle?.reloading()
        do {
            let (settings, daemon) = try DaemonConfig.load(path: configPath)
            store.sla = settings.slaClock
            pipeline.reconfigure(daemon.pipeline)
            lock.lock(); escalateEvery = daemon.escalateEverySeconds; maxBacklogSeconds = daemon.healthMaxBacklogSeconds; lock.unlock()
            supervisor.apply(daemon.sources)
            log("reloaded: \(daemon.sources.count) sources configured")
            lifecycle?.reloaded(daemon)
        } catch {
            log("reload failed, keeping the running config: \(error)")
            lifecycle?.reloaded(nil)
        }
    }

    /// The timer thread: escalates unacknowledged incidents every `escalate_every_seconds`, and every 30 s
    /// retries sources that failed to start.
    private func escalationLoop() {
        let escalator = Escalator(store: aux)
        var lastRetry = Date()
        while true {
            lock.lock(); let every = escalateEvery; let done = stopping; lock.unlock()
            if done { return }
            Thread.sleep(forTimeInterval: every)
            if Date().timeIntervalSince(lastRetry) >= 30 {
                lastRetry = Date()
                for name in supervisor.retryFailed() { log("source \(name): recovered on retry") }
            }
            do {
                let ids = try escalator.run(now: Timestamp.now())
                if !ids.isEmpty { log("escalated (unacknowledged past their allowance): \(ids.joined(separator: ", "))") }
                for refusal in escalator.refusedLast { log("not escalated: \(refusal)") }
            } catch {
                log("escalation timer: \(error)")
            }
        }
    }

    // MARK: /healthz and /metrics

    /// `/healthz`: 200 only while records are committing; 503 with `reasons` otherwise (`DaemonHealth`).
    func health() -> ListenerEnvironment.Health {
        let h = aux.health()
        let statuses = supervisor.statuses()
        let counters = pipeline.metrics.snapshot()
        let sources: [JSONValue] = statuses.map { s in
            let c = counters[s.name] ?? PipelineMetrics.SourceCounters()
            var o: [String: JSONValue] = ["name": .string(s.name), "kind": .string(s.kind), "state": .string(s.state.rawValue),
                                          "detail": .string(s.detail), "records_in": .int(Int64(c.recordsIn)),
                                          "rejected": .int(Int64(c.rejected)), "committed": .int(Int64(c.committed))]
            if let e = s.error { o["error"] = .string(e) }
            return .object(o)
        }
        lock.lock(); let maxBacklog = maxBacklogSeconds; lock.unlock()
        let commit = pipeline.metrics.commitState()
        let backlog = pipeline.oldestQueuedAgeSeconds()
        let reasons = DaemonHealth.reasons(.init(store: h, commit: commit, backlogSeconds: backlog, maxBacklogSeconds: maxBacklog, sources: statuses))
        var store: [String: JSONValue] = ["ok": .bool(h.ok), "last_seq": .int(h.lastSeq), "path": .string(storePath)]
        if let m = h.message { store["message"] = .string(m) }
        var body: [String: JSONValue] = [
            "ok": .bool(reasons.isEmpty), "reasons": .array(reasons.map { .string($0) }),
            "store": .object(store), "sources": .array(sources),
            "uptime_seconds": .int(Int64(Date().timeIntervalSince(started))),
            "batches": .int(Int64(pipeline.metrics.batches)), "commit_errors": .int(Int64(commit.commitErrors)),
            "backlog_seconds": .double((backlog * 10).rounded() / 10),
        ]
        let insecure = listeners.insecureListeners
        if !insecure.isEmpty {
            body["insecure"] = .array(insecure.map { .string($0) })
            body["warnings"] = .array(insecure.map { .string("listener \($0) accepts unauthenticated traffic from other hosts (insecure = true)") })
        }
        return ListenerEnvironment.Health(status: reasons.isEmpty ? 200 : 503, json: JSONValue.object(body).serialized)
    }

    func metrics() -> String {
        let statuses = supervisor.statuses()
        return pipeline.metrics.prometheus(extra: [
            ("watchfloord_source_up", "1 when the source runs, 0 when it failed or stopped.",
             statuses.map { (labels: "source=\"\($0.name)\",kind=\"\($0.kind)\"", value: $0.state == .running ? 1.0 : 0.0) }),
            ("watchfloord_store_last_seq", "Last bus event sequence number in the store.", [(labels: "", value: Double(aux.health().lastSeq))]),
            ("watchfloord_backlog_seconds", "How long the oldest queued record has waited for the writer.", [(labels: "", value: pipeline.oldestQueuedAgeSeconds())]),
        ]) + listeners.metrics.prometheus(listeners: statuses.filter { $0.kind.hasPrefix("syslog") || $0.kind == "http" }.map(\.name))
    }
}
