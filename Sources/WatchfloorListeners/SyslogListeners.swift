import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import WatchfloorCore
import WatchfloorIngest

/// What the syslog listeners share: the settings, the bound channel, the detail line for /healthz.
public class SyslogListener: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: SyslogConfig
    let pipeline: IngestPipeline
    let shared: ListenerShared
    let log: @Sendable (String) -> Void
    let group: EventLoopGroup
    let lock = NSLock()
    private var channel: Channel?
    private var detailText = "not started"
    public private(set) var port = 0

    init(_ config: SourceConfig, _ s: SyslogConfig, pipeline: IngestPipeline, shared: ListenerShared, group: EventLoopGroup,
         log: @escaping @Sendable (String) -> Void) {
        self.config = config; settings = s; self.pipeline = pipeline; self.shared = shared; self.group = group; self.log = log
    }

    public var detail: String { lock.lock(); defer { lock.unlock() }; return detailText }

    public func start() throws { fatalError("subclass") }
    public func stop() { fatalError("subclass") }

    /// Binds (through `bind`), records the port and the detail line, and warns when the listener is open to all.
    func open(scheme: String, _ bind: () throws -> Channel) throws {
        let ch: Channel
        do { ch = try bind() } catch {
            throw SourceError(source: config.name, message: "cannot listen on \(settings.address):\(settings.port): \(ListenerErrors.describe(error))")
        }
        port = ch.localAddress?.port ?? settings.port
        let g = settings.guard
        let insecure = g.allow.isEmpty && !NetworkRange.isLoopback(settings.address)
        let gate = insecure ? ", INSECURE: open to every sender" : (g.allow.isEmpty ? "" : ", allow \(g.allow.map(\.description).joined(separator: " "))")
        lock.lock(); channel = ch; detailText = "listening on \(scheme) \(settings.address):\(port)\(gate)"; lock.unlock()
        if insecure { log("source \(config.name): WARNING insecure = true: \(settings.address):\(port) accepts syslog from any host") }
    }

    /// Closes the listening channel, then runs `drain` (close connections, wait for queued submissions).
    func close(_ drain: () -> Void) {
        lock.lock(); let c = channel; channel = nil; lock.unlock()
        try? c?.close().wait()
        drain()
        lock.lock(); detailText = "stopped"; lock.unlock()
    }
}

/// Syslog over TCP (RFC 6587) or TLS (RFC 5425) on SwiftNIO. Each connection's pipeline:
/// `PeerGate` (allow-list, per-peer cap) → TLS (if configured) → `IdleStateHandler` + `ConnectionCloser`
/// (idle timeout) → `SyslogFrameDecoder` (incremental framing, frame limit) → `SyslogConnectionHandler`
/// (hands frames to the pipeline off the event loop). Connections share event loops and never wait for each other.
public final class SyslogStreamListener: SyslogListener, @unchecked Sendable {
    private var children: [ObjectIdentifier: Channel] = [:]
    private let submissions = DispatchGroup()

    public override func start() throws {
        let ssl = try settings.tls.map { try NIOSSLContext(configuration: TLSSetup.serverConfiguration($0, source: config.name)) }
        let g = settings.guard
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(PeerGate(shared))
                    if let ssl { try sync.addHandler(NIOSSLServerHandler(context: ssl)) }
                    try sync.addHandler(IdleStateHandler(readTimeout: .milliseconds(Int64(g.idleTimeoutSeconds * 1000))))
                    try sync.addHandler(ConnectionCloser(shared, closeOnError: true))
                    try sync.addHandler(ByteToMessageHandler(SyslogFrameDecoder(maxFrameBytes: g.maxFrameBytes)))
                    try sync.addHandler(SyslogConnectionHandler(listener: self))
                }
            }
        try open(scheme: settings.transport == .tls ? "tls" : "tcp") { try bootstrap.bind(host: settings.address, port: settings.port).wait() }
    }

    public override func stop() {
        lock.lock(); let open = Array(children.values); lock.unlock()
        close { for c in open { try? c.close().wait() } }
        submissions.wait()
    }

    func track(_ c: Channel) { lock.lock(); children[ObjectIdentifier(c)] = c; lock.unlock() }
    func untrack(_ c: Channel) { lock.lock(); children[ObjectIdentifier(c)] = nil; lock.unlock() }

    /// Decodes and queues frames on `queue` (the connection's own serial queue), never on the event loop: the
    /// pipeline's back-pressure may block there.
    func submit(_ frames: [[UInt8]], oversized: [Rejection], firstNumber: Int, origin: String, on queue: DispatchQueue, done: @escaping @Sendable () -> Void) {
        submissions.enter()
        queue.async { [self] in
            defer { submissions.leave(); done() }
            if !frames.isEmpty {
                pipeline.submit(IngestUnit(source: config.name, format: settings.format, payload: .messages(frames, firstNumber: firstNumber),
                                           origin: origin, receivedAt: Timestamp.now()))
            }
            if !oversized.isEmpty {
                pipeline.submit(IngestUnit(source: config.name, format: settings.format, payload: .decoded(DecodeResult(rejections: oversized)), origin: origin))
            }
        }
    }
}

