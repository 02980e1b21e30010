import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The city view in the built UI, in tmux: a store holding two counties (the sample county, whose rows are the
/// home county's, and 石桥县 with stamped rows) shows each row's county in a 县区 column while no county is chosen;
/// `:county` takes the column away, `:county` alone brings it back.
@Suite(.serialized) struct UITmuxCityViewTests {
    let watchfloor = Binaries.path("watchfloor")

    func cityStore() throws -> (db: String, dir: String) {
        let dir = temporaryDirectory("ui-city")
        let db = dir + "/w.db"
        let store = try Store(path: db)
        try UISampleData.seed(store)
        try CountyAccess.setHomeCounty(store, "990102")
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .grid(Grid(id: "990103", name: "石桥县", level: .county)),
            .incident(Incident(id: "", source: "110联动", sourceRef: "SQ-1", category: .naturalDisaster, level: .one,
                               title: "石桥县山体滑坡阻断县道", gridID: "990103001001001", reportedAt: Timestamp.now())),
        ]))
        try store.withConnection { try $0.execute("UPDATE incidents SET county = '990103' WHERE source_ref = 'SQ-1'") }
        return (db, dir)
    }

    @Test func aCountyColumnWhileNoCountyIsChosen() throws {
        let (db, dir) = try cityStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        let tmux = try TmuxSession("city-view", width: 160, height: 48,
                                   command: "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator wangwei --lang zh")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 10) { $0.contains("石桥县山体滑坡阻断县道") }, "\(tmux.capture())")
        tmux.send("1")
        tmux.send("z")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("县区") && $0.contains("1 事件 · 放大") }, "\(tmux.capture())")
        var lines = tmux.capture().split(separator: "\n").map(String.init)
        let slide = try #require(lines.first { $0.contains("石桥县山体滑坡阻断县道") })
        #expect(slide.hasSuffix(" 石桥县┃"), "\(slide)")
        #expect(lines.contains { $0.contains("城关镇") && $0.hasSuffix(" 云岭县┃") }, "the sample county's rows: \(lines)")
        #expect(TmuxSession.rowsOffWidth(lines.joined(separator: "\n"), width: 160, rows: 46).isEmpty)

        tmux.command("county 990103")
        #expect(tmux.waitFor { $0.contains("县 990103") && !$0.contains("县区") }, "\(tmux.capture())")
        tmux.command("county")
        #expect(tmux.waitFor { !$0.contains("县 990103") && $0.contains("县区") }, "\(tmux.capture())")
        lines = tmux.capture().split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix(" 石桥县┃") })
    }
}
