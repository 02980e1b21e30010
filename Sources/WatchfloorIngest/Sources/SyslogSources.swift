#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WatchfloorCore

/// Syslog over UDP: one message per datagram (RFC 5426), decoded as syslog 5424/3164 with CEF/LEEF payloads.
public final class SyslogUDPSource: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: SyslogConfig
    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    let flag = StopFlag()
    var fd: Int32 = -1
    var thread: Thread?
    let box = DetailBox("not started")
    public private(set) var port = 0

    init(_ config: SourceConfig, _ s: SyslogConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) {
        self.config = config; settings = s; self.pipeline = pipeline; self.log = log
    }

    public var detail: String { box.value }

    public func start() throws {
        let (fd, port) = try Socket.bind(address: settings.address, port: settings.port, type: SOCK_DGRAM_VALUE, source: config.name)
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd; self.port = port
        box.value = "listening on udp \(settings.address):\(port)"
        let t = Thread { [self] in run() }
        t.name = "syslog-udp"
        thread = t
        flag.enter()
        t.start()
    }

    func run() {
        defer { flag.leave() }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var number = 0
        while !flag.isStopped {
            guard Socket.waitReadable(fd) else { continue }
            while true {
                var peer = sockaddr_storage()
                var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let n = buffer.withUnsafeMutableBytes { b in
                    withUnsafeMutablePointer(to: &peer) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, b.baseAddress, b.count, Int32(MSG_DONTWAIT), $0, &len) }
                    }
                }
                if n <= 0 { break }
                var end = n
                while end > 0, buffer[end - 1] == 0x0A || buffer[end - 1] == 0x0D || buffer[end - 1] == 0 { end -= 1 }
                if end == 0 { continue }
                number += 1
                pipeline.submit(IngestUnit(source: config.name, format: settings.format,
                                           payload: .messages([Array(buffer[0..<end])], firstNumber: number),
                                           origin: "udp \(Socket.describe(&peer))", receivedAt: Timestamp.now()))
            }
        }
    }

    public func stop() {
        flag.stop()
        flag.waitForWorkers()
        if fd >= 0 { close(fd); fd = -1 }
        box.value = "stopped"
    }
}

/// Syslog over TCP (RFC 6587): each frame is octet-counted (`LEN SP MSG`) or ends with LF, decided per frame by
/// `SyslogFraming`; a frame split across reads waits for the rest. One thread per connection (at most 64).
public final class SyslogTCPSource: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: SyslogConfig
    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    let listener: TCPListener
    let box = DetailBox("not started")
    public var port: Int { listener.port }

    init(_ config: SourceConfig, _ s: SyslogConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) {
        self.config = config; settings = s; self.pipeline = pipeline; self.log = log
        listener = TCPListener(source: config.name)
        listener.refuse = { [log, name = config.name] _, peer in log("\(name): refusing connection from \(peer): too many connections open") }
    }

    public var detail: String { box.value }

    public func start() throws {
        try listener.start(address: settings.address, port: settings.port) { [self] client, peer in serve(client, peer) }
        box.value = "listening on tcp \(settings.address):\(port)"
    }

    func serve(_ client: Int32, _ peer: String) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var number = 1
        var discarding = false
        let limit = pipeline.config.maxLineBytes
        func submit(_ frames: [[UInt8]]) {
            guard !frames.isEmpty else { return }
            pipeline.submit(IngestUnit(source: config.name, format: settings.format, payload: .messages(frames, firstNumber: number),
                                       origin: "tcp \(peer)", receivedAt: Timestamp.now()))
            number += frames.count
        }
        while !listener.isStopped {
            guard Socket.waitReadable(client) else { continue }
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            if discarding {
                // After an over-long frame, drop bytes up to the next LF.
                guard let lf = chunk[0..<n].firstIndex(of: 0x0A) else { continue }
                discarding = false
                pending.append(contentsOf: chunk[(lf + 1)..<n])
            } else {
                pending.append(contentsOf: chunk[0..<n])
            }
            let (frames, rest) = SyslogFraming.split(pending)
            submit(frames)
            pending = Array(rest)
            if pending.count > limit + 16 {
                // Neither an octet count nor an LF within the limit: reject and resynchronise on the next LF.
                pipeline.submit(IngestUnit(source: config.name, format: settings.format,
                                           payload: .decoded(DecodeResult(rejections: [Rejection(
                                               position: "tcp \(peer) message \(number)",
                                               reason: "frame longer than the \(limit)-byte limit without a line end",
                                               raw: Array(pending.prefix(pipeline.config.rawLimit)))])),
                                           origin: "tcp \(peer)"))
                number += 1
                pending = []
                discarding = true
            }
        }
        // The last frame of a sender that closes without a final LF.
        if !pending.isEmpty && !discarding {
            var end = pending.count
            while end > 0, pending[end - 1] == 0x0D || pending[end - 1] == 0 || pending[end - 1] == 0x20 { end -= 1 }
            if end > 0 { submit([Array(pending[0..<end])]) }
        }
    }

    public func stop() {
        listener.stop()
        box.value = "stopped"
    }
}

#if canImport(Glibc)
let SOCK_DGRAM_VALUE = Int32(SOCK_DGRAM.rawValue)
let SOCK_STREAM_VALUE = Int32(SOCK_STREAM.rawValue)
#else
let SOCK_DGRAM_VALUE = SOCK_DGRAM
let SOCK_STREAM_VALUE = SOCK_STREAM
#endif
