import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The action commands as a script would use them: hotline stages, alert triage, filters and JSON shapes.
@Suite struct CLIActionTests {
    let watchfloor = Binaries.path("watchfloor")

    func freshStore() throws -> (String, String) {
        let dir = temporaryDirectory("cli")
        let db = dir + "/w.db"
        let store = try Store(path: db)
        let now = Timestamp.now()
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .hotline(HotlineCase(ticket: "12345-A", receivedAt: now, phone: "13812341234", type: .complaint,
                                 summary: "夜间施工噪音扰民", gridID: "990102001001001")),
            .hotline(HotlineCase(ticket: "12345-B", receivedAt: now, type: .inquiry, summary: "社保卡补办地点", gridID: "990102002001001")),
            .alert(AlertObservation(at: now, sensor: "waf-portal-01", signatureID: 9, signature: "SQL 注入尝试", level: .two,
                                    src: "203.0.113.5", dest: "10.99.1.20:443", asset: "县政务服务网")),
            .incident(Incident(id: "", source: "网格上报", sourceRef: "g-1", category: .dispute, level: .four,
                               title: "邻里宅基地纠纷", gridID: "990102001001001", reportedAt: now)),
        ]))
        return (dir, db)
    }

    @Test func hotlineStagesThroughTheCLI() throws {
        let (dir, db) = try freshStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func wf(_ args: String...) throws -> ProcessResult { try run(watchfloor, args + ["--db", db, "--operator", "lina"]) }
        #expect(try wf("hotline", "accept", "12345-A").status == 0)
        let transferred = try wf("hotline", "transfer", "12345-A", "--to", "县住建局", "--json")
        let json = try JSONParser.parse(transferred.stdout)
        #expect(json["status"]?.string == "transferred" && json["department"]?.string == "县住建局")
        #expect(json["phone"]?.string == "138****1234")
        #expect(json["stage"]?.string == "handle" && json["stage_due_at"]?.string != nil)
        let wrong = try wf("hotline", "callback", "12345-A", "--satisfaction", "great")
        #expect(wrong.status == 1 && wrong.stderr.contains("--satisfaction must be"))
        let early = try wf("hotline", "close", "12345-A")
        #expect(early.status == 4 && early.stderr.contains("(it is transferred)"), "refused by a rule: \(early.stderr)")
        #expect(try wf("hotline", "return", "12345-A", "--reason", "非本单位职责").status == 0)
        let list = try JSONParser.parse(try wf("list", "hotline", "--status", "returned", "--json").stdout).array ?? []
        #expect(list.map { $0["ticket"]?.string } == ["12345-A"])
    }

    /// Exit 3 when someone else acted first (naming them by display name, in --lang), 4 when a rule forbids it.
    @Test func raceAndRuleRefusalsHaveTheirOwnExitCodesAndLanguage() throws {
        let (dir, db) = try freshStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = dir + "/watchfloor.toml"
        try "[operators]\nwangwei = \"王伟\"\n".write(toFile: settings, atomically: true, encoding: .utf8)
        func wf(_ who: String, _ args: String...) throws -> ProcessResult {
            try run(watchfloor, args + ["--db", db, "--operator", who, "--config", settings])
        }
        let incident = try JSONParser.parse(try wf("lina", "list", "incidents", "--json").stdout).array?.first
        let id = try #require(incident?["id"]?.string)
        #expect(try wf("wangwei", "ack", id).status == 0)
        let race = try wf("lina", "ack", id, "--lang", "zh")
        #expect(race.status == 3 && race.stderr.contains("已由 王伟 于 ") && race.stderr.contains(" 确认"), "\(race.stderr)")
        let stale = try wf("lina", "escalate", id, "--expect-version", "1", "--lang", "en")
        #expect(stale.status == 3 && stale.stderr.contains("already acknowledged by 王伟 at "), "\(stale.stderr)")
        let rule = try wf("wangwei", "close", id, "--lang", "zh")
        #expect(rule.status == 4 && rule.stderr.contains("只能关闭已处置的事件（当前：已确认）"), "\(rule.stderr)")
        let ruleEn = try wf("wangwei", "close", id, "--lang", "en")
        #expect(ruleEn.status == 4 && ruleEn.stderr.contains("only a resolved incident can be closed (it is acknowledged)"))
        #expect(!ruleEn.stderr.contains("already"))
        let help = try run(watchfloor, ["--help"])
        #expect(help.stdout.contains("someone else acted first") && help.stdout.contains("refused by a rule"))
    }

    @Test func alertTriageAndFilters() throws {
        let (dir, db) = try freshStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func wf(_ args: String...) throws -> ProcessResult { try run(watchfloor, args + ["--db", db, "--operator", "chenjing"]) }
        let alerts = try JSONParser.parse(try wf("list", "alerts", "--json").stdout).array ?? []
        #expect(alerts.count == 1)
        let id = alerts[0]["id"]!.string!
        #expect(id.hasPrefix("ALT-"))
        #expect(try wf("alert", "suppress", id, "--for", "2h").status == 0)
        #expect(try wf("alert", "suppress", id, "--for", "soon").status == 1)
        let shown = try JSONParser.parse(try wf("show", id, "--json").stdout)
        #expect(shown["status"]?.string == "suppressed")
        #expect(shown["timeline"]?.array?.last?["topic"]?.string == "alert.suppress")
        let grid = try JSONParser.parse(try wf("list", "hotline", "--grid", "990102001", "--json").stdout).array ?? []
        #expect(grid.map { $0["ticket"]?.string } == ["12345-A"])
        let levelled = try JSONParser.parse(try wf("list", "incidents", "--level", "3", "--json").stdout).array ?? []
        #expect(levelled.isEmpty)
        let table = try wf("list", "incidents", "--lang", "zh")
        #expect(table.stdout.contains("矛盾纠纷") && table.stdout.contains("待确认"))
        let bad = try wf("list", "incidents", "--since", "yesterday")
        #expect(bad.status == 1 && bad.stderr.contains("not an ISO-8601 time"))
    }
}

/// Issue 5: any GeoJSON whose features carry a name loads as grids; a mapping option picks the properties.
@Suite struct GeoJSONIngestTests {
    @Test func mappingOptionPicksTheNameProperty() throws {
        let dir = temporaryDirectory("geojson")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let taiwan = Binaries.packageRoot.appendingPathComponent("Tests/Fixtures/corpus/geojson/click_that_hood/taiwan.geojson").path
        let watchfloor = Binaries.path("watchfloor")
        let plain = try run(watchfloor, ["ingest", "--format", "geojson", taiwan, "--db", db])
        #expect(plain.status == 0 && plain.stdout.contains("22 records, 0 rejected"), "\(plain.stdout)\(plain.stderr)")
        var names = try JSONParser.parse(try run(watchfloor, ["list", "grids", "--json", "--db", db]).stdout).array?.compactMap { $0["name"]?.string } ?? []
        #expect(names.contains("Taipei City"))
        let mapped = try run(watchfloor, ["ingest", "--format", "geojson", "--geojson-name", "name_traditional_chinese", taiwan, "--db", db])
        #expect(mapped.stdout.contains("updated grid 22"))
        names = try JSONParser.parse(try run(watchfloor, ["list", "grids", "--json", "--db", db]).stdout).array?.compactMap { $0["name"]?.string } ?? []
        #expect(names.contains("台北市") && names.count == 22)
    }
}
