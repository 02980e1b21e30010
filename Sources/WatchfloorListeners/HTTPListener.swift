import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import WatchfloorCore
import WatchfloorIngest

/// The daemon's HTTP endpoint on Hummingbird 2 (HTTP/1.1, keep-alive, optional TLS):
/// - `POST /v1/records`: native records as one JSON object, a JSON array, or JSON Lines; or public-opinion posts
///   as an RSS/Atom feed or a post CSV export (`?format=rss|post-csv` or the Content-Type, see `RecordsBodyFormat`);
/// - `POST /v1/open311/requests` (and `.json`): Open311 GeoReport v2 service requests;
/// - `GET /healthz` (HEAD too): 200 only while records are committing, else 503 with the reasons;
/// - `GET /metrics`: Prometheus text.
/// Each connection: `PeerGate` → (TLS) → `ByteWatch` → NIO's HTTP/1 decoder → `HTTPRequestGuard` (deadlines,
/// idle keep-alive, framing) → Hummingbird.
public final class HTTPListener: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: HTTPConfig
    let pipeline: IngestPipeline
    let shared: ListenerShared
    let environment: ListenerEnvironment
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var detailText = "not started"
    public private(set) var port = 0

    init(_ s: HTTPConfig, pipeline: IngestPipeline, shared: ListenerShared, environment: ListenerEnvironment, log: @escaping @Sendable (String) -> Void) {
        config = .http(s); settings = s; self.pipeline = pipeline; self.shared = shared; self.environment = environment; self.log = log
    }

    public var detail: String { lock.lock(); defer { lock.unlock() }; return detailText }

    var isInsecure: Bool { settings.tokens.isEmpty && !NetworkRange.isLoopback(settings.address) }

    func router() -> Router<ListenerRequestContext> {
        let router = Router(context: ListenerRequestContext.self)
        let environment = environment
        // Off the event loop: the daemon's answers read the store.
        router.get("/healthz") { _, _ in
            let h = await withTaskExecutorPreference(ListenerExecutor.shared) { environment.health() }
            return HTTPAnswer.json(HTTPResponse.Status(code: h.status), h.json)
        }
        router.get("/metrics") { _, _ in
            let text = await withTaskExecutorPreference(ListenerExecutor.shared) { environment.metricsText() }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let route = HTTPIngestRoute(listener: config.name, pipeline: pipeline, tokens: BearerTokens(settings.tokens), shared: shared)
        router.post("/v1/records") { request, context in await route.handle(request, peer: context.peer, format: nil) }
        for path in ["/v1/open311/requests", "/v1/open311/requests.json"] {
            router.post(RouterPath(path)) { request, context in await route.handle(request, peer: context.peer, format: .open311) }
        }
        return router
    }

    func serverBuilder() throws -> HTTPServerBuilder {
        let g = settings.guard
        let shared = shared
        // No idle timeout for Hummingbird: HTTPRequestGuard keeps it, and counts it.
        let http1 = HTTP1Channel.Configuration(idleTimeout: nil)
        let guarded = HTTPServerBuilder { responder in
            GuardedHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: http1), shared: shared,
                                headTimeout: .milliseconds(Int64(g.headTimeoutSeconds * 1000)),
                                bodyTimeout: .milliseconds(Int64(g.bodyTimeoutSeconds * 1000)),
                                idleTimeout: .milliseconds(Int64(g.idleTimeoutSeconds * 1000)))
        }
        guard let files = settings.tls else { return guarded }
        return try .tls(guarded, tlsConfiguration: TLSSetup.serverConfiguration(files, source: config.name))
    }

    /// Binds and serves; throws a `SourceError` (port in use, bad certificate) when the server does not come up.
    public func start() throws {
        let started = StartSignal()
        let app = Application(router: router(), server: try serverBuilder(),
                              configuration: .init(address: .hostname(settings.address, port: settings.port), serverName: nil),
                              onServerRunning: { channel in started.ready(channel.localAddress?.port ?? 0) },
                              eventLoopGroupProvider: .shared(environment.group), logger: ListenerEnvironment.quietLogger)
        let t = Task(executorPreference: ListenerExecutor.shared) { do { try await app.run() } catch { started.failed(error) } }
        switch started.wait(seconds: 30) {
        case .ready(let p):
            port = p
        case .failed(let e):
            t.cancel()
            throw SourceError(source: config.name, message: "cannot listen on \(settings.address):\(settings.port): \(ListenerErrors.describe(e))")
        case .timedOut:
            t.cancel()
            throw SourceError(source: config.name, message: "the HTTP server did not start within 30 s")
        }
        let scheme = settings.tls == nil ? "http" : "https"
        let auth = settings.tokens.isEmpty ? (isInsecure ? ", INSECURE: no tokens" : "") : ", \(settings.tokens.count) tokens"
        lock.lock(); task = t; detailText = "listening on \(scheme)://\(settings.address):\(port)\(auth)"; lock.unlock()
        if isInsecure { log("source \(config.name): WARNING insecure = true: \(settings.address):\(port) accepts POSTs without a token from any host") }
    }

    public func stop() {
        lock.lock(); let t = task; task = nil; lock.unlock()
        guard let t else { return }
        t.cancel()
        let done = DispatchSemaphore(value: 0)
        Task { await t.value; done.signal() }
        if done.wait(timeout: .now() + 10) == .timedOut { log("source \(config.name): HTTP server still closing connections after 10 s; moving on") }
        lock.lock(); detailText = "stopped"; lock.unlock()
    }
}

/// Hummingbird's HTTP/1 child channel with the listener's guards around it: `PeerGate` and `ConnectionCloser`
/// before NIO's HTTP decoder, `HTTPRequestGuard` right after it (where it sees NIO's raw request head).
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let shared: ListenerShared
    let headTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    let idleTimeout: TimeAmount

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let (shared, headTimeout, bodyTimeout, idleTimeout) = (shared, headTimeout, bodyTimeout, idleTimeout)
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(PeerGate(shared), position: .first)
            try channel.pipeline.syncOperations.addHandler(ConnectionCloser(shared, closeOnError: false))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let sync = channel.pipeline.syncOperations
            let decoder = try sync.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let guarded = HTTPRequestGuard(shared: shared, headTimeout: headTimeout, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout)
            try sync.addHandler(guarded, position: .after(decoder))
            try sync.addHandler(HTTPRequestGuard.ByteWatch(guarded), position: .before(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

/// The request context: Hummingbird's core storage plus the peer's address for logs and rejection positions.
struct ListenerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.peerText ?? "peer"
    }
}

/// Waits (on a plain thread) for a server task to say it is listening or failed.
final class StartSignal: @unchecked Sendable {
    enum Outcome { case ready(Int), failed(Error), timedOut }
    private let lock = NSLock()
    private let semaphore = DispatchSemaphore(value: 0)
    private var outcome: Outcome?

    func ready(_ port: Int) { set(.ready(port)) }
    func failed(_ e: Error) { set(.failed(e)) }

    private func set(_ o: Outcome) {
        lock.lock()
        let first = outcome == nil
        if first { outcome = o }
        lock.unlock()
        if first { semaphore.signal() }
    }

    func wait(seconds: Double) -> Outcome {
        if semaphore.wait(timeout: .now() + seconds) == .timedOut { return .timedOut }
        lock.lock(); defer { lock.unlock() }
        return outcome ?? .timedOut
    }
}
