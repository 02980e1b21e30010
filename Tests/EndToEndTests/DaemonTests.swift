import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// `watchfloord` as a process: real clients, real signals, kill -9.
@Suite(.serialized) struct DaemonTests {
    static let cef = "CEF:0|Sample Networks|NGFW-3000|5.5R9|%d|%@|8|src=203.0.113.170 spt=40748 dst=10.99.10.11 dpt=443 proto=TCP act=deny"

    @Test func syslogAndHTTPRecordsAppearInTheListsAndSIGTERMExitsZero() throws {
        let udp = DaemonHarness.freePort(), tcp = DaemonHarness.freePort(), http = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in """
            [daemon]
            [[daemon.assets]]
            ip = "10.99.10.11"
            name = "县政务服务网"
            grid = "990102001002002"
            [[daemon.syslog]]
            name = "syslog-udp"
            protocol = "udp"
            port = \(udp)
            [[daemon.syslog]]
            name = "syslog-tcp"
            protocol = "tcp"
            port = \(tcp)
            [daemon.http]
            port = \(http)
            """ }
        try d.start()
        let logger = try #require(DaemonHarness.which("logger"), "util-linux logger is needed")
        let curl = try #require(DaemonHarness.which("curl"), "curl is needed")
        try DaemonHarness.run(logger, ["-n", "127.0.0.1", "-P", "\(udp)", "-d", String(format: Self.cef, 9100001, "UDP probe")])
        try DaemonHarness.run(logger, ["-n", "127.0.0.1", "-P", "\(tcp)", "-T", "--octet-count", String(format: Self.cef, 9100002, "TCP octet probe")])
        try DaemonHarness.run(logger, ["-n", "127.0.0.1", "-P", "\(tcp)", "-T", String(format: Self.cef, 9100003, "TCP newline probe")])
        let body = """
            {"kind":"incident","source":"110","source_ref":"JQ-1","category":"public_safety","level":3,"title":"城关镇北街社区聚集","reported_at":"2026-11-20T08:00:00+08:00","grid_id":"990102001001001"}
            {"kind":"alert","at":"2026-11-20T08:01:00+08:00","sensor":"waf","signature_id":77,"signature":"HTTP probe","level":2,"src":"198.51.100.1","dest":"10.99.10.11:443"}
            {"kind":"alert"}
            """
        let (_, answer, _) = try DaemonHarness.run(curl, ["-s", "-w", "\\n%{http_code}", "--data-binary", "@-", "http://127.0.0.1:\(http)/v1/records"], stdin: Data(body.utf8))
        #expect(answer.hasSuffix("400"), "a body with a bad record answers 400: \(answer)")
        #expect(answer.contains("\"accepted\":2") && answer.contains("\"rejected\":1") && answer.contains("missing required field"))

        let signatures = ["UDP probe", "TCP octet probe", "TCP newline probe", "HTTP probe"]
        var alerts: [JSONValue] = []
        let all = try DaemonHarness.waitUntil(10) {
            alerts = try d.list("alerts")
            return Set(alerts.compactMap { $0["signature"]?.string }).isSuperset(of: signatures)
        }
        #expect(all, "alerts: \(alerts.compactMap { $0["signature"]?.string }); log:\n\(d.logText)")
        #expect(alerts.filter { $0["asset"]?.string == "县政务服务网" }.count == 4)
        let incidents = try d.list("incidents")
        #expect(incidents.contains { $0["title"]?.string == "城关镇北街社区聚集" })
        #expect(try d.list("deadletters").count == 1)

