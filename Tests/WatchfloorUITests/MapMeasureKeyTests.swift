import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// `o` on the map switches what its shading measures (load ↔ opinion heat), through the real model, runtime and
/// store: the title, legend and footer say which; the choice survives view switches and a rebuilt map; new posts
/// on the bus reshade the map while it shows heat; the grid selection still filters the panes.
@Suite struct MapMeasureKeyTests {
    static let hotGrid = "990102005001001"       // 白沙乡: no open work, the hottest story
    static let busyGrid = "990102001002001"      // 城关镇: a Ⅰ incident, no story

    static func store(_ tag: String) throws -> Store {
        let dir = NSTemporaryDirectory() + "wf-uitest-\(tag)-" + UUID().uuidString
        let store = try Store(path: dir + "/w.db")
        store.clock = { UIFixture.now }
        var records: [IngestRecord] = try MapFixtures.countyGrids().map { .grid($0) }
        records.append(.incident(Incident(id: "", source: "110联动", sourceRef: "heat-1", category: .publicSafety,
                                          level: .one, title: "城关镇东街社区燃气管道泄漏", gridID: busyGrid,
                                          reportedAt: UIFixture.ago(minutes: 20))))
        let story = "网传白沙乡中学食堂多名学生呕吐送医，疑似食物中毒，家长聚集校门口"
        for i in 0..<8 {
            let platform = i % 2 == 0 ? "weibo" : "douyin"
            let at: Timestamp = UIFixture.ago(minutes: Int64(4 + i * 5))
            let post = Post(platform: platform, postID: "h\(i)", author: "网友\(i)", text: story, publishedAt: at,
                            reposts: 10, comments: 6, likes: 50, gridID: hotGrid)
            records.append(.post(post))
        }
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: records))
        return store
    }

    static func firstLine(_ backend: TestBackend, containing text: String) -> String? {
        backend.screen.dump().first { $0.contains(text) }
    }

    @Test func oSwitchesTheShadingAndTheChoiceSurvives() throws {
        let store = try Self.store("heat-key")
        let (rt, backend) = try UIFixture.runtime(store, width: 160, height: 48)
        #expect(rt.model.map != nil, "the county has outlines: the braille map is drawn")
        UIFixture.press(rt, .char("2"))
        var screen = UIFixture.screenText(backend)
        #expect(screen.contains("网格地图 云岭县") && screen.contains("负荷(相对)"), "\(screen)")
        #expect(screen.contains("o 舆情热度"), "the footer names the key and what it switches to")

        UIFixture.press(rt, .char("o"))
        #expect(rt.model.mapMeasure == .opinionHeat)
        screen = UIFixture.screenText(backend)
        let heats = try store.read { try OpinionHeatQuery.heats($0, now: UIFixture.now) }
        let county = MapLoadScale.format(try #require(heats["990102"]).hottest)
        #expect(screen.contains("网格地图·舆情热度 云岭县") && screen.contains("舆情热度 \(county)（第4/4档）"), "\(screen)")
        #expect(screen.contains("舆情热度(相对)") && screen.contains("热度=区域内在办话题的最高热度"), "\(screen)")
        #expect(screen.contains("地图着色：舆情热度"), "the message line says what changed")
        #expect(rt.model.map?.heat(of: Self.hotGrid)?.topics == 1)

        // Other views and back: still heat. The help lists the key in the map's group.
        UIFixture.press(rt, .char("1"), .char("5"), .char("z"), .char("z"), .char("3"), .char("2"))
        #expect(rt.model.mapMeasure == .opinionHeat)
        #expect(UIFixture.screenText(backend).contains("网格地图·舆情热度"), "\(UIFixture.screenText(backend))")
        UIFixture.press(rt, .char("?"))
        #expect(UIFixture.screenText(backend).contains("地图：着色切换 负荷/舆情热度"))
        UIFixture.press(rt, .escape)

        // The grids change (another process edits one): the rebuilt map keeps the measure.
        rt.send(.gridsLoaded(try MapFixtures.countyGrids()))
        rt.render()
        #expect(rt.model.map?.measure == .opinionHeat)
        #expect(UIFixture.screenText(backend).contains("网格地图·舆情热度 云岭县"))

        // The grid selection still filters the other panes in heat mode.
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "grid 990102005")
        UIFixture.press(rt, .enter)
        #expect(rt.model.gridFilter == "990102005")
        #expect(rt.model.query(.incidents).gridPrefix == "990102005" && rt.model.query(.opinion).gridPrefix == "990102005")
        #expect(UIFixture.screenText(backend).contains("网格地图·舆情热度 云岭县 › 白沙乡"))

        // And back to load.
        UIFixture.press(rt, .char("o"))
        #expect(rt.model.mapMeasure == .load)
        screen = UIFixture.screenText(backend)
        #expect(screen.contains("网格地图 云岭县 › 白沙乡") && screen.contains("负荷") && !screen.contains("网格地图·舆情热度"), "\(screen)")
        #expect(screen.contains("o 舆情热度") || screen.contains("地图着色：负荷"))
    }

    @Test func theKeyBelongsToTheMapOnly() throws {
        let store = try Self.store("heat-scope")
        let (rt, _) = try UIFixture.runtime(store, width: 120, height: 40)
        UIFixture.press(rt, .char("1"), .char("o"))
        #expect(rt.model.mapMeasure == .load, "o means nothing outside the map")
        var model = rt.model
        _ = model.update(.key(.char("2")))
        #expect(model.update(.key(.char("o"))) == [.load([.grid])])
        #expect(model.mapMeasure == .opinionHeat)
        #expect(model.update(.key(.char("o"))) == [.load([.grid])])
        #expect(model.mapMeasure == .load)
        // Read-only keeps it: it changes nothing in the store.
        #expect(!KeyMap.writingActions.contains("mapMeasure"))
    }

    /// In heat mode a new post on the bus reloads the map's heat; in load mode it does not touch the map.
    @Test func newPostsReshadeTheHeatMap() throws {
        let store = try Self.store("heat-bus")
        let (rt, _) = try UIFixture.runtime(store, width: 160, height: 48)
        UIFixture.press(rt, .char("2"), .char("o"))
        let quiet = "990102004001003"
        #expect(rt.model.map?.heat(of: quiet) == .zero)
        let seq = try UIFixture.latestSeq(store)
        try IngestWriter(store: store).write(IngestBatch(source: "fixture-2", records: [
            .post(Post(platform: "weibo", postID: "q1", author: "网友q", text: "河口乡渡口今天停航了，过河的村民排起长队",
                       publishedAt: UIFixture.ago(minutes: 2), likes: 5, gridID: quiet)),
        ]))
        try UIFixture.deliverNewEvents(rt, after: seq)
        let heat = try #require(rt.model.map?.heat(of: quiet))
        #expect(heat.topics == 1 && heat.hottest > 0, "\(heat)")
    }
}