/// Collects one connection's frames per read burst and submits them in order; pauses reading while too many
/// submissions wait (the pipeline is full), so a flood from one sender slows that sender only.
final class SyslogConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = SyslogFrame
    let listener: SyslogStreamListener
    private var frames: [[UInt8]] = []
    private var oversized: [Rejection] = []
    private var number = 1
    private var origin = "tcp"
    private let queue = DispatchQueue(label: "watchfloord.syslog.connection")
    private let inFlight = InFlight()

    init(listener: SyslogStreamListener) { self.listener = listener }

    func channelActive(context: ChannelHandlerContext) {
        origin = "\(listener.settings.transport == .tls ? "tls" : "tcp") \(context.remoteAddress?.peerText ?? "peer")"
        listener.track(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .message(let m): frames.append(m)
        case .oversized(let prefix, let length):
            listener.shared.metrics.bump(listener.shared.name, .oversizedFrames)
            oversized.append(Rejection(position: "\(origin) message \(number + frames.count)",
                                       reason: "frame of \(length) bytes is over the \(listener.settings.guard.maxFrameBytes)-byte limit (max_frame_bytes)",
                                       raw: Array(prefix.prefix(listener.pipeline.config.rawLimit))))
            number += 1
        }
        if frames.count >= 512 { flush(context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        flush(context)
        listener.untrack(context.channel)
        context.fireChannelInactive()
    }

    private func flush(_ context: ChannelHandlerContext) {
        guard !frames.isEmpty || !oversized.isEmpty else { return }
        let f = frames, o = oversized, first = number
        number += f.count
        frames = []; oversized = []
        let channel = context.channel
        let loop = context.eventLoop
        if inFlight.add() >= 8 { channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in } }
        let counter = inFlight
        listener.submit(f, oversized: o, firstNumber: first, origin: origin, on: queue) {
            if counter.remove() == 2 { loop.execute { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } } }
        }
    }

    final class InFlight: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
        func remove() -> Int { lock.lock(); defer { lock.unlock() }; n -= 1; return n }
    }
}

/// Syslog over UDP (RFC 5426): one message per datagram; senders outside the allow-list are dropped and counted.
public final class SyslogUDPListener: SyslogListener, @unchecked Sendable {
    let queue = DispatchQueue(label: "watchfloord.syslog.udp")

    public override func start() throws {
        let bootstrap = DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SyslogDatagramHandler(listener: self)) }
            }
        try open(scheme: "udp") { try bootstrap.bind(host: settings.address, port: settings.port).wait() }
    }

    public override func stop() {
        close { queue.sync {} }
    }

    final class SyslogDatagramHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let listener: SyslogUDPListener
        private var number = 0
        init(listener: SyslogUDPListener) { self.listener = listener }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let shared = listener.shared
            if let (counter, reason) = shared.allowed(host: envelope.remoteAddress.ipAddress) {
                shared.refuse(counter, peer: envelope.remoteAddress.ipAddress ?? "unknown", reason: reason)
                return
            }
            var bytes = envelope.data.getBytes(at: envelope.data.readerIndex, length: envelope.data.readableBytes) ?? []
            while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0 { bytes.removeLast() }
            guard !bytes.isEmpty else { return }
            number += 1
            let n = number, origin = "udp \(envelope.remoteAddress.peerText)", message = bytes
            let l = listener
            l.queue.async {
                l.pipeline.submit(IngestUnit(source: l.config.name, format: l.settings.format, payload: .messages([message], firstNumber: n),
                                             origin: origin, receivedAt: Timestamp.now()))
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            // A datagram error (ICMP unreachable echoed back) must not close the listener.
        }
    }
}

enum ListenerErrors {
    /// "address already in use" rather than NIO's debug description.
    static func describe(_ error: Error) -> String {
        if let e = error as? IOError {
            if e.errnoCode == EADDRINUSE { return "address already in use (another process listens there)" }
            return String(cString: strerror(e.errnoCode))
        }
        return "\(error)"
    }
}
