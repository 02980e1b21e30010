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

/// Builds the source for a config entry. File sources live here; network listeners (syslog, HTTP) live in
/// WatchfloorListeners, which only the daemon links, and come in through `network`.
public enum SourceFactory {
    public typealias NetworkFactory = @Sendable (SourceConfig, IngestPipeline, @escaping @Sendable (String) -> Void) -> IngestSource

    public static func make(_ config: SourceConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void,
                            network: NetworkFactory?) -> IngestSource {
        switch config {
        case .spool(let c): SpoolSource(c, pipeline: pipeline, log: log)
        case .tail(let c): TailSource(c, pipeline: pipeline, log: log)
        case .syslog, .http:
            network?(config, pipeline, log) ?? UnavailableSource(config: config)
        }
    }
}

/// Stands in for a network source when the process links no listeners: it fails to start, saying why.
final class UnavailableSource: IngestSource, @unchecked Sendable {
    let config: SourceConfig
    init(config: SourceConfig) { self.config = config }
    func start() throws { throw SourceError(source: config.name, message: "network listeners are not available in this process") }
    func stop() {}
    var detail: String { "not available" }
}

/// A thread-safe string for a source's live detail line.
final class DetailBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String
    init(_ t: String) { text = t }
    var value: String { get { lock.lock(); defer { lock.unlock() }; return text } set { lock.lock(); text = newValue; lock.unlock() } }
}
