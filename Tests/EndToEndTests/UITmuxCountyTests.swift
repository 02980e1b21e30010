import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The built UI in tmux on a city store: `:county CODE` narrows every pane and says so in the titles; an operator
/// limited to a county starts on it (`county limit`) and cannot leave it — with the store on SQLite and on PostgreSQL.
@Suite(.serialized) struct UITmuxCountyTests {
    let watchfloor = Binaries.path("watchfloor")

    /// The store on `engine`; keep `scratch` alive while the store is used (on PostgreSQL it drops the schema).
    func cityStore(_ engine: StoreEngine) throws -> (db: String, dir: String, scratch: ScratchLocation) {
        let dir = temporaryDirectory("ui-county")
        let scratch = try ScratchLocation(engine: engine, file: dir + "/w.db")
        let db = scratch.location
        let store = try Store(path: db)
        try UISampleData.seed(store)
        try CountyAccess.setHomeCounty(store, "990102")
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .incident(Incident(id: "", source: "网格上报", sourceRef: "B-1", category: .dispute, level: .two,
                               title: "石桥县集市摊位纠纷", gridID: "990103001001001", reportedAt: Timestamp.now())),
        ]))
        try store.withConnection { try $0.execute("UPDATE incidents SET county = '990103' WHERE source_ref = 'B-1'") }
        return (db, dir, scratch)
    }

    func ui(_ db: String, _ who: String) -> String {
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        return "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator \(who) --lang en"
    }

    @Test(arguments: StoreEngine.allCases) func countyCommandNarrowsThePanesAndALimitedOperatorStaysInTheirCounty(engine: StoreEngine) throws {
        let (db, dir, scratch) = try cityStore(engine)
        defer { withExtendedLifetime(scratch) {}; try? FileManager.default.removeItem(atPath: dir) }
        let city = try TmuxSession("city", command: ui(db, "wangwei"))
        defer { city.kill() }
        #expect(city.waitFor(timeout: 10) { $0.contains("石桥县集市摊位纠纷") }, "the city sees both counties:\n\(city.capture())")
        city.command("county 990102")
        #expect(city.waitFor { $0.contains("county 990102") && !$0.contains("石桥县集市摊位纠纷") }, "\(city.capture())")
        city.command("county")
        #expect(city.waitFor { !$0.contains("county 990102") && $0.contains("石桥县集市摊位纠纷") }, "\(city.capture())")

        #expect(try run(watchfloor, ["county", "limit", "li", "990103", "--db", db, "--operator", "wangwei"]).status == 0)
        let li = try TmuxSession("li", command: ui(db, "li"))
        defer { li.kill() }
        #expect(li.waitFor(timeout: 10) { $0.contains("county 990103") && $0.contains("石桥县集市摊位纠纷") }, "\(li.capture())")
        li.command("county 990102")
        #expect(li.waitFor { $0.contains("limited to county 990103") }, "\(li.capture())")
        #expect(li.capture().contains("石桥县集市摊位纠纷"))
    }
}
