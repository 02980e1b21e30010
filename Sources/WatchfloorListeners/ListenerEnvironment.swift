import Foundation
import Logging
import NIOCore
import NIOPosix
import WatchfloorIngest

/// What the daemon gives its network listeners: one event-loop group for all of them, the shared counters and
/// refusal log, and the `/healthz` and `/metrics` bodies (the daemon knows the store's and every source's state).
/// `factory` plugs the listeners into `SourceSupervisor`.
public final class ListenerEnvironment: @unchecked Sendable {
    public struct Health: Sendable {
        public var status: Int
        public var json: String
        public init(status: Int, json: String) { self.status = status; self.json = json }
    }

    public let metrics = ListenerMetrics()
    public let refusals: RefusalLog
    let group: EventLoopGroup
    private let lock = NSLock()
    private var healthProvider: @Sendable () -> Health = { Health(status: 200, json: "{\"ok\":true}") }
    private var metricsProvider: @Sendable () -> String = { "" }
    private var insecure: Set<String> = []

    /// `threads`: event loops for all listeners (connections are spread over them; none blocks on I/O).
    public init(log: @escaping @Sendable (String) -> Void, threads: Int = System.coreCount) {
        refusals = RefusalLog(log: log)
        group = threads == System.coreCount ? MultiThreadedEventLoopGroup.singleton : MultiThreadedEventLoopGroup(numberOfThreads: threads)
    }

    public func provideHealth(_ f: @escaping @Sendable () -> Health) { lock.lock(); healthProvider = f; lock.unlock() }
    public func provideMetrics(_ f: @escaping @Sendable () -> String) { lock.lock(); metricsProvider = f; lock.unlock() }

    func health() -> Health { lock.lock(); let f = healthProvider; lock.unlock(); return f() }
    func metricsText() -> String { lock.lock(); let f = metricsProvider; lock.unlock(); return f() }

    /// Names of running listeners that accept unauthenticated traffic from other hosts (`insecure = true`).
    public var insecureListeners: [String] { lock.lock(); defer { lock.unlock() }; return insecure.sorted() }

    func markInsecure(_ name: String, _ on: Bool) {
        lock.lock(); if on { insecure.insert(name) } else { insecure.remove(name) }; lock.unlock()
    }

    /// Builds syslog and HTTP listeners for `SourceSupervisor`.
    public var factory: SourceFactory.NetworkFactory {
        { [self] config, pipeline, log in
            switch config {
            case .syslog(let s):
                let shared = ListenerShared(name: s.name, settings: s.guard, metrics: metrics, refusals: refusals)
                let insecure = s.guard.allow.isEmpty && !NetworkRange.isLoopback(s.address)
                markInsecure(s.name, insecure)
                return s.transport == .udp
                    ? SyslogUDPListener(config, s, pipeline: pipeline, shared: shared, group: group, log: log)
                    : SyslogStreamListener(config, s, pipeline: pipeline, shared: shared, group: group, log: log)
            case .http(let h):
                let shared = ListenerShared(name: h.name, settings: h.guard, metrics: metrics, refusals: refusals)
                markInsecure(h.name, h.tokens.isEmpty && !NetworkRange.isLoopback(h.address))
                return HTTPListener(h, pipeline: pipeline, shared: shared, environment: self, log: log)
            case .spool, .tail:
                preconditionFailure("file sources are built by SourceFactory")
            }
        }
    }

    /// Hummingbird logs through swift-log; the daemon keeps its own log, so the server's chatter is dropped.
    static let quietLogger = Logger(label: "watchfloord.http", factory: { _ in SwiftLogNoOpLogHandler() })
}