        let (_, health, _) = try DaemonHarness.run(curl, ["-s", "http://127.0.0.1:\(http)/healthz"])
        let h = try JSONParser.parse(health)
        #expect(h["ok"]?.bool == true)
        #expect(h["sources"]?.array?.count == 3)
        let (_, metrics, _) = try DaemonHarness.run(curl, ["-s", "http://127.0.0.1:\(http)/metrics"])
        #expect(metrics.contains("watchfloord_records_in_total{source=\"syslog-udp\"} 1"))
        #expect(metrics.contains("watchfloord_records_rejected_total{source=\"http\"} 1"))
        #expect(metrics.contains("watchfloord_listener_connections_total{listener=\"syslog-tcp\"} 2"))
        // A chunked body is accepted (the old listener answered 411).
        let chunk = #"{"kind":"alert","at":"2026-11-20T08:02:00+08:00","sensor":"waf","signature_id":78,"signature":"chunked","level":2,"src":"198.51.100.1","dest":"10.99.10.11:443"}"#
        let (_, chunked, _) = try DaemonHarness.run(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: chunked",
                                                            "--data-binary", chunk, "http://127.0.0.1:\(http)/v1/records"])
        #expect(chunked == "200")

        #expect(d.terminate() == 0)
        #expect(d.logText.contains("stopped cleanly"))
    }

    @Test(arguments: StoreEngine.allCases) func killNineInTheMiddleOfA100kLineFileThenRestartGivesExactCounts(engine: StoreEngine) throws {
        let lines = 100_000
        let distinct = 500
        let d = try DaemonProcess(engine: engine, configBody: DaemonHarness.spoolConfig)
        let text = DaemonHarness.eveAlerts(lines: lines, distinct: distinct)
        let spool = d.dir + "/spool"
        // Kill it once part of the file is committed (its checkpoint is somewhere inside).
        let (midway, at, size) = try d.startAndWaitMidwayThrough(spoolFile: text)
        d.killHard()
        #expect(midway && at < size, "killed at byte \(at) of \(size)")
        let before = try d.scalar("SELECT COALESCE(SUM(count),0) FROM alerts")
        #expect(before < Int64(lines))

        try d.start()
        #expect(DaemonHarness.waitUntil(120) { FileManager.default.fileExists(atPath: spool + "/done/big.eve.json") }, "\(d.logText)")
        #expect(d.terminate() == 0)
        #expect(try d.scalar("SELECT SUM(count) FROM alerts") == Int64(lines))
        #expect(try d.scalar("SELECT COUNT(*) FROM alerts") == Int64(distinct))
        #expect(try d.scalar("SELECT COUNT(*) FROM dead_letters") == 0)
        let viaCLI = try d.list("alerts").reduce(Int64(0)) { $0 + ($1["count"]?.int ?? 0) }
        #expect(viaCLI == Int64(lines))
        // One sample per alert (its own table, written once), the first observation's line: `show` has it.
        #expect(try d.scalar("SELECT COUNT(*) FROM alert_samples") == Int64(distinct))
        let (status, out, err) = try DaemonHarness.run(DaemonHarness.binary("watchfloor"), ["show", "ALT-1", "--json", "--db", d.db])
        #expect(status == 0, "\(err)")
        let firstLine = String(text[..<text.firstIndex(of: "\n")!])
        #expect(try JSONParser.parse(out)["sample"]?.string == firstLine)
    }

    @Test func rotationOfATailedFileLosesNothing() throws {
        let d = try DaemonProcess { dir in "[daemon]\n[[daemon.tail]]\nname = \"eve\"\npath = \"\(dir)/eve.json\"\nformat = \"eve\"\npoll_ms = 10\n" }
        func line(_ i: Int) -> String {
            "{\"timestamp\":\"2026-11-20T09:00:00.000000+0800\",\"event_type\":\"alert\",\"src_ip\":\"192.0.2.\(i % 200)\",\"src_port\":1,\"dest_ip\":\"10.0.0.1\",\"dest_port\":80,\"host\":\"ids\",\"alert\":{\"signature_id\":\(i),\"signature\":\"s\(i)\",\"severity\":3}}\n"
        }
        let path = d.dir + "/eve.json"
        try (0..<500).map(line).joined().write(toFile: path, atomically: false, encoding: .utf8)
        try d.start()
        // The writer keeps appending to its open handle across the rename; the rotator creates a new file.
        let writer = try #require(FileHandle(forWritingAtPath: path))
        writer.seekToEndOfFile()
        writer.write(Data((500..<700).map(line).joined().utf8))
        #expect(rename(path, path + ".1") == 0)
        writer.write(Data((700..<800).map(line).joined().utf8))
        try writer.close()
        try (800..<1000).map(line).joined().write(toFile: path, atomically: false, encoding: .utf8)
        let done = try DaemonHarness.waitUntil(20) { try d.scalar("SELECT COALESCE(SUM(count),0) FROM alerts") == 1000 }
        let landed = try d.scalar("SELECT COALESCE(SUM(count),0) FROM alerts")
        let dead = try d.scalar("SELECT COUNT(*) FROM dead_letters")
        let cp = try d.scalar("SELECT COALESCE(MAX(offset),-1) FROM checkpoints")
        #expect(done, "\(landed) of 1000, \(dead) dead letters, checkpoint at \(cp); log:\n\(d.logText)")
        #expect(d.terminate() == 0)
        #expect(try d.scalar("SELECT COUNT(*) FROM alerts") == 1000)
        #expect(d.logText.contains("rotated"))
    }

    @Test func aPortInUseIsReportedAndTheOtherSourcesWorkThenSIGHUPRetries() throws {
        // Occupy a TCP port. Close-on-exec: a long-lived child of another test running meanwhile (a tmux server, a
        // daemon) must not inherit the socket and keep the port busy after it is closed here.
        let busy = DaemonHarness.freePort(), http = DaemonHarness.freePort()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(busy).bigEndian
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0 && listen(fd, 1) == 0)
        let d = try DaemonProcess { dir in
            "[daemon]\n[[daemon.syslog]]\nname = \"syslog-tcp\"\nprotocol = \"tcp\"\nport = \(busy)\n[[daemon.spool]]\npath = \"\(dir)/missing\"\n[daemon.http]\nport = \(http)\n"
        }
        try d.start()
        #expect(d.logText.contains("source syslog-tcp (syslog-tcp) FAILED to start"))
        #expect(d.logText.contains("address already in use"))
        #expect(d.logText.contains("spool directory \(d.dir)/missing does not exist"))
        let curl = try #require(DaemonHarness.which("curl"))
        let (_, health, _) = try DaemonHarness.run(curl, ["-s", "http://127.0.0.1:\(http)/healthz"])
        let h = try JSONParser.parse(health)
        #expect(h["ok"]?.bool == false)
        let states = Dictionary(uniqueKeysWithValues: (h["sources"]?.array ?? []).map { ($0["name"]?.string ?? "", $0["state"]?.string ?? "") })
        #expect(states == ["syslog-tcp": "failed", "spool": "failed", "http": "running"])
        let (_, answer, _) = try DaemonHarness.run(curl, ["-s", "--data-binary",
            "{\"kind\":\"alert\",\"at\":\"2026-11-20T08:01:00+08:00\",\"sensor\":\"waf\",\"signature_id\":1,\"signature\":\"still here\",\"level\":3,\"src\":\"1.1.1.1\",\"dest\":\"2.2.2.2\"}",
            "http://127.0.0.1:\(http)/v1/records"])
        #expect(answer.contains("\"accepted\":1"))
        #expect(try d.list("alerts").contains { $0["signature"]?.string == "still here" })

        // Free the port and reload: the failed source starts.
        close(fd)
        d.signal(SIGHUP)
        #expect(DaemonHarness.waitUntil(15) { d.logText.contains("listening on tcp 127.0.0.1:\(busy)") }, "\(d.logText)")
        #expect(d.terminate() == 0)
    }
}
