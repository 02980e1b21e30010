import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// Counties through the real CLI: `store copy` into a city store, `audit verify` on it, `--county` filters, and an
/// operator limited to one county refused (exit 4, a sentence) when reading or acting on another; the city store on
/// SQLite and on PostgreSQL (a county's own store, the source, is a file).
@Suite struct CountyCLITests {
    let watchfloor = Binaries.path("watchfloor")

    /// A county's own store with one incident, one 12345 case and one alert, all in the county's grids.
    func countyStore(_ dir: String, _ code: String, incidentRef: String) throws -> String {
        let db = dir + "/\(code).db"
        let store = try Store(path: db)
        try CountyAccess.setHomeCounty(store, code)
        let now = Timestamp.now()
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .incident(Incident(id: "", source: "网格上报-\(code)", sourceRef: incidentRef, category: .dispute, level: .four,
                               title: "邻里宅基地纠纷 \(code)", gridID: code + "001001001", reportedAt: now)),
            .hotline(HotlineCase(ticket: "12345-\(code)", receivedAt: now, type: .complaint, summary: "夜间施工噪音扰民",
                                 gridID: code + "001001001")),
            .alert(AlertObservation(at: now, sensor: "ids-\(code)", signatureID: 9, signature: "SQL 注入尝试", level: .two,
                                    src: "203.0.113.5", dest: "10.99.1.20:443")),
        ]))
        return db
    }

    @Test(arguments: StoreEngine.allCases) func copyTwoCountiesIntoACityAndLimitAnOperatorToOne(engine: StoreEngine) throws {
        let dir = temporaryDirectory("county")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try countyStore(dir, "990102", incidentRef: "a-1")
        // The second county's incident gets its own id: ids are per county and must not collide in the city.
        let b = try countyStore(dir, "990103", incidentRef: "b-1")
        let bStore = try Store(path: b)
        try bStore.withConnection { try $0.execute("UPDATE incidents SET id = 'INC-990103-0001'") }
        let scratch = try ScratchLocation(engine: engine, file: dir + "/city.db")
        defer { withExtendedLifetime(scratch) {} }
        let city = scratch.location
        func wf(_ who: String, _ args: String...) throws -> ProcessResult { try run(watchfloor, args + ["--operator", who]) }

        #expect(try wf("wang", "ack", "12345-990102", "--db", a).status != 0)   // a ticket is not an incident
        let acked = try wf("wang", "hotline", "accept", "12345-990102", "--db", a)
        #expect(acked.status == 0, "\(acked.stderr)")
        let copyA = try wf("admin", "store", "copy", "--from", a, "--to", city, "--county", "990102", "--json")
        #expect(copyA.status == 0, "\(copyA.stderr)")
        let report = try JSONParser.parse(copyA.stdout)
        #expect(report["items"]?.int == 3 && report["audited_events"]?.int == 1)
        #expect(try wf("admin", "store", "copy", "--from", b, "--to", city, "--county", "990103").status == 0)
        let again = try wf("admin", "store", "copy", "--from", a, "--to", city, "--county", "990102")
        #expect(again.status == 1 && again.stderr.contains("county 990102 was already copied"), "\(again.stderr)")
        let verify = try wf("admin", "audit", "verify", "--db", city)
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout)\(verify.stderr)")

        // The city sees both counties; --county narrows.
        func ids(_ who: String, _ extra: [String] = []) throws -> [String] {
            let r = try run(watchfloor, ["list", "hotline", "--json", "--db", city, "--operator", who] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return (try JSONParser.parse(r.stdout).array ?? []).compactMap { $0["ticket"]?.string }.sorted()
        }
        #expect(try ids("admin") == ["12345-990102", "12345-990103"])
        #expect(try ids("admin", ["--county", "990103"]) == ["12345-990103"])
        let bad = try wf("admin", "list", "hotline", "--db", city, "--county", "9901")
        #expect(bad.status == 1 && bad.stderr.contains("6-digit code"))

        // Limit li to 990103: li sees only it, and is refused the other county with exit 4 and a sentence.
        #expect(try wf("admin", "county", "limit", "li", "990103", "--db", city).status == 0)
        #expect(try ids("li") == ["12345-990103"])
        let peek = try wf("li", "list", "hotline", "--db", city, "--county", "990102")
        #expect(peek.status == 4 && peek.stderr.contains("operator li is limited to county 990103"), "\(peek.stderr)")
        let show = try wf("li", "show", "12345-990102", "--db", city)
        #expect(show.status == 4 && show.stderr.contains("12345-990102 is not in county 990103"), "\(show.stderr)")
        let act = try wf("li", "hotline", "transfer", "12345-990102", "--to", "县住建局", "--db", city, "--lang", "zh")
        #expect(act.status == 4 && act.stderr.contains("仅限县 990103"), "\(act.stderr)")
        let note = try wf("li", "note", "12345-990102", "看一下", "--db", city)
        #expect(note.status == 4, "\(note.stderr)")
        let own = try wf("li", "hotline", "accept", "12345-990103", "--db", city)
        #expect(own.status == 0, "\(own.stderr)")
        let lift = try wf("li", "county", "limit", "li", "--lift", "--db", city)
        #expect(lift.status == 4, "a limited operator cannot lift limits: \(lift.stderr)")
        // Nothing of 990102 changed; the chain still verifies after li's action.
        let shown = try JSONParser.parse(try wf("admin", "show", "12345-990102", "--json", "--db", city).stdout)
        #expect(shown["status"]?.string == "accepted" && shown["department"]?.isNull != false)
        #expect(try wf("admin", "audit", "verify", "--db", city).status == 0)
        // The handover export cannot keep to one county yet: refused rather than showing the other county.
        let export = try wf("li", "export", "handover", "--db", city)
        #expect(export.status == 4 && export.stderr.contains("cannot keep to one county yet"), "\(export.stderr)")
        // Events: li's feed carries only their county.
        let events = try wf("li", "events", "--json", "--db", city)
        let topics = events.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(!topics.isEmpty && topics.allSatisfy { !($0["entity_id"]?.string ?? "").contains("990102") })
    }
}
