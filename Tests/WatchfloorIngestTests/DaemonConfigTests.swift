import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

@Suite struct DaemonConfigTests {
    static var sampleConfig: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sampledata/watchfloord.toml").path
    }

    @Test func theSampleConfigLoads() throws {
        let (settings, d) = try DaemonConfig.load(path: Self.sampleConfig)
        #expect(settings.offsetSeconds == 8 * 3600)
        #expect(d.pipeline.correlation == CorrelationRule(minCount: 20, maxLevel: .two, windowMinutes: 10))
        #expect(d.pipeline.assets.asset(ip: "10.99.10.11")?.name == "县政务服务网")
        #expect(d.sources.map(\.kind) == ["spool", "tail", "tail", "syslog-udp", "syslog-tcp", "http"])
        if case .tail(let t) = d.sources[1] { #expect(t.path.hasSuffix("sampledata/feeds/eve.json") && t.format == .eve) }
    }

    static func parse(_ text: String) throws -> DaemonConfig {
        try DaemonConfig.parse(try TOML.parse(text), file: "d.toml", baseDirectory: "/etc/wf")
    }

    @Test func errorsNameTheKey() throws {
        #expect(throws: DaemonConfig.ConfigError.self) { try Self.parse("[daemon]\nbatch_max_record = 5") }
        do { _ = try Self.parse("[daemon]\n[[daemon.tail]]\npath = \"x\"\nformat = \"cap\"") } catch let e as DaemonConfig.ConfigError {
            #expect(e.key == "tail[0].format")
        }
        do { _ = try Self.parse("[daemon]\n[[daemon.syslog]]\nport = \"514\"") } catch let e as DaemonConfig.ConfigError {
            #expect(e.key == "syslog[0].port" && e.message.contains("integer"))
        }
        do { _ = try Self.parse("[daemon]\ndedup_key = [\"sensor\", \"nope\"]") } catch let e as DaemonConfig.ConfigError {
            #expect(e.key == "dedup_key" && e.message.contains("nope"))
        }
        #expect(throws: DaemonConfig.ConfigError.self) {
            try Self.parse("[daemon]\n[[daemon.syslog]]\nname = \"a\"\n[[daemon.syslog]]\nname = \"a\"\nprotocol = \"tcp\"")
        }
    }

    @Test func relativePathsAndDefaults() throws {
        let d = try Self.parse("[daemon]\n[[daemon.spool]]\npath = \"spool\"\n[daemon.http]\nport = 0")
        #expect(d.sources == [.spool(SpoolConfig(name: "spool", path: "/etc/wf/spool")), .http(HTTPConfig(name: "http", address: "127.0.0.1", port: 0))])
        #expect(d.pipeline.batchMaxRecords == 20_000 && d.pipeline.batchMaxMilliseconds == 25 && d.pipeline.queueMaxBytes == 4 << 20)
    }

    @Test func batchTuningReachesTheWriterConnection() throws {
        let d = try Self.parse("[daemon]\nbatch_max_ms = 35\ncommit_pause_us = 500\nwal_checkpoint_pages = 4000")
        #expect(d.pipeline.batchMaxMilliseconds == 35 && d.pipeline.commitPauseMicroseconds == 500 && d.pipeline.walCheckpointPages == 4000)
        #expect(throws: DaemonConfig.ConfigError.self) { try Self.parse("[daemon]\nwal_checkpoint_pages = 0") }
        let t = try TempStore()
        let committer = try BatchCommitter(store: t.store, config: d.pipeline)
        #expect(try t.int("PRAGMA wal_autocheckpoint") == 4000)
        var smaller = d.pipeline
        smaller.walCheckpointPages = 1500
        committer.reconfigure(smaller)
        #expect(try t.int("PRAGMA wal_autocheckpoint") == 1500)
    }

    @Test func spoolFormatsByExtension() {
        #expect(SpoolSource.format(forFileName: "eve.json") == .eve)
        #expect(SpoolSource.format(forFileName: "x.eve.json") == .eve)
        #expect(SpoolSource.format(forFileName: "a.jsonl") == .jsonl)
        #expect(SpoolSource.format(forFileName: "open311.json") == .open311)
        #expect(SpoolSource.format(forFileName: "12345-export.csv") == .hotlineCSV)
        #expect(SpoolSource.format(forFileName: "fw.log") == .syslog)
        #expect(SpoolSource.format(forFileName: "warn.cap") == .cap)
        #expect(SpoolSource.format(forFileName: "grids.geojson") == .geojson)
        #expect(SpoolSource.format(forFileName: "notes.txt") == nil)
    }
}

@Suite struct ListenerSettingsTests {
    static func parse(_ text: String) throws -> DaemonConfig { try DaemonConfigTests.parse(text) }

    static func key(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch let e as DaemonConfig.ConfigError { return e.key + ": " + e.message } catch { return "\(error)" }
    }

