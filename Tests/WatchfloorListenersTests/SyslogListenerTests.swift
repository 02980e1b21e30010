import Foundation
import NIOCore
import Testing
import WatchfloorCore
import WatchfloorIngest
@testable import WatchfloorListeners

/// RFC 6587 framing, fed the way a network delivers it: whole, split, one byte at a time, hostile.
@Suite struct SyslogFrameDecoderTests {
    func frames(_ chunks: [String], max: Int = 1024) -> [SyslogFrame] {
        var decoder = SyslogFrameDecoder(maxFrameBytes: max)
        var buffer = ByteBuffer()
        var out: [SyslogFrame] = []
        for c in chunks {
            buffer.writeString(c)
            while let f = decoder.nextFrame(&buffer) { out.append(f) }
            buffer.discardReadBytes()
        }
        return out
    }

    func text(_ f: SyslogFrame) -> String {
        if case .message(let m) = f { return String(decoding: m, as: UTF8.self) }
        return "oversized"
    }

    @Test func octetCountedAndLineFramesMixPerFrame() {
        let got = frames(["11 <13>1 hello\r\n<14>line two\n\n9 <15>x\ny z"])
        #expect(got.map(text) == ["<13>1 hello", "<14>line two", "<15>x\ny z"])
    }

    @Test func aFrameSentOneByteAtATimeComesOutWhole() {
        let message = "<34>1 2026-11-20T08:00:00+08:00 fw1 app - - - 告警 🚨 test\n"
        let got = frames(message.map { String($0) } + ["25 <13>1 octet counted frame"])
        #expect(got.map(text) == ["<34>1 2026-11-20T08:00:00+08:00 fw1 app - - - 告警 🚨 test", "<13>1 octet counted frame"])
    }

    @Test func overLongFramesAreReportedAndTheStreamResynchronises() {
        let long = String(repeating: "A", count: 3000)
        let got = frames([long.prefix(1500) + "", long.dropFirst(1500) + "\n<13>after\n", "5000 " + String(repeating: "B", count: 5000) + "<13>next\n"], max: 1024)
        #expect(got.count == 4)
        if case .oversized(let prefix, let length) = got[0] { #expect(length >= 3000 && prefix.count == 512) } else { Issue.record("not oversized: \(got[0])") }
        #expect(text(got[1]) == "<13>after")
        if case .oversized(_, let length) = got[2] { #expect(length == 5000) } else { Issue.record("not oversized: \(got[2])") }
        #expect(text(got[3]) == "<13>next")
    }

    @Test func digitsThatAreNotAnOctetCountFallBackToLines() {
        #expect(frames(["12", "34567890123 not counted\n"]).map(text) == ["1234567890123 not counted"])
        #expect(frames(["0 zero is no count\n"]).map(text) == ["0 zero is no count"])
    }
}

@Suite(.serialized) struct SyslogListenerTests {
    static func tcp(_ name: String = "syslog-tcp", allow: [String] = [], perPeer: Int = 32, idle: Double = 60) -> SourceConfig {
        var c = SyslogConfig(name: name, transport: .tcp, address: "127.0.0.1", port: 0)
        c.guard.allow = allow.compactMap(NetworkRange.init)
        c.guard.maxConnectionsPerPeer = perPeer
        c.guard.idleTimeoutSeconds = idle
        return .syslog(c)
    }

    /// The red-team case: idle clients that never send a newline must not block a real sender.
    @Test func aLoggerMessageLandsWithin1sWhile100IdleClientsHoldConnections() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: SyslogStreamListener = try rig.start(Self.tcp(perPeer: 200))
        var idle: [RawClient] = []
        for i in 0..<100 {
            guard let c = RawClient(port: listener.port) else { Issue.record("connect \(i) failed"); return }
            c.send("<13>1 partial frame without a line end \(i)")
            idle.append(c)
        }
        #expect(waitUntil(5) { rig.environment.metrics.openConnections("syslog-tcp") == 100 })
        let logger = try Tools.require("logger")
        let started = Date()
        let (status, _, err) = try Tools.run(logger, ["--tcp", "-n", "127.0.0.1", "-P", "\(listener.port)", Sample.cef(9200001, "behind idle clients")])
        #expect(status == 0, "logger: \(err)")
        #expect(waitUntil(1) { rig.alertCount == 1 }, "landed after \(Date().timeIntervalSince(started)) s")
        #expect(Date().timeIntervalSince(started) < 1.5)
        // The idle clients' half frames land too once they close (a sender that closes without a final LF).
        idle.removeAll()
        #expect(waitUntil(5) { rig.int("SELECT COUNT(*) FROM dead_letters") == 100 })
    }

    @Test func idleConnectionsAreClosedAndCounted() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: SyslogStreamListener = try rig.start(Self.tcp(idle: 0.5))
        let c = try #require(RawClient(port: listener.port))
        #expect(c.closedByPeer(within: 5))
        #expect(rig.environment.metrics.value("syslog-tcp", .timeoutIdle) == 1)
    }

