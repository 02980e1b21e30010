import Foundation
import WatchfloorCore
import WatchfloorStore

/// A running feed. `start()` acquires what the source needs (a port, a directory) and throws a `SourceError`
/// that says what went wrong; `stop()` returns once the source's threads are done and nothing more will be
/// submitted (units already submitted are the pipeline's to drain).
public protocol IngestSource: AnyObject, Sendable {
    var config: SourceConfig { get }
    func start() throws
    func stop()
    /// One line for /healthz ("listening on 127.0.0.1:5514", "following /var/log/eve.json at 1234").
    var detail: String { get }
}

extension IngestSource {
    public var name: String { config.name }
}

/// Builds the source for a config entry.
public enum SourceFactory {
    public static func make(_ config: SourceConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) -> IngestSource {
        switch config {
        case .spool(let c): SpoolSource(c, pipeline: pipeline, log: log)
        case .tail(let c): TailSource(c, pipeline: pipeline, log: log)
        case .syslog(let c) where c.transport == .udp: SyslogUDPSource(config, c, pipeline: pipeline, log: log)
        case .syslog(let c): SyslogTCPSource(config, c, pipeline: pipeline, log: log)
        case .http(let c): HTTPSource(c, pipeline: pipeline, log: log)
        }
    }
}

/// A thread-safe string for a source's live detail line.
final class DetailBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String
    init(_ t: String) { text = t }
    var value: String { get { lock.lock(); defer { lock.unlock() }; return text } set { lock.lock(); text = newValue; lock.unlock() } }
}