    @Test func aListenerOnAnOpenAddressNeedsAGateOrInsecure() throws {
        #expect(Self.key("[daemon]\n[daemon.http]\naddress = \"0.0.0.0\"")?.hasPrefix("http.address: 0.0.0.0 is reachable") == true)
        #expect(Self.key("[daemon]\n[[daemon.syslog]]\naddress = \"::\"\nprotocol = \"tcp\"")?.hasPrefix("syslog[0].address") == true)
        let open = try Self.parse("[daemon]\n[daemon.http]\naddress = \"0.0.0.0\"\ninsecure = true")
        if case .http(let h) = open.sources[0] { #expect(h.guard.insecure) }
        let gated = try Self.parse("[daemon]\n[[daemon.syslog]]\naddress = \"0.0.0.0\"\nallow = [\"10.0.0.0/8\", \"::1/128\"]")
        if case .syslog(let s) = gated.sources[0] { #expect(s.guard.allow.map(\.description) == ["10.0.0.0/8", "::1/128"]) }
        #expect(try Self.parse("[daemon]\n[daemon.http]\naddress = \"::1\"").sources.count == 1)
    }

    @Test func tokensTLSAndLimitsAreRead() throws {
        let hash = String(repeating: "ab", count: 32)
        let d = try Self.parse("""
            [daemon]
            health_max_backlog_seconds = 12
            [daemon.http]
            address = "0.0.0.0"
            tls_certificate = "tls/c.pem"
            tls_key = "/k.pem"
            head_timeout_seconds = 5
            max_connections_per_peer = 4
            [[daemon.http.token]]
            source = "fire-dept"
            kinds = ["incident", "hotline"]
            sha256 = "\(hash.uppercased())"
            [[daemon.syslog]]
            protocol = "tls"
            tls_certificate = "c.pem"
            tls_key = "k.pem"
            tls_client_ca = "ca.pem"
            max_frame_bytes = 4096
            """)
        #expect(d.healthMaxBacklogSeconds == 12)
        guard case .http(let h) = d.sources[1], case .syslog(let s) = d.sources[0] else { Issue.record("\(d.sources)"); return }
        #expect(h.tokens == [AccessToken(source: "fire-dept", kinds: ["incident", "hotline"], sha256: hash)])
        #expect(h.tls == TLSFiles(certificate: "/etc/wf/tls/c.pem", key: "/k.pem"))
        #expect(h.guard.headTimeoutSeconds == 5 && h.guard.maxConnectionsPerPeer == 4)
        #expect(s.transport == .tls && s.port == 6514 && s.guard.maxFrameBytes == 4096 && s.tls?.clientCA == "/etc/wf/ca.pem")
    }

    @Test func badGateSettingsNameTheKey() {
        #expect(Self.key("[daemon]\n[[daemon.syslog]]\nallow = [\"10.0.0.0/33\"]")?.hasPrefix("syslog[0].allow") == true)
        #expect(Self.key("[daemon]\n[[daemon.syslog]]\nprotocol = \"tls\"")?.hasPrefix("syslog[0].tls_certificate") == true)
        #expect(Self.key("[daemon]\n[daemon.http]\ntls_certificate = \"c\"")?.hasPrefix("http.tls_key") == true)
        #expect(Self.key("[daemon]\n[daemon.http]\n[[daemon.http.token]]\nsource = \"x\"\nkinds = [\"incident\"]\nsha256 = \"abc\"")?.hasPrefix("http.token[0].sha256") == true)
        #expect(Self.key("[daemon]\n[daemon.http]\n[[daemon.http.token]]\nsource = \"x\"\nkinds = [\"weather\"]\nsha256 = \"\(String(repeating: "0", count: 64))\"")?.contains("unknown kind 'weather'") == true)
    }

    @Test func networkRangesMatchV4V6AndMappedAddresses() {
        let ten = NetworkRange("10.0.0.0/8")!
        #expect(ten.contains("10.200.1.2") && !ten.contains("11.0.0.1") && ten.contains("::ffff:10.1.1.1") && !ten.contains("garbage"))
        #expect(NetworkRange("::1/128")!.contains("::1") && !NetworkRange("::1/128")!.contains("127.0.0.1"))
        #expect(NetworkRange("192.168.1.77/25")!.contains("192.168.1.1") && !NetworkRange("192.168.1.128/25")!.contains("192.168.1.1"))
        #expect(NetworkRange("0.0.0.0/0")!.contains("203.0.113.5"))
        #expect(NetworkRange("10.0.0.1")?.prefix == 32 && NetworkRange("fe80::/10")?.contains("fe80::1") == true)
        #expect(NetworkRange.isLoopback("127.0.0.1") && NetworkRange.isLoopback("::1") && !NetworkRange.isLoopback("0.0.0.0"))
    }
}