    @Test func octetCountedAndNewlineFramesFromLoggerLand() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: SyslogStreamListener = try rig.start(Self.tcp())
        let logger = try Tools.require("logger")
        try Tools.run(logger, ["--tcp", "-n", "127.0.0.1", "-P", "\(listener.port)", "--octet-count", Sample.cef(9200002, "octet")])
        try Tools.run(logger, ["--tcp", "-n", "127.0.0.1", "-P", "\(listener.port)", Sample.cef(9200003, "newline")])
        #expect(waitUntil(5) { rig.alertCount == 2 })
    }

    @Test func udpDatagramsLandAndSendersOutsideTheAllowListAreDroppedAndCounted() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let open: SyslogUDPListener = try rig.start(.syslog(SyslogConfig(name: "udp-open", transport: .udp, port: 0)))
        var closedConfig = SyslogConfig(name: "udp-closed", transport: .udp, port: 0)
        closedConfig.guard.allow = [NetworkRange("10.0.0.0/8")!]
        let closed: SyslogUDPListener = try rig.start(.syslog(closedConfig))
        let logger = try Tools.require("logger")
        try Tools.run(logger, ["--udp", "-n", "127.0.0.1", "-P", "\(open.port)", Sample.cef(9200004, "udp")])
        try Tools.run(logger, ["--udp", "-n", "127.0.0.1", "-P", "\(closed.port)", Sample.cef(9200005, "refused")])
        try Tools.run(logger, ["--udp", "-n", "127.0.0.1", "-P", "\(closed.port)", Sample.cef(9200006, "refused again")])
        #expect(waitUntil(5) { rig.alertCount == 1 && rig.environment.metrics.value("udp-closed", .refusedNotAllowed) == 2 })
        usleep(200_000)
        #expect(rig.alertCount == 1)
        // Logged once per peer per minute, not once per datagram.
        #expect(rig.logLines.all.filter { $0.contains("udp-closed: refused 127.0.0.1") }.count == 1)
    }

    @Test func allowListAndPerPeerCapRefuseConnectionsAndCountThem() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let fenced: SyslogStreamListener = try rig.start(Self.tcp("fenced", allow: ["10.0.0.0/8", "::1/128"]))
        let c = try #require(RawClient(port: fenced.port))
        #expect(c.closedByPeer(within: 5))
        #expect(rig.environment.metrics.value("fenced", .refusedNotAllowed) == 1)
        let capped: SyslogStreamListener = try rig.start(Self.tcp("capped", perPeer: 2))
        let a = try #require(RawClient(port: capped.port)), b = try #require(RawClient(port: capped.port))
        #expect(waitUntil(5) { rig.environment.metrics.openConnections("capped") == 2 })
        let third = try #require(RawClient(port: capped.port))
        #expect(third.closedByPeer(within: 5))
        #expect(rig.environment.metrics.value("capped", .refusedPeerCap) == 1)
        a.send("<13>still served\n"); b.send("<13>also served\n")
        _ = (a, b)
        #expect(rig.environment.metrics.prometheus(listeners: []).contains("watchfloord_listener_refused_peer_cap_total{listener=\"capped\"} 1"))
    }

    @Test func overLongFramesAreDeadLetteredAndTheConnectionGoesOn() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        var cfg = SyslogConfig(name: "syslog-tcp", transport: .tcp, port: 0)
        cfg.guard.maxFrameBytes = 1024
        let listener: SyslogStreamListener = try rig.start(.syslog(cfg))
        let c = try #require(RawClient(port: listener.port))
        c.send(String(repeating: "X", count: 5000) + "\n" + Sample.cef(9200007) + "\n")
        #expect(waitUntil(5) { rig.alertCount == 1 && rig.int("SELECT COUNT(*) FROM dead_letters WHERE reason LIKE '%max_frame_bytes%'") == 1 })
        #expect(rig.environment.metrics.value("syslog-tcp", .oversizedFrames) == 1)
    }

    /// RFC 5425 with a throwaway certificate: `openssl s_client` sends an octet-counted frame over TLS.
    @Test func tlsSyslogFromOpensslClientLandsAndPlainTCPIsRefused() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let (cert, key) = try Tools.selfSigned(in: rig.dir)
        var cfg = SyslogConfig(name: "syslog-tls", transport: .tls, port: 0)
        cfg.tls = TLSFiles(certificate: cert, key: key)
        let listener: SyslogStreamListener = try rig.start(.syslog(cfg))
        let message = "<134>1 2026-11-20T08:00:00+08:00 ids-remote suricata - - - " + Sample.cef(9200008, "over TLS")
        let framed = "\(message.utf8.count) \(message)"
        let openssl = try Tools.require("openssl")
        let (status, _, err) = try Tools.run(openssl, ["s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:\(listener.port)", "-CAfile", cert, "-verify_return_error"],
                                             stdin: Data(framed.utf8), timeout: 20)
        #expect(status == 0, "s_client: \(err)")
        #expect(waitUntil(5) { rig.alertCount == 1 })
        // A plain-text sender on the TLS port gets nothing in.
        let plain = try #require(RawClient(port: listener.port))
        plain.send(Sample.cef(9200009, "plain") + "\n")
        #expect(plain.closedByPeer(within: 5))
        #expect(rig.alertCount == 1)
        #expect(waitUntil(2) { rig.environment.metrics.value("syslog-tls", .tlsFailures) == 1 })
    }

    @Test func tlsWithAClientCAShutsOutSendersWithoutACertificate() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let (cert, key) = try Tools.selfSigned(in: rig.dir)
        let (clientCert, clientKey) = try Tools.selfSigned(in: rig.dir, name: "sensor")
        var cfg = SyslogConfig(name: "syslog-mtls", transport: .tls, port: 0)
        cfg.tls = TLSFiles(certificate: cert, key: key, clientCA: clientCert)
        let listener: SyslogStreamListener = try rig.start(.syslog(cfg))
        let openssl = try Tools.require("openssl")
        let line = Sample.cef(9200010, "mutual TLS") + "\n"
        try Tools.run(openssl, ["s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:\(listener.port)", "-CAfile", cert], stdin: Data(line.utf8), timeout: 20)
        usleep(300_000)
        #expect(rig.alertCount == 0)
        try Tools.run(openssl, ["s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:\(listener.port)", "-CAfile", cert, "-cert", clientCert, "-key", clientKey],
                      stdin: Data(line.utf8), timeout: 20)
        #expect(waitUntil(5) { rig.alertCount == 1 })
    }
}
