#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WatchfloorCore

/// What a network listener (syslog UDP/TCP/TLS, HTTP) lets in and for how long: who may connect, how many
/// connections one peer may hold, how long a connection may stay silent, how big a frame may be. Plain values
/// parsed from the settings; the listeners (WatchfloorListeners) enforce them.
public struct ListenerGuard: Sendable, Equatable {
    /// Sender networks allowed to connect; empty lets every peer in (only allowed on loopback or with `insecure`).
    public var allow: [NetworkRange] = []
    /// The operator accepts an unauthenticated listener on a non-loopback address (logged, shown in /healthz).
    public var insecure = false
    public var maxConnectionsPerPeer = 32
    /// A connection with no bytes for this long is closed.
    public var idleTimeoutSeconds: Double = 60
    /// Syslog: largest frame (an octet count or a line) accepted; longer ones are dead-lettered.
    public var maxFrameBytes = 64 * 1024
    /// HTTP: the request head must arrive within this long of the connection (or the previous response).
    public var headTimeoutSeconds: Double = 10
    /// HTTP: the body must arrive within this long of its head.
    public var bodyTimeoutSeconds: Double = 30

    public init() {}
}

/// Certificate and key files for TLS (PEM). With `clientCA`, clients must present a certificate it signed.
public struct TLSFiles: Sendable, Equatable {
    public var certificate: String
    public var key: String
    public var clientCA: String?
    public init(certificate: String, key: String, clientCA: String? = nil) {
        self.certificate = certificate; self.key = key; self.clientCA = clientCA
    }
}

/// A bearer token the HTTP listener accepts: stored as the SHA-256 of the token (lower-case hex), never the token.
/// `source` names the sending department; it is stamped on what the token submits. `kinds` are the record kinds
/// it may send (incident, hotline, alert, grid).
public struct AccessToken: Sendable, Equatable {
    public static let knownKinds: Set<String> = ["incident", "hotline", "alert", "grid"]
    public var source: String
    public var kinds: Set<String>
    public var sha256: String
    public init(source: String, kinds: Set<String>, sha256: String) {
        self.source = source; self.kinds = kinds; self.sha256 = sha256
    }
}

/// An IPv4 or IPv6 network in CIDR form ("10.0.0.0/8", "::1/128"; a bare address is a /32 or /128).
public struct NetworkRange: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = NetworkRange.addressBytes(String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...bits).contains(p) else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        bytes = address
    }

    public var description: String { "\(NetworkRange.text(bytes))/\(prefix)" }

    /// True when `address` (numeric IPv4 or IPv6; an IPv4-mapped IPv6 address counts as IPv4) is inside.
    public func contains(_ address: String) -> Bool {
        guard var a = NetworkRange.addressBytes(address) else { return false }
        if a.count == 16, bytes.count == 4, a[0..<10].allSatisfy({ $0 == 0 }), a[10] == 0xFF, a[11] == 0xFF { a = Array(a[12...]) }
        guard a.count == bytes.count else { return false }
        var left = prefix
        for i in 0..<a.count where left > 0 {
            let take = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if a[i] & mask != bytes[i] & mask { return false }
            left -= take
        }
        return true
    }

    /// 4 or 16 bytes for a numeric address, nil otherwise.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func text(_ bytes: [UInt8]) -> String {
        var out = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &out, socklen_t(out.count)) } != nil
        return ok ? String(cString: out) : "?"
    }

    /// True for addresses only this machine can reach: 127.0.0.0/8, ::1, "localhost".
    public static func isLoopback(_ address: String) -> Bool {
        if address == "localhost" { return true }
        return NetworkRange("127.0.0.0/8")!.contains(address) || NetworkRange("::1/128")!.contains(address)
    }
}

extension DaemonConfig {
    /// Reads the guard keys shared by syslog and HTTP listeners from `r` (allow, insecure,
    /// max_connections_per_peer, idle_timeout_seconds; plus the HTTP or syslog specific ones).
    static func listenerGuard(_ r: inout Reader, http: Bool) throws -> ListenerGuard {
        var g = ListenerGuard()
        if let nets = try r.strings("allow") {
            g.allow = try nets.map { text in
                guard let n = NetworkRange(text) else { throw r.error("allow", "'\(text)' is not a network (write \"10.0.0.0/8\" or \"::1/128\")") }
                return n
            }
        }
        g.insecure = try r.bool("insecure", false)
        g.maxConnectionsPerPeer = try r.int("max_connections_per_peer", g.maxConnectionsPerPeer, min: 1)
        g.idleTimeoutSeconds = try r.double("idle_timeout_seconds", g.idleTimeoutSeconds, min: 0.1)
        if http {
            g.headTimeoutSeconds = try r.double("head_timeout_seconds", g.headTimeoutSeconds, min: 0.1)
            g.bodyTimeoutSeconds = try r.double("body_timeout_seconds", g.bodyTimeoutSeconds, min: 0.1)
        } else {
            g.maxFrameBytes = try r.int("max_frame_bytes", g.maxFrameBytes, min: 64)
        }
        return g
    }

    /// `tls_certificate` + `tls_key` (+ `tls_client_ca`), resolved against the settings file's directory.
    static func tlsFiles(_ r: inout Reader, resolve: (String) -> String) throws -> TLSFiles? {
        let cert = try r.string("tls_certificate"), key = try r.string("tls_key"), ca = try r.string("tls_client_ca")
        switch (cert, key) {
        case (nil, nil):
            if ca != nil { throw r.error("tls_client_ca", "needs tls_certificate and tls_key") }
            return nil
        case (let c?, let k?): return TLSFiles(certificate: resolve(c), key: resolve(k), clientCA: ca.map(resolve))
        case (nil, _): throw r.error("tls_certificate", "is required with tls_key")
        case (_, nil): throw r.error("tls_key", "is required with tls_certificate")
        }
    }

    /// `[[daemon.http.token]]` entries: source, kinds, sha256 (64 hex digits, as `watchfloor token new` prints).
    static func accessTokens(_ r: inout Reader) throws -> [AccessToken] {
        var tokens: [AccessToken] = []
        for (i, t) in try r.tables("token").enumerated() {
            var tr = Reader(table: t, prefix: r.prefix + "token[\(i)].", file: r.file)
            let source = try tr.required("source")
            let hash = try tr.required("sha256").lowercased()
            guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit }) else {
                throw tr.error("sha256", "must be 64 hex digits (the SHA-256 of the token; `watchfloor token new` prints it)")
            }
            guard let kinds = try tr.strings("kinds"), !kinds.isEmpty else { throw tr.error("kinds", "is required: the record kinds this token may send") }
            for k in kinds where !AccessToken.knownKinds.contains(k) {
                throw tr.error("kinds", "unknown kind '\(k)' (known: \(AccessToken.knownKinds.sorted().joined(separator: ", ")))")
            }
            try tr.rejectUnknown()
            tokens.append(AccessToken(source: source, kinds: Set(kinds), sha256: hash))
        }
        return tokens
    }

    /// A listener on a non-loopback address needs a gate (tokens for HTTP, an allow-list for syslog) unless the
    /// operator wrote `insecure = true`.
    static func requireGate(_ r: Reader, address: String, gated: Bool, insecure: Bool, what: String) throws {
        if NetworkRange.isLoopback(address) || gated || insecure { return }
        throw r.error("address", "\(address) is reachable from other hosts but the listener has no \(what); add it, or set insecure = true to accept anyone")
    }
}
