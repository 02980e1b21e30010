import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// The map's shading measuring public-opinion heat (#14): the measure and its setting, the per-grid heat query
/// against a real store, golden maps in both measures (zh and en), and the `o` key through the real model and
/// runtime.
@Suite struct MapOpinionHeatTests {
    typealias F = MapFixtures

    /// Heat that ranks the townships differently from `sampleLoads()`: 白沙乡 (no load at all) is the hottest,
    /// 城关镇 (the busiest) has one lukewarm topic, 龙泉镇 has two topics in two grids, 青石镇 and 河口乡 none.
    static func sampleHeats() -> [String: GridOpinionHeat] {
        var own: [String: GridOpinionHeat] = [
            "990102005001001": GridOpinionHeat(hottest: 96.4, topics: 1),
            "990102003002003": GridOpinionHeat(hottest: 41.0, topics: 2),
            "990102003001001": GridOpinionHeat(hottest: 18.5, topics: 1),
            "990102001002001": GridOpinionHeat(hottest: 6.2, topics: 1),
        ]
        for (id, heat) in own {
            var p = GridCode.parent(of: id)
            while let code = p { own[code, default: .zero].add(heat); p = GridCode.parent(of: code) }
        }
        return own
    }

    static func heatPane() throws -> MapPane {
        let p = try F.countyPane()
        p.update(heats: sampleHeats())
        p.measure = .opinionHeat
        return p
    }

