import Foundation
import NIOCore
import NIOSSL
import WatchfloorIngest

/// What every connection-oriented listener shares: its name, its guard settings, the daemon-wide counters and
/// the throttled refusal log, and the table of open connections per peer.
final class ListenerShared: @unchecked Sendable {
    let name: String
    let settings: ListenerGuard
    let metrics: ListenerMetrics
    let refusals: RefusalLog
    private let lock = NSLock()
    private var perPeer: [String: Int] = [:]

    init(name: String, settings: ListenerGuard, metrics: ListenerMetrics, refusals: RefusalLog) {
        self.name = name; self.settings = settings; self.metrics = metrics; self.refusals = refusals
    }

    /// Nil when `host` may send; otherwise the counter and the reason to refuse it.
    func allowed(host: String?) -> (ListenerMetrics.Counter, String)? {
        guard !settings.allow.isEmpty else { return nil }
        guard let host, settings.allow.contains(where: { $0.contains(host) }) else {
            return (.refusedNotAllowed, "not in the allow-list (\(settings.allow.map(\.description).joined(separator: ", ")))")
        }
        return nil
    }

    /// Takes one of the peer's connection slots; false when it holds `maxConnectionsPerPeer` already.
    func admit(host: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if perPeer[host, default: 0] >= settings.maxConnectionsPerPeer { return false }
        perPeer[host, default: 0] += 1
        return true
    }

    func release(host: String) {
        lock.lock(); defer { lock.unlock() }
        let n = perPeer[host, default: 1] - 1
        perPeer[host] = n > 0 ? n : nil
    }

    func refuse(_ counter: ListenerMetrics.Counter, peer: String, reason: String) {
        metrics.bump(name, counter)
        refusals.refuse(listener: name, peer: peer, reason: reason)
    }
}

extension SocketAddress {
    /// "10.1.2.3:5514" / "[::1]:5514" for logs and rejection positions.
    var peerText: String {
        guard let ip = ipAddress else { return "\(self)" }
        let port = self.port.map(String.init) ?? "?"
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// First handler of every accepted connection: refuses senders outside the allow-list and peers over their
/// connection cap by closing at once (counted, logged once a minute per peer), and keeps the open count.
final class PeerGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let shared: ListenerShared
    private var admittedHost: String?

    init(_ shared: ListenerShared) { self.shared = shared }

    func channelActive(context: ChannelHandlerContext) {
        let peer = context.remoteAddress
        let host = peer?.ipAddress ?? "unknown"
        if let (counter, reason) = shared.allowed(host: peer?.ipAddress) {
            shared.refuse(counter, peer: host, reason: reason)
            context.close(promise: nil)
            return
        }
        guard shared.admit(host: host) else {
            shared.refuse(.refusedPeerCap, peer: host, reason: "already holds \(shared.settings.maxConnectionsPerPeer) connections (max_connections_per_peer)")
            context.close(promise: nil)
            return
        }
        admittedHost = host
        shared.metrics.opened(shared.name)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let h = admittedHost {
            shared.release(host: h)
            shared.metrics.closed(shared.name)
            admittedHost = nil
        }
        // Passed on for refused connections too, so whatever waits for the close (Hummingbird's connection task) ends.
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Bytes that raced the close of a refused connection go nowhere.
        if admittedHost != nil { context.fireChannelRead(data) }
    }

}

/// Placed after TLS (if any): closes a connection that sent nothing for the idle timeout (after
/// `IdleStateHandler`), and counts failed TLS handshakes. With `closeOnError` (syslog) any error ends the
/// connection — only that one; HTTP leaves errors to Hummingbird, which answers parse errors with 400.
final class ConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let shared: ListenerShared
    let closeOnError: Bool
    init(_ shared: ListenerShared, closeOnError: Bool) { self.shared = shared; self.closeOnError = closeOnError }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? IdleStateHandler.IdleStateEvent, e == .read {
            shared.metrics.bump(shared.name, .timeoutIdle)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is NIOSSLError || error is BoringSSLError {
            shared.metrics.bump(shared.name, .tlsFailures)
            shared.refusals.refuse(listener: shared.name, peer: context.remoteAddress?.ipAddress ?? "unknown", reason: "TLS failed: \(error)")
        }
        if closeOnError { context.close(promise: nil) } else { context.fireErrorCaught(error) }
    }
}
