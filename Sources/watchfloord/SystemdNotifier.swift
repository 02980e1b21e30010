import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The systemd notification protocol without libsystemd: one datagram per state change to the AF_UNIX socket
/// named by `$NOTIFY_SOCKET` (a path, or an abstract name written with a leading `@`). Without that variable —
/// not started by systemd with `Type=notify` — every call does nothing.
final class SystemdNotifier: @unchecked Sendable {
    let socketName: String
    /// Half of `$WATCHDOG_USEC` (the interval systemd recommends), when the watchdog is on for this process.
    let watchdogInterval: TimeInterval?
    private let fd: Int32

    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let name = environment["NOTIFY_SOCKET"], !name.isEmpty, name.utf8.count < 108 else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        self.fd = fd
        socketName = name
        watchdogInterval = SystemdNotifier.watchdogInterval(environment: environment)
    }

    deinit { close(fd) }

    /// `$WATCHDOG_USEC` / 2 in seconds, if set and meant for this process (`$WATCHDOG_PID` absent or ours).
    static func watchdogInterval(environment: [String: String]) -> TimeInterval? {
        guard let usec = environment["WATCHDOG_USEC"].flatMap({ UInt64($0) }), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap({ Int32($0) }), pid != getpid() { return nil }
        return Double(usec) / 2_000_000
    }

    /// Sends `KEY=value` lines as one datagram. Returns whether the socket took it.
    @discardableResult
    func send(_ fields: [String]) -> Bool {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketName.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
        }
        // An abstract name's length is exact (no terminating NUL); a path's includes the NUL.
        let length = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + path.count + (abstract ? 0 : 1)
        let message = Array((fields.joined(separator: "\n") + "\n").utf8)
        let sent = message.withUnsafeBytes { bytes in
            withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, socklen_t(length))
                }
            }
        }
        return sent == message.count
    }

    func ready(status: String) { send(["READY=1", "STATUS=" + status]) }
    func stopping() { send(["STOPPING=1", "STATUS=stopping: draining queued batches"]) }
    /// `Type=notify-reload` wants the monotonic time of the reload beside `RELOADING=1`.
    func reloading() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(usec)", "STATUS=reloading the config"])
    }
    func watchdog() { send(["WATCHDOG=1"]) }
}