    @Test func theSettingNamesAMeasure() throws {
        #expect(MapMeasure(setting: "load") == .load)
        #expect(MapMeasure(setting: "opinion_heat") == .opinionHeat)
        #expect(MapMeasure(setting: "Opinion-Heat") == .opinionHeat)
        #expect(MapMeasure(setting: "heat") == .opinionHeat)
        #expect(MapMeasure(setting: "loud") == nil)
        #expect(MapMeasure.load.next == .opinionHeat && MapMeasure.opinionHeat.next == .load)

        var settings = WatchfloorSettings()
        func prepare() throws -> WatchfloorApp.Setup {
            try WatchfloorApp.prepare(settings: settings, operator: "wangwei", language: .zh, theme: nil, handover: nil,
                                      readOnly: false)
        }
        settings.raw = try TOML.parse("[ui]\n")
        #expect(try prepare().config.mapMeasure == .load, "load unless the settings say otherwise")
        settings.raw = try TOML.parse("[ui]\nmap_shading = \"opinion_heat\"\n")
        #expect(try prepare().config.mapMeasure == .opinionHeat)
        #expect(try prepare().model(colorCapability: .none, size: Size(width: 80, height: 24), now: UIFixture.now)
            .mapMeasure == .opinionHeat, "the model starts with the setting")
        settings.raw = try TOML.parse("[ui]\nmap_shading = \"sentiment\"\n")
        let error = #expect(throws: UISetupError.self) { try prepare() }
        #expect(error?.message.contains("map_shading") == true && error?.message.contains("opinion_heat") == true)
        settings.raw = try TOML.parse("[ui]\nmap_shading = 3\n")
        #expect(throws: UISetupError.self) { try prepare() }
    }

    @Test func heatRollsUpAsTheHottestAndCountsTopics() {
        var village = GridOpinionHeat(hottest: 12, topics: 2)
        village.add(GridOpinionHeat(hottest: 87.2, topics: 1))
        village.add(GridOpinionHeat(hottest: 40, topics: 1))
        #expect(village == GridOpinionHeat(hottest: 87.2, topics: 4), "ten lukewarm stories do not make a hot one")
        village.add(.zero)
        #expect(village == GridOpinionHeat(hottest: 87.2, topics: 4))
    }

    /// Topics located by their posts' grids; each topic's heat taken now (as the opinion view shows it); closed
    /// topics and topics with no place left out; grids without topics present at zero.
    @Test func queryTakesEachOpenTopicsHeatNowAndRollsItUp() throws {
        let t = try MapTempStore()
        let burst = "990102003002003", canteen = "990102003001001", quiet = "990102005001001"
        var records: [IngestRecord] = try F.countyGrids().map { .grid($0) }
        func post(_ id: String, _ text: String, minutes: Int64, grid: String?, likes: Int = 0) -> IngestRecord {
            .post(Post(platform: "weibo", postID: id, author: "网友\(id)", text: text,
                       publishedAt: t.now.adding(seconds: -minutes * 60), reposts: 2, comments: 1, likes: likes, gridID: grid))
        }
        let rumour = "网传温泉村石门水库大坝决堤，下游村庄被淹，大家注意安全！"
        records += (0..<6).map { post("b\($0)", rumour, minutes: Int64(5 + $0 * 3), grid: burst, likes: 30) }
        records.append(post("c1", "龙泉镇中心小学食堂饭菜有异味，家长担心学生中毒", minutes: 200, grid: canteen))
        records.append(post("x1", "县城新开了一家奶茶店，排队的人很多，味道一般般", minutes: 30, grid: nil))
        try t.seed(records)

        let topics = try t.store.read { try OpinionRepository.list($0, includeClosed: true) }
        let located = topics.filter { $0.gridID != nil }
        #expect(located.count == 2, "\(topics.map { ($0.title, $0.gridID) })")
        func heatNow(_ grid: String) throws -> Double {
            try #require(located.first { $0.gridID == grid }).heat(at: t.now)
        }
        let heats = try t.store.read { try OpinionHeatQuery.heats($0, now: t.now) }
        #expect(heats[burst] == GridOpinionHeat(hottest: try heatNow(burst), topics: 1))
        #expect(heats[canteen] == GridOpinionHeat(hottest: try heatNow(canteen), topics: 1))
        #expect(try heatNow(burst) > heatNow(canteen), "six fresh posts outweigh one from three hours ago")
        // Rolled up: the village holds the burst, the township both (the hottest of them), so does the county.
        #expect(heats["990102003002"] == GridOpinionHeat(hottest: try heatNow(burst), topics: 1))
        #expect(heats["990102003"] == GridOpinionHeat(hottest: try heatNow(burst), topics: 2))
        #expect(heats["990102"] == GridOpinionHeat(hottest: try heatNow(burst), topics: 2))
        #expect(heats[quiet] == .zero && heats["990102005"] == .zero, "quiet places read 0, not unknown")

        // A story nobody posts about any more cools on the map as in the list: twelve hours on, lower heat.
        let later = t.now.adding(seconds: 12 * 3600)
        let cooled = try t.store.read { try OpinionHeatQuery.heats($0, now: later) }
        #expect(try #require(cooled[burst]?.hottest) < heatNow(burst))

        // Closing the topic takes it off the map.
        let burstTopic = try #require(located.first { $0.gridID == burst })
        try OperatorActions(store: t.store, actor: "wangwei").close(topic: burstTopic.id)
        let afterClose = try t.store.read { try OpinionHeatQuery.heats($0, now: t.now) }
        #expect(afterClose[burst] == .zero)
        #expect(afterClose["990102003"] == GridOpinionHeat(hottest: try heatNow(canteen), topics: 1))
    }

    /// The same county in both measures: the title and legend say what is shown, in words, and the shading follows
    /// the measure (白沙乡 is blank by load, darkest by heat; 城关镇 the reverse).
    @Test func goldenMapsInBothMeasures() throws {
        let load = MapGolden.render(try F.countyPane(), width: 80, height: 24)
        let heatPane = try Self.heatPane()
        let heat = MapGolden.render(heatPane, width: 80, height: 24)
        MapGolden.assertMatches(MapGolden.snapshot(heat, title: "云岭县, townships, shaded by opinion heat"),
                                named: "county-heat-80x24")
        let lines = heat.dump()
        #expect(lines[0].contains("网格地图·舆情热度 云岭县"), "\(lines[0])")
        #expect(lines[0].contains("舆情热度 96（第4/4档）"), "\(lines[0])")
        #expect(lines[22].contains("舆情热度(相对) 0 "), "\(lines[22])")
        #expect(lines[22].contains("⣿⣿96"), "\(lines[22])")
        #expect(load.dump()[0].contains("负荷分 21（第4/4档）") && !load.dump()[0].contains("舆情"))

        // Township fill by measure: load E D C B A for 城关 青石 龙泉 河口 白沙; heat differs.
        func fillRole(_ buffer: Buffer, _ pane: MapPane, _ id: String) -> Set<Character> {
            let (level, frame) = pane.frame(width: 78, height: 21)
            let roles = buffer.dumpStyles { MapGolden.theme.roleCode(of: $0) }
            let index = level.indexByID[id]!
            let cells = frame.raster.cells.indices.filter {
                frame.raster.cells[$0].region == index && !frame.raster.cells[$0].isBorder
            }
            return Set(cells.map { Array(roles[1 + $0 / 78])[1 + $0 % 78] }).subtracting(["H"])
        }
        let loadPane = try F.countyPane()
        _ = MapGolden.render(loadPane, width: 80, height: 24)
        #expect(fillRole(load, loadPane, F.baisha) == ["A"] && fillRole(heat, heatPane, F.baisha) == ["E"])
        #expect(fillRole(load, loadPane, F.chengguan) == ["E"] && fillRole(heat, heatPane, F.chengguan) != ["E"])
        #expect(fillRole(heat, heatPane, F.qingshi) == ["A"] && fillRole(heat, heatPane, F.hekou) == ["A"])
        #expect(fillRole(heat, heatPane, F.longquan) != fillRole(load, loadPane, F.longquan))
    }

    @Test func goldenHeatMapInEnglishWithAVillageSelected() throws {
        let p = try Self.heatPane()
        p.select(gridID: "990102003002")
        let buffer = MapGolden.render(p, width: 120, height: 40, language: .en)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "龙泉镇's villages by opinion heat, 温泉村 selected, English"),
                                named: "county-heat-en-120x40")
        let lines = buffer.dump()
        #expect(lines[0].contains(" Grid map · opinion heat 云岭县 › 龙泉镇 › 温泉村 "), "\(lines[0])")
        #expect(lines[0].contains("opinion heat 41 (band 4 of 4)"), "\(lines[0])")
        #expect(lines[38].contains("Opinion heat (relative) 0 "), "\(lines[38])")
        #expect(lines[38].contains("heat=hottest open topic in the area"), "\(lines[38])")
        // Narrow: the short form, never a cut sentence.
        for (language, short) in [(Language.en, "heat 41·4/4"), (.zh, "热度 41·4/4档")] {
            let top = MapGolden.render(p, width: 40, height: 16, language: language).dump()[0]
            #expect(top.contains(short), "\(top)")
        }
        // The grid detail says the heat too, in heat mode only.
        let zh = p.detailLines(for: "990102003002003", load: p.load(of: "990102003002003"), language: .zh)
        #expect(zh.last == "舆情 在办话题 2 · 最高热度 41 · 本级第 4 档", "\(zh)")
        p.measure = .load
        #expect(!p.detailLines(for: "990102003002003", load: nil, language: .zh).contains { $0.hasPrefix("舆情") })
    }
}
