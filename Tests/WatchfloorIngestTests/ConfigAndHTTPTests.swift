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
        #expect(d.pipeline.batchMaxRecords == 20_000 && d.pipeline.batchMaxMilliseconds == 50 && d.pipeline.queueMaxBytes == 4 << 20)
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

@Suite struct HTTPMessageTests {
    @Test func parsesAHeadWithCRLF() throws {
        let raw = Array("POST /v1/records?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello".utf8)
        let (head, start) = try #require(try HTTPRequestHead.parse(raw))
        #expect(head.method == "POST" && head.path == "/v1/records" && head.version == "HTTP/1.1")
        #expect(try head.contentLength() == 5)
        #expect(head.header("expect") == "100-continue")
        #expect(Array(raw[start...]) == Array("hello".utf8))
        #expect(head.keepAlive && !head.isChunked)
    }

    @Test func incompleteHeadsWaitAndBadOnesAreRefused() throws {
        #expect(try HTTPRequestHead.parse(Array("GET /healthz HTTP/1.1\r\nHost: a\r\n".utf8)) == nil)
        #expect(throws: HTTPRequestHead.ParseError.self) { try HTTPRequestHead.parse(Array("GARBAGE\r\n\r\n".utf8)) }
        let (h, _) = try #require(try HTTPRequestHead.parse(Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: x\r\nConnection: close\r\n\r\n".utf8)))
        #expect(h.isChunked && !h.keepAlive)
        #expect(throws: HTTPRequestHead.ParseError.self) { try h.contentLength() }
        #expect(throws: HTTPRequestHead.ParseError.tooLarge) { try HTTPRequestHead.parse([UInt8](repeating: 0x41, count: HTTPRequestHead.maxHeadBytes + 1)) }
    }

    @Test func responsesSerialize() {
        let r = HTTPResponse.error(413, "too big \"x\"")
        let text = String(decoding: r.serialized(keepAlive: false), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.hasSuffix("{\"error\":\"too big \\\"x\\\"\"}\n"))
    }
}
