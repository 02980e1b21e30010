#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why a source could not start or stopped: said so a person can fix it ("port in use", "no such directory").
public struct SourceError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var message: String
    public init(source: String, message: String) { self.source = source; self.message = message }
    public var description: String { "\(source): \(message)" }
}

/// Thin POSIX socket helpers: IPv4/IPv6 listeners bound to one address, and `poll` with a timeout so every loop
/// notices a stop request within `pollMilliseconds`.
enum Socket {
    static let pollMilliseconds: Int32 = 100

    static var lastError: String { String(cString: strerror(errno)) }

    /// Binds a TCP (`SOCK_STREAM`, listening) or UDP (`SOCK_DGRAM`) socket; returns the fd and the bound port.
    static func bind(address: String, port: Int, type: Int32, source: String) throws -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        hints.ai_socktype = type
        var info: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(address, String(port), &hints, &info)
        guard rc == 0, let ai = info else {
            throw SourceError(source: source, message: "cannot listen on \(address):\(port): bad address (\(String(cString: gai_strerror(rc))))")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
        guard fd >= 0 else { throw SourceError(source: source, message: "cannot create a socket: \(lastError)") }
        var one: Int32 = 1
        if type != SOCK_DGRAM_VALUE {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        guard systemBind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 else {
            let why = errno == EADDRINUSE ? "address already in use (another process listens on \(address):\(port))" : lastError
            close(fd)
            throw SourceError(source: source, message: "cannot listen on \(address):\(port): \(why)")
        }
        if type != SOCK_DGRAM_VALUE {
            guard listen(fd, 128) == 0 else {
                let why = lastError
                close(fd)
                throw SourceError(source: source, message: "cannot listen on \(address):\(port): \(why)")
            }
        }
        return (fd, boundPort(fd) ?? port)
    }

    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        } == 0
        guard ok else { return nil }
        return port(of: &storage)
    }

    static func port(of storage: inout sockaddr_storage) -> Int? {
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        default: return nil
        }
    }

    /// "127.0.0.1:40312" for a peer address.
    static func describe(_ storage: inout sockaddr_storage) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let len = socklen_t(Int32(storage.ss_family) == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, len, &host, socklen_t(host.count), &serv, socklen_t(serv.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rc == 0 else { return "peer" }
        let h = String(cString: host), s = String(cString: serv)
        return h.contains(":") ? "[\(h)]:\(s)" : "\(h):\(s)"
    }

    /// Waits until `fd` is readable; false on timeout.
    static func waitReadable(_ fd: Int32, milliseconds: Int32 = pollMilliseconds) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let rc = poll(&p, 1, milliseconds)
        return rc > 0
    }

    /// Writes all of `bytes`; false when the peer went away.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; return false }
            sent += n
        }
        return true
    }
}

/// A flag and a set of connection threads a listener waits for when it stops.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var workers = 0
    private let idle = NSCondition()

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    func stop() { lock.lock(); stopped = true; lock.unlock() }

    /// Counts a worker thread in; false when stopping (or `limit` workers already run).
    @discardableResult
    func enter(limit: Int = .max) -> Bool {
        idle.lock(); defer { idle.unlock() }
        if isStopped || workers >= limit { return false }
        workers += 1
        return true
    }
    func leave() { idle.lock(); workers -= 1; idle.broadcast(); idle.unlock() }
    func waitForWorkers() { idle.lock(); while workers > 0 { idle.wait() }; idle.unlock() }
}

#if canImport(Glibc)
private let systemBind = Glibc.bind
#else
private let systemBind = Darwin.bind
#endif

/// A TCP listener that serves each connection on its own thread (at most `maxConnections`), shared by the
/// syslog-TCP and HTTP sources. `stop()` returns once the accept loop and every connection thread have ended.
final class TCPListener: @unchecked Sendable {
    let source: String
    let maxConnections: Int
    let flag = StopFlag()
    private var fd: Int32 = -1
    private(set) var port = 0
    /// Called when a connection is refused for being one too many (write a reply before it is closed).
    var refuse: (Int32, String) -> Void = { _, _ in }

    init(source: String, maxConnections: Int = 64) { self.source = source; self.maxConnections = maxConnections }

    var isStopped: Bool { flag.isStopped }

    /// Binds and starts accepting; `serve(fd, peer)` runs on the connection's thread, which closes the fd after.
    func start(address: String, port: Int, serve: @escaping @Sendable (Int32, String) -> Void) throws {
        let (fd, bound) = try Socket.bind(address: address, port: port, type: SOCK_STREAM_VALUE, source: source)
        self.fd = fd
        self.port = bound
        flag.enter()
        let t = Thread { [self] in
            defer { flag.leave() }
            while !flag.isStopped {
                guard Socket.waitReadable(fd) else { continue }
                var peer = sockaddr_storage()
                var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let client = withUnsafeMutablePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &len) } }
                if client < 0 { continue }
                let name = Socket.describe(&peer)
                guard flag.enter(limit: maxConnections + 1) else {
                    refuse(client, name)
                    close(client)
                    continue
                }
                let worker = Thread { [self] in
                    defer { flag.leave(); close(client) }
                    serve(client, name)
                }
                worker.name = "\(source)-conn"
                worker.start()
            }
        }
        t.name = source
        t.start()
    }

    func stop() {
        flag.stop()
        flag.waitForWorkers()
        if fd >= 0 { close(fd); fd = -1 }
    }
}
