import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore
@testable import WatchfloorListeners
#if canImport(Glibc)
import Glibc
#endif

/// A real store, pipeline and listener environment in a temporary directory; sources are started on ephemeral
/// loopback ports and stopped (and the pipeline drained) by `close()`.
final class ListenerRig {
    let dir: String
    let store: Store
    let pipeline: IngestPipeline
    let environment: ListenerEnvironment
    let logLines = LogLines()
    private var sources: [IngestSource] = []

    init(pipeline config: PipelineConfig = PipelineConfig()) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-listen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try Store(path: dir + "/store.db")
        pipeline = try IngestPipeline(store: store, config: config)
        pipeline.start()
        let lines = logLines
        environment = ListenerEnvironment(log: { lines.append($0) })
        environment.provideMetrics { [environment] in environment.metrics.prometheus(listeners: []) }
    }

    /// Starts a listener for `config` and returns it (its `port` is the bound one).
    func start<S: IngestSource>(_ config: SourceConfig, as: S.Type = S.self) throws -> S {
        let s = environment.factory(config, pipeline, { [logLines] in logLines.append($0) })
        try s.start()
        sources.append(s)
        return s as! S
    }

    func close() {
        for s in sources { s.stop() }
        sources = []
        pipeline.drain()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func int(_ sql: String) -> Int64 { (try? store.withConnection { try $0.scalarInt(sql, []) ?? 0 }) ?? -1 }
    var alertCount: Int64 { int("SELECT COALESCE(SUM(count),0) FROM alerts") }
    var incidentCount: Int64 { int("SELECT COUNT(*) FROM incidents") }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

enum Sample {
    /// A CEF line that becomes one alert observation with signature `sig`.
    static func cef(_ sig: Int, _ name: String = "probe") -> String {
        "CEF:0|Sample Networks|NGFW-3000|5.5R9|\(sig)|\(name)|8|src=203.0.113.170 spt=40748 dst=10.99.10.11 dpt=443 proto=TCP act=deny"
    }

    static func incident(_ ref: String, source: String = "claimed-by-body") -> String {
        "{\"kind\":\"incident\",\"source\":\"\(source)\",\"source_ref\":\"\(ref)\",\"category\":\"public_safety\",\"level\":3,\"title\":\"仓库冒烟 \(ref)\",\"reported_at\":\"2026-11-20T08:00:00+08:00\"}"
    }

    static func hotline(_ ticket: String) -> String {
        "{\"kind\":\"hotline\",\"ticket\":\"\(ticket)\",\"received_at\":\"2026-11-20T08:00:00+08:00\",\"channel\":\"phone\",\"type\":\"complaint\",\"summary\":\"噪音扰民\"}"
    }
}

/// A blocking loopback TCP client on POSIX sockets, for sending exact bytes (framing cases, slow clients).
final class RawClient {
    let fd: Int32

    init?(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) {
        let v6 = host.contains(":")
        fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &a.sin6_addr)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = UInt16(port).bigEndian
            a.sin_addr.s_addr = inet_addr(host)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        if rc != 0 { Glibc.close(fd); return nil }
    }

    deinit { Glibc.close(fd) }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Everything until the peer closes or the receive timeout passes.
    func readAll() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One response: reads until the head and a Content-Length body are complete (keep-alive friendly).
    func readResponse() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let text = String(decoding: out, as: UTF8.self)
            if let r = text.range(of: "\r\n\r\n") {
                let head = text[..<r.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text[..<r.upperBound].utf8.count >= length { return text }
            }
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return text }
            out += buf[0..<n]
        }
    }

    /// True once the server closed the connection (a read returns 0) within `seconds`.
    func closedByPeer(within seconds: Int) -> Bool {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }
}

enum Tools {
    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") { return "\(dir)/\(tool)" }
        return nil
    }

    /// Runs a program to completion (killed after `timeout` seconds); returns (status, stdout, stderr).
    @discardableResult
    static func run(_ path: String, _ args: [String], stdin: Data? = nil, timeout: Double = 30) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin); try input.fileHandleForWriting.close() }
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A throwaway self-signed certificate for 127.0.0.1/localhost, made with `openssl req -x509`.
    static func selfSigned(in dir: String, name: String = "server") throws -> (cert: String, key: String) {
        let openssl = try require("openssl")
        let cert = "\(dir)/\(name).crt", key = "\(dir)/\(name).key"
        let (status, _, err) = try run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                                 "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard status == 0 else { throw ToolError(message: "openssl req failed: \(err)") }
        return (cert, key)
    }

    static func require(_ tool: String) throws -> String {
        guard let p = which(tool) else { throw ToolError(message: "\(tool) is needed (scripts/install-deps installs it)") }
        return p
    }

    struct ToolError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// Polls `condition` until it holds or `seconds` pass.
func waitUntil(_ seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if try condition() { return true }
        usleep(5_000)
    }
    return try condition()
}
