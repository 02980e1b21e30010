import Foundation
import Testing
import WatchfloorCore

/// The built binaries end to end: a token made by `watchfloor token new` admits a department's POSTs to a running
/// `watchfloord`; an open address without a gate stops the daemon at start; `insecure = true` is said out loud.
@Suite(.serialized) struct ListenerDaemonTests {
    @Test func aTokenFromTokenNewAdmitsItsDepartmentAndNothingElse() throws {
        let cli = DaemonHarness.binary("watchfloor")
        let (status, out, err) = try DaemonHarness.run(cli, ["token", "new", "--source", "消防大队", "--kinds", "incident"])
        #expect(status == 0, "\(err)")
        let lines = out.split(separator: "\n").map(String.init)
        let token = try #require(lines.first { $0.hasPrefix("wf_") })
        let settings = try #require(out.range(of: "[[daemon.http.token]]").map { String(out[$0.lowerBound...]) })
        #expect(settings.contains("sha256 = \"\(SHA256.hex(token))\"") && settings.contains("source = \"消防大队\""))
        #expect(!settings.contains(token))
        let (bad, _, badErr) = try DaemonHarness.run(cli, ["token", "new", "--source", "x", "--kinds", "incident,weather"])
        #expect(bad != 0 && badErr.contains("unknown kind 'weather'"))

        let http = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in "[daemon]\n[daemon.http]\nport = \(http)\n\n" + settings }
        try d.start()
        let curl = try #require(DaemonHarness.which("curl"))
        let record = #"{"kind":"incident","source":"someone-else","source_ref":"XF-1","category":"public_safety","level":2,"title":"化工园区泄漏","reported_at":"2026-11-20T08:00:00+08:00"}"#
        let url = "http://127.0.0.1:\(http)/v1/records"
        let (_, anonymous, _) = try DaemonHarness.run(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", record, url])
        #expect(anonymous == "401")
        let (_, admitted, _) = try DaemonHarness.run(curl, ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(token)", "--data-binary", record, url])
        #expect(admitted.hasSuffix("200"), "\(admitted)")
        let incidents = try d.list("incidents")
        #expect(incidents.contains { $0["source"]?.string == "消防大队" && $0["title"]?.string == "化工园区泄漏" }, "\(incidents)")
        let (_, metrics, _) = try DaemonHarness.run(curl, ["-s", "http://127.0.0.1:\(http)/metrics"])
        #expect(metrics.contains("watchfloord_listener_auth_missing_total{listener=\"http\"} 1"))
        #expect(d.terminate() == 0)
    }

    @Test func anOpenAddressWithoutAGateIsRefusedAndInsecureIsSaidOutLoud() throws {
        let http = DaemonHarness.freePort()
        let refused = try DaemonProcess { _ in "[daemon]\n[daemon.http]\naddress = \"0.0.0.0\"\nport = \(http)\n" }
        let (status, _, err) = try DaemonHarness.run(DaemonHarness.binary("watchfloord"), ["--config", refused.config, "--db", refused.db])
        #expect(status == 2)
        #expect(err.contains("http.address: 0.0.0.0 is reachable from other hosts but the listener has no tokens"), "\(err)")

        let d = try DaemonProcess { _ in "[daemon]\n[daemon.http]\naddress = \"0.0.0.0\"\nport = \(http)\ninsecure = true\n" }
        try d.start()
        #expect(d.logText.contains("WARNING insecure = true"))
        let curl = try #require(DaemonHarness.which("curl"))
        let (_, health, _) = try DaemonHarness.run(curl, ["-s", "http://127.0.0.1:\(http)/healthz"])
        let h = try JSONParser.parse(health)
        #expect(h["ok"]?.bool == true)
        #expect(h["insecure"]?.array?.compactMap(\.string) == ["http"], "\(health)")
        #expect(d.terminate() == 0)
    }
}
