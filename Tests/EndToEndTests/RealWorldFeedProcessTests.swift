import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// Issue #11 through the built binaries: the spool, the tail, HTTP with curl, syslog with logger, the CLI.
@Suite(.serialized) struct RealWorldFeedProcessTests {
    static func cap(_ id: String, msgType: String, references: String? = nil, info: Bool = true) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>\(id)</identifier><sender>qx@cma.cn</sender>
        <sent>2026-07-20T09:00:00+08:00</sent><status>Actual</status><msgType>\(msgType)</msgType><scope>Public</scope>
        \(references.map { "<references>qx@cma.cn,\($0),2026-07-20T08:00:00+08:00</references>" } ?? "")
        \(info ? "<info><language>zh-CN</language><category>Met</category><event>暴雨</event><urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty><headline>暴雨红色预警</headline><area><areaDesc>白沙乡</areaDesc></area></info>" : "")
        </alert>
        """
    }

    static var wf: String { DaemonHarness.binary("watchfloor") }

    // MARK: CAP order (item 1): spool, both files at once, the Cancel sorting first; and the CLI, Cancel first.

    @Test func capCancelDroppedBeforeItsAlertClosesItThroughTheSpoolAndTheCLI() throws {
        let d = try DaemonProcess { dir in "[daemon]\nescalate_every_seconds = 0.2\n[[daemon.spool]]\nname = \"cap\"\npath = \"\(dir)/spool\"\npoll_ms = 50\n" }
        try FileManager.default.createDirectory(atPath: d.dir + "/spool", withIntermediateDirectories: true)
        try d.start()
        // Staged beside the spool, then moved in together: the Cancel sorts first.
        try Self.cap("CN-RAIN-1-C", msgType: "Cancel", references: "CN-RAIN-1", info: false).write(toFile: d.dir + "/a.cap", atomically: true, encoding: .utf8)
        try Self.cap("CN-RAIN-1", msgType: "Alert").write(toFile: d.dir + "/b.cap", atomically: true, encoding: .utf8)
        #expect(rename(d.dir + "/a.cap", d.dir + "/spool/a-cancel.cap") == 0)
        #expect(rename(d.dir + "/b.cap", d.dir + "/spool/b-alert.cap") == 0)
        var incidents: [JSONValue] = []
        let landed = try DaemonHarness.waitUntil(15) { incidents = try d.list("incidents"); return !incidents.isEmpty }
        #expect(landed, "log:\n\(d.logText)")
        #expect(incidents.count == 1 && incidents.first?["status"]?.string == "closed", "\(incidents)")
        #expect(try d.list("deadletters").isEmpty)
        Thread.sleep(forTimeInterval: 1)   // several timer runs: a cancelled alert is never escalated
        #expect(try d.scalar("SELECT escalations FROM incidents") == 0)
        #expect(d.terminate() == 0)

        // The CLI, one file per invocation, Cancel first.
        let db = d.dir + "/cli.db"
        try Self.cap("CN-WIND-1-C", msgType: "Cancel", references: "CN-WIND-1", info: false).write(toFile: d.dir + "/c.cap", atomically: true, encoding: .utf8)
        try Self.cap("CN-WIND-1", msgType: "Alert").write(toFile: d.dir + "/d.cap", atomically: true, encoding: .utf8)
        let (s1, o1, e1) = try DaemonHarness.run(Self.wf, ["ingest", "--db", db, "--format", "cap", d.dir + "/c.cap"])
        #expect(s1 == 0, "\(o1)\(e1)")
        let (s2, o2, e2) = try DaemonHarness.run(Self.wf, ["ingest", "--db", db, "--format", "cap", d.dir + "/d.cap"])
        #expect(s2 == 0, "\(o2)\(e2)")
        // …and the usual order, Alert then Cancel (a bare one, no <info>).
        try Self.cap("CN-FOG-1", msgType: "Alert").write(toFile: d.dir + "/e.cap", atomically: true, encoding: .utf8)
        try Self.cap("CN-FOG-1-C", msgType: "Cancel", references: "CN-FOG-1", info: false).write(toFile: d.dir + "/f.cap", atomically: true, encoding: .utf8)
        #expect(try DaemonHarness.run(Self.wf, ["ingest", "--db", db, "--format", "cap", d.dir + "/e.cap"]).0 == 0)
        #expect(try DaemonHarness.run(Self.wf, ["ingest", "--db", db, "--format", "cap", d.dir + "/f.cap"]).0 == 0)
        let (_, list, _) = try DaemonHarness.run(Self.wf, ["list", "incidents", "--json", "--db", db])
        #expect(try JSONParser.parse(list).array?.map { $0["status"]?.string } == ["closed", "closed"])
        #expect(try Store(path: db, create: false).withConnection { try $0.scalarInt("SELECT COUNT(*) FROM dead_letters") } == 0)
    }

    // MARK: Open311 create over HTTP with curl (item 2), hostile POST (item 5)

    @Test func open311CreateRequestsWithCurlLandInThe12345QueueWithMaskedPhones() throws {
        let http = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in "[daemon]\n[daemon.http]\nport = \(http)\n" }
        try d.start()
        let curl = try #require(DaemonHarness.which("curl"), "curl is needed")
        let url = "http://127.0.0.1:\(http)/v1/open311/requests"
        let json = #"{"service_code":"noise","description":"夜间施工噪音","lat":30.27,"long":120.15,"phone":"13812341234","first_name":"李"}"#
        let (_, a, _) = try DaemonHarness.run(curl, ["-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "--data-binary", "@-", url],
                                              stdin: Data(json.utf8))
        #expect(a.hasSuffix("\n201"), "\(a)")
        let id = try #require(try JSONParser.parse(String(a.dropLast(4))).array?.first?["service_request_id"]?.string, "\(a)")
        let (_, b, _) = try DaemonHarness.run(curl, ["-s", "-w", "\n%{http_code}", url + ".json", "--data-urlencode", "service_code=pothole",
                                                     "--data-urlencode", "description=路面坑洼", "--data-urlencode", "address_string=城关镇北街",
                                                     "--data-urlencode", "phone=13900001111"])
        #expect(b.hasSuffix("\n201") && b.contains("service_request_id"), "\(b)")
        let array = #"[{"service_code":"light","address_string":"东街"},{"service_code":"light"}]"#
        let (_, c, _) = try DaemonHarness.run(curl, ["-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "--data-binary", "@-", url],
                                              stdin: Data(array.utf8))
        #expect(c.hasSuffix("\n400") && c.contains("service_request_id") && c.contains("no location"), "\(c)")

        var cases: [JSONValue] = []
        #expect(try DaemonHarness.waitUntil(10) { cases = try d.list("hotline"); return cases.count == 3 }, "\(cases)")
        #expect(cases.contains { $0["ticket"]?.string == id && $0["status"]?.string == "new" })
        #expect(try d.list("deadletters").count == 1)
        let (_, table, _) = try DaemonHarness.run(Self.wf, ["list", "hotline", "--db", d.db])
        #expect(table.contains("138****1234") && !table.contains("13812341234"), "\(table)")
        #expect(table.contains("夜间施工噪音"))
        #expect(d.terminate() == 0)

        // On screen: the 12345 queue (pane 3) shows the new case, the phone masked.
        try "[operators]\nwangwei = \"王伟\"\n".write(toFile: d.dir + "/ui.toml", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession("open311", command: "\(shellQuote(Self.wf)) --db \(shellQuote(d.db)) --config \(shellQuote(d.dir + "/ui.toml")) --operator wangwei --lang zh")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 10) { $0.contains("12345") })
        tmux.send("3")
        let shown = tmux.waitFor(timeout: 10) { $0.contains("夜间施工噪音") && $0.contains("138****1234") }
        let screen = tmux.capture()
        #expect(shown, "\(screen)")
        #expect(!screen.contains("13812341234") && screen.contains(String(id.prefix(10))), "\(screen)")
    }

    // MARK: Syslog with logger (item 7): the RFC 3164 zone per listener, GBK

    @Test func loggerRFC3164InUTCAndGBKCEFLandRight() throws {
        let udp = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in """
            [daemon]
            [[daemon.syslog]]
            name = "utc-devices"
            protocol = "udp"
            port = \(udp)
            assume_utc_offset = "+00:00"
            """ }
        try d.start()
        let logger = try #require(DaemonHarness.which("logger"), "util-linux logger is needed")
        let before = Timestamp.now()
        // logger writes the RFC 3164 time in the process's zone: UTC here, as for a device logging in UTC.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: logger)
        p.arguments = ["-n", "127.0.0.1", "-P", "\(udp)", "-d", "--rfc3164",
                       "CEF:0|Sample Networks|NGFW-3000|5.5R9|9200001|UTC probe|8|src=203.0.113.170 dst=10.99.10.11"]
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        p.environment = env
        try p.run()
        p.waitUntilExit()
        // GBK text from a Chinese firewall, raw bytes on stdin.
        let gbk: [UInt8] = Array("CEF:0|Hillstone|SG-6000|5.5|9200002|".utf8) + [0xB7, 0xC0, 0xBB, 0xF0, 0xC7, 0xBD, 0xB8, 0xE6, 0xBE, 0xAF]
            + Array("|7|src=203.0.113.9 dst=10.99.10.11\n".utf8)
        try DaemonHarness.run(logger, ["-n", "127.0.0.1", "-P", "\(udp)", "-d", "--rfc3164"], stdin: Data(gbk))
        var alerts: [JSONValue] = []
        let arrived = try DaemonHarness.waitUntil(10) { alerts = try d.list("alerts"); return alerts.count == 2 }
        let dead = try d.list("deadletters")
        #expect(arrived, "\(alerts) \(dead) \(d.logText)")
        let utc = try #require(alerts.first { $0["signature"]?.string == "UTC probe" })
        let at = try #require(utc["last_seen"]?.string.flatMap { ISOTime.parse($0) })
        #expect(abs(at.milliseconds - before.milliseconds) < 120_000, "read in UTC, not 8 h in the past: \(at.iso) vs \(before.iso)")
        #expect(alerts.contains { $0["signature"]?.string == "防火墙告警" })
        #expect(d.terminate() == 0)
    }

    // MARK: Tail identity (item 6): copytruncate, the file regrown past the old offset before the daemon looks

    @Test func copytruncateRegrownPastTheOldOffsetLosesNothing() throws {
        let d = try DaemonProcess { dir in "[daemon]\n[[daemon.tail]]\nname = \"app\"\npath = \"\(dir)/app.jsonl\"\nformat = \"jsonl\"\npoll_ms = 1500\n" }
        func line(_ gen: String, _ i: Int) -> String {
            #"{"kind":"incident","source":"app","source_ref":"\#(gen)-\#(i)","category":"other","level":4,"title":"\#(gen) 第\#(i)条","reported_at":"2026-11-20T08:00:00+08:00"}"# + "\n"
        }
        let path = d.dir + "/app.jsonl"
        try (0..<1000).map { line("old", $0) }.joined().write(toFile: path, atomically: false, encoding: .utf8)
        try d.start()
        #expect(try DaemonHarness.waitUntil(20) { try d.scalar("SELECT COUNT(*) FROM incidents") == 1000 })
        // copytruncate: same inode, emptied and rewritten longer in one go, between two looks of the daemon.
        let fresh = (0..<2000).map { line("new", $0) }.joined()
        let fd = open(path, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        let written = fresh.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        #expect(written == fresh.utf8.count)
        let done = try DaemonHarness.waitUntil(25) { try d.scalar("SELECT COUNT(*) FROM incidents") == 3000 }
        let count = try d.scalar("SELECT COUNT(*) FROM incidents")
        #expect(done, "\(count) of 3000; log:\n\(d.logText)")
        #expect(try d.scalar("SELECT COUNT(*) FROM dead_letters") == 0)
        #expect(d.logText.contains("rewritten") || d.logText.contains("truncated"))
        #expect(d.terminate() == 0)

        // The same while the daemon is down: the checkpoint's fingerprint tells the regrown file from the old one.
        try (0..<4000).map { line("third", $0) }.joined().write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
        let third = try String(contentsOfFile: path + ".tmp", encoding: .utf8)
        let fd2 = open(path, O_WRONLY | O_TRUNC)
        _ = third.utf8CString.withUnsafeBufferPointer { write(fd2, $0.baseAddress, $0.count - 1) }
        close(fd2)
        try d.start()
        let after = try DaemonHarness.waitUntil(25) { try d.scalar("SELECT COUNT(*) FROM incidents") == 7000 }
        let total = try d.scalar("SELECT COUNT(*) FROM incidents")
        #expect(after, "\(total) of 7000 after a restart; log:\n\(d.logText)")
        #expect(d.terminate() == 0)
    }

    // MARK: Escalate (item 4), the sanitiser at every boundary (item 5), audit anchoring (item 9)

    static let badBytes: [(String, (Unicode.Scalar) -> Bool)] = [
        ("C0 control", { $0.value < 0x20 && $0 != "\n" }),
        ("DEL/C1 control", { (0x7F...0x9F).contains($0.value) }),
        ("bidi control", { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || [0x200E, 0x200F, 0x061C].contains($0.value) }),
    ]

    func scan(_ label: String, _ text: String) -> [String] {
        var found: [String] = []
        if text.utf8.contains(0x1B) { found.append("\(label): ESC") }
        for (name, bad) in Self.badBytes where text.unicodeScalars.contains(where: bad) { found.append("\(label): \(name)") }
        return found
    }

    @Test func noCLIOutputCarriesControlOrBidiCharactersAfterHostileInput() throws {
        let http = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in "[daemon]\n[daemon.http]\nport = \(http)\n" }
        try d.start()
        let curl = try #require(DaemonHarness.which("curl"))
        // An unauthenticated POST whose body is a terminal escape: dead-lettered with a reason quoting it.
        try DaemonHarness.run(curl, ["-s", "--data-binary", "@-", "http://127.0.0.1:\(http)/v1/records"],
                              stdin: Data("x \u{1B}]0;PWNED\u{07}\n{\"kind\":\"\u{1B}[2J\u{202E}evil\"}\n".utf8))
        let hostile = #"{"kind":"incident","source":"110\u001b[31m","source_ref":"H-1","category":"public_safety","level":4,"title":"标题\u001b]0;PWNED\u0007\u202egnp.exe","detail":"\u009b31m细节","reported_at":"2026-11-20T08:00:00+08:00"}"#
        try DaemonHarness.run(curl, ["-s", "--data-binary", "@-", "http://127.0.0.1:\(http)/v1/records"], stdin: Data(hostile.utf8))
        var incidents: [JSONValue] = []
        #expect(try DaemonHarness.waitUntil(10) { incidents = try d.list("incidents"); return incidents.count == 1 })
        #expect(d.terminate() == 0)
        let id = try #require(incidents.first?["id"]?.string)
        let evil = "\u{1B}[31m王伟\u{1B}[0m\u{202E}\u{9B}1m"
        var outputs: [(String, Int32, String, String)] = []
        func wf(_ args: [String]) throws {
            let (s, o, e) = try DaemonHarness.run(Self.wf, args + ["--db", d.db])
            outputs.append((args.joined(separator: " "), s, o, e))
        }
        try wf(["ack", id, "--operator", evil, "--note", "收到\u{1B}]8;;http://x\u{07}链接\u{1B}]8;;\u{07}"])
        try wf(["note", id, "备注\u{202E}txt.exe\u{1B}[1A", "--operator", evil])
        try wf(["escalate", id, "--json", "--operator", evil])
        try wf(["escalate", id, "--operator", evil])
        try wf(["escalate", id, "--operator", evil])
        try wf(["escalate", id, "--operator", evil])   // Ⅰ: refused
        for what in ["incidents", "hotline", "alerts", "deadletters"] {
            try wf(["list", what])
            try wf(["list", what, "--json"])
        }
        try wf(["show", id])
        try wf(["show", id, "--json"])
        try wf(["events"])
        try wf(["events", "--json"])
        try wf(["audit", "verify"])
        try wf(["export", "handover", "--shift", "current"])
        try wf(["show", "INC-\u{1B}[2J"])   // an argument echoed back in an error
        var problems: [String] = []
        for (cmd, _, out, err) in outputs {
            problems += scan("\(cmd) stdout", out) + scan("\(cmd) stderr", err)
        }
        #expect(problems.isEmpty, "\(problems)")
        // …and the text itself survived, cleaned.
        let listDead = try #require(outputs.first { $0.0 == "list deadletters" })
        #expect(listDead.2.contains("x") && !listDead.2.contains("PWNED\u{07}"))
        let shown = try #require(outputs.first { $0.0 == "show \(id)" })
        #expect(shown.2.contains("王伟") && shown.2.contains("gnp.exe"), "\(shown.2)")

        // Escalate: --json carries from/to; Ⅰ is refused with the sentence; the help says what no version means.
        let escalations = outputs.filter { $0.0.hasPrefix("escalate") }
        let first = try JSONParser.parse(escalations[0].2)
        #expect(first["from_level"]?.int == 4 && first["to_level"]?.int == 3)
        #expect(escalations[3].1 != 0 && escalations[3].3.contains("already level Ⅰ"), "\(escalations[3].3)")
        #expect(try d.scalar("SELECT escalations FROM incidents") == 3)
        let (_, help, _) = try DaemonHarness.run(Self.wf, ["escalate", "--help"])
        #expect(help.contains("acts on the incident's current version"), "\(help)")
    }

    /// The issue's case: 8 racing `watchfloor escalate` processes without --expect-version on a Ⅳ incident.
    @Test func eightRacingEscalateProcessesStopAtLevelOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-race-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/store.db"
        try #"{"kind":"incident","source":"110","source_ref":"R-1","category":"public_safety","level":4,"title":"竞态","reported_at":"2026-11-20T08:00:00+08:00"}"#
            .write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try DaemonHarness.run(Self.wf, ["ingest", "--db", db, dir + "/in.jsonl"]).0 == 0)
        let id = try #require(try JSONParser.parse(try DaemonHarness.run(Self.wf, ["list", "incidents", "--json", "--db", db]).1).array?.first?["id"]?.string)
        let processes = (0..<8).map { n -> (Process, Pipe) in
            let p = Process(), err = Pipe()
            p.executableURL = URL(fileURLWithPath: Self.wf)
            p.arguments = ["escalate", id, "--db", db, "--operator", "op\(n)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            return (p, err)
        }
        for (p, _) in processes { try p.run() }
        var refusals: [String] = []
        for (p, err) in processes {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            if p.terminationStatus != 0 { refusals.append(text) }
        }
        #expect(refusals.count == 5, "\(refusals)")
        #expect(refusals.allSatisfy { $0.contains("is already level Ⅰ") }, "\(refusals)")
        let store = try Store(path: db, create: false)
        let i = try #require(try store.withConnection { try IncidentRepository.get($0, id: id) })
        #expect(i.level == .one && i.escalations == 3)
    }

    @Test func auditVerifyAgainstAHandoverCatchesATruncatedLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-anchor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/store.db"
        let records = (1...3).map { #"{"kind":"incident","source":"110","source_ref":"A-\#($0)","category":"public_safety","level":3,"title":"事件\#($0)","reported_at":"2026-11-20T08:00:00+08:00"}"# }
        try records.joined(separator: "\n").write(toFile: dir + "/in.jsonl", atomically: true, encoding: .utf8)
        #expect(try DaemonHarness.run(Self.wf, ["ingest", "--db", db, dir + "/in.jsonl"]).0 == 0)
        let ids = try JSONParser.parse(try DaemonHarness.run(Self.wf, ["list", "incidents", "--json", "--db", db]).1).array?.compactMap { $0["id"]?.string } ?? []
        for id in ids { #expect(try DaemonHarness.run(Self.wf, ["ack", id, "--db", db, "--operator", "lina"]).0 == 0) }
        for format in ["md", "json", "html", "csv"] {
            let (s, _, e) = try DaemonHarness.run(Self.wf, ["export", "handover", "--shift", "current", "--format", format, "-o", "\(dir)/h.\(format)", "--db", db])
            #expect(s == 0, "\(e)")
        }
        let files = ["md", "json", "html", "csv"].map { "\(dir)/h.\($0)" }
        let (ok, okOut, okErr) = try DaemonHarness.run(Self.wf, ["audit", "verify", "--db", db, "--against"] + files)
        #expect(ok == 0, "\(okOut + okErr)")
        #expect(okOut.components(separatedBy: "holds").count - 1 == 4, "\(okOut)")
        let anchor = try #require(AuditHead.find(in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: files[0])))))
        let store = try Store(path: db, create: false)
        let exported = try store.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM events WHERE topic='handover.exported' AND data->>'$.audit_anchor.seq' = ?", [.int(anchor.seq)]) }
        #expect(exported == 4, "the export events carry the anchor in the chain")
        // Truncate the tail of the log (the last acknowledgement and everything after): the chain that is left is
        // internally consistent, the handover says otherwise.
        _ = try store.write { c in try c.run("DELETE FROM events WHERE seq >= ?", [.int(anchor.seq)]) }
        #expect(try DaemonHarness.run(Self.wf, ["audit", "verify", "--db", db]).0 == 0)
        let (bad, badOut, _) = try DaemonHarness.run(Self.wf, ["audit", "verify", "--db", db, "--against", files[1]])
        #expect(bad == 2 && badOut.contains("ANCHOR FAILS") && badOut.contains("truncated"), "\(badOut)")
    }
}
