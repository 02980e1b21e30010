import Foundation
import WatchfloorCore

/// Per-listener counters for `/metrics`: connections, refusals (allow-list, per-peer cap), timeouts (idle, head,
/// body), authentication failures and framing rejections. One instance per daemon, shared by every listener.
public final class ListenerMetrics: @unchecked Sendable {
    public enum Counter: String, CaseIterable, Sendable {
        case connections = "watchfloord_listener_connections_total"
        case refusedNotAllowed = "watchfloord_listener_refused_not_allowed_total"
        case refusedPeerCap = "watchfloord_listener_refused_peer_cap_total"
        case timeoutIdle = "watchfloord_listener_timeouts_idle_total"
        case timeoutHead = "watchfloord_listener_timeouts_head_total"
        case timeoutBody = "watchfloord_listener_timeouts_body_total"
        case authMissing = "watchfloord_listener_auth_missing_total"
        case authInvalid = "watchfloord_listener_auth_invalid_total"
        case authForbiddenKind = "watchfloord_listener_auth_forbidden_kind_total"
        case framingRejected = "watchfloord_listener_framing_rejected_total"
        case oversizedFrames = "watchfloord_listener_oversized_frames_total"
        case tlsFailures = "watchfloord_listener_tls_failures_total"

        var help: String {
            switch self {
            case .connections: "Connections accepted (TCP/TLS/HTTP) or datagrams' senders admitted (UDP counts none)."
            case .refusedNotAllowed: "Connections or datagrams refused: the sender is outside the listener's allow-list."
            case .refusedPeerCap: "Connections refused: the peer already holds max_connections_per_peer."
            case .timeoutIdle: "Connections closed after idle_timeout_seconds without a byte."
            case .timeoutHead: "HTTP connections closed: no complete request head within head_timeout_seconds."
            case .timeoutBody: "HTTP connections closed: the body did not arrive within body_timeout_seconds."
            case .authMissing: "HTTP requests without a bearer token (401)."
            case .authInvalid: "HTTP requests with an unknown bearer token (401)."
            case .authForbiddenKind: "HTTP requests with records of a kind the token may not send (403)."
            case .framingRejected: "HTTP requests refused for their framing (400: Transfer-Encoding, Content-Length, Host, bare CR)."
            case .oversizedFrames: "Syslog frames longer than max_frame_bytes (dead-lettered)."
            case .tlsFailures: "TLS handshakes that failed (bad or missing client certificate, not TLS at all)."
            }
        }
    }

    private let lock = NSLock()
    private var counts: [String: [Counter: Int]] = [:]
    private var open: [String: Int] = [:]

    public init() {}

    public func bump(_ listener: String, _ c: Counter, by n: Int = 1) {
        lock.lock(); counts[listener, default: [:]][c, default: 0] += n; lock.unlock()
    }

    func opened(_ listener: String) { lock.lock(); open[listener, default: 0] += 1; counts[listener, default: [:]][.connections, default: 0] += 1; lock.unlock() }
    func closed(_ listener: String) { lock.lock(); open[listener, default: 0] -= 1; lock.unlock() }

    public func value(_ listener: String, _ c: Counter) -> Int { lock.lock(); defer { lock.unlock() }; return counts[listener]?[c] ?? 0 }
    public func openConnections(_ listener: String) -> Int { lock.lock(); defer { lock.unlock() }; return open[listener] ?? 0 }

    /// Prometheus text exposition (format 0.0.4) of every counter for every listener seen, plus open connections.
    public func prometheus(listeners: [String]) -> String {
        lock.lock()
        let c = counts, o = open
        lock.unlock()
        let names = Array(Set(listeners).union(c.keys)).sorted()
        var out = ""
        func label(_ n: String) -> String { "listener=\"\(n.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }
        for counter in Counter.allCases {
            out += "# HELP \(counter.rawValue) \(counter.help)\n# TYPE \(counter.rawValue) counter\n"
            for n in names { out += "\(counter.rawValue){\(label(n))} \(c[n]?[counter] ?? 0)\n" }
        }
        out += "# HELP watchfloord_listener_open_connections Connections open now.\n# TYPE watchfloord_listener_open_connections gauge\n"
        for n in names { out += "watchfloord_listener_open_connections{\(label(n))} \(o[n] ?? 0)\n" }
        return out
    }
}

/// Logs a refusal at most once per (listener, peer, reason) per `interval`, then how many were not logged: a
/// scanner hammering a port makes one line a minute, not a flood.
public final class RefusalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var last: [String: (at: Date, suppressed: Int)] = [:]
    private let interval: TimeInterval
    private let log: @Sendable (String) -> Void

    public init(interval: TimeInterval = 60, log: @escaping @Sendable (String) -> Void) { self.interval = interval; self.log = log }

    public func refuse(listener: String, peer: String, reason: String) {
        let key = "\(listener)\u{1F}\(peer)\u{1F}\(reason)"
        let now = Date()
        lock.lock()
        if var entry = last[key], now.timeIntervalSince(entry.at) < interval {
            entry.suppressed += 1
            last[key] = entry
            lock.unlock()
            return
        }
        let suppressed = last[key]?.suppressed ?? 0
        last[key] = (now, 0)
        if last.count > 10_000 { last = last.filter { now.timeIntervalSince($0.value.at) < interval } }
        lock.unlock()
        let more = suppressed > 0 ? " (\(suppressed) more since the last line)" : ""
        log("\(listener): refused \(Sanitize.peer(peer)): \(reason)\(more)")
    }
}

enum Sanitize {
    /// Peer text comes from the socket, never from the client, but keep it one printable line all the same.
    static func peer(_ s: String) -> String { String(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(80).map(Character.init)) }
}
