import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// The city view (#15 item 4): a store holding two counties, no county chosen — a county column in the incident,
/// hotline, alert and opinion panes that gives way first, and the map rooted at the city with each county shaded
/// by its own load. One county chosen, or a county's own store, looks as before.
@Suite struct CityViewTests {
    /// The sample county (云岭县, 990102) and a copy of it moved east as 石桥县 (990103), under the city 滇中市
    /// (9901), with open work in both; every row stamped with its county, as `store copy` leaves a city store.
    static func cityStore(_ tag: String) throws -> Store {
        let dir = NSTemporaryDirectory() + "wf-uitest-\(tag)-" + UUID().uuidString
        let store = try Store(path: dir + "/w.db")
        store.clock = { UIFixture.now }
        var records: [IngestRecord] = try CityFixtures.cityGrids().map { .grid($0) }
        func incident(_ ref: String, _ title: String, _ grid: String, _ level: Level, minutes: Int64) -> IngestRecord {
            .incident(Incident(id: "", source: "110联动", sourceRef: ref, category: .publicSafety, level: level, title: title,
                               gridID: grid, reportedAt: UIFixture.ago(minutes: minutes)))
        }
        records += [
            incident("A-1", "城关镇人民路三车相撞致1死3伤", "990102001001001", .two, minutes: 40),
            incident("A-2", "青石镇集市摊位纠纷", "990102002001001", .four, minutes: 90),
            incident("B-1", "石桥县城关镇燃气管道泄漏", "990103001002001", .one, minutes: 12),
            incident("B-2", "石桥县龙泉镇山体滑坡阻断道路", "990103003002003", .two, minutes: 25),
            incident("B-3", "石桥县河口乡渡船故障", "990103004001003", .three, minutes: 70),
        ]
        records.append(.hotline(HotlineCase(ticket: "12345-20261119-0101", receivedAt: UIFixture.ago(minutes: 120),
                                            phone: "13812345678", type: .complaint, summary: "云岭县北街夜间施工噪音扰民",
                                            gridID: "990102001001001")))
        records.append(.hotline(HotlineCase(ticket: "12345-20261119-0202", receivedAt: UIFixture.ago(minutes: 60),
                                            phone: "13912345678", type: .help, summary: "石桥县温泉村停水",
                                            gridID: "990103003002003")))
        records.append(.alert(AlertObservation(at: UIFixture.ago(minutes: 5), sensor: "ids-01", signatureID: 2001219,
                                               signature: "ET SCAN Potential SSH Scan", level: .three, src: "192.0.2.9",
                                               dest: "10.99.10.11:22", asset: "石桥县政务网", gridID: "990103001001001")))
        for (id, text, grid) in [("p1", "网传石桥县城关镇燃气管道爆炸，现场浓烟滚滚", "990103001002001"),
                                 ("p2", "云岭县北街夜间施工噪音扰民，凌晨两点还在作业", "990102001001001")] {
            records.append(.post(Post(platform: "weibo", postID: id, author: "网友", text: text,
                                      publishedAt: UIFixture.ago(minutes: 10), likes: 20, gridID: grid)))
        }
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: records))
        try store.withConnection { c in
            for table in ["incidents", "hotline_cases", "alerts", "opinion_topics"] {
                try c.execute("UPDATE \(table) SET county = SUBSTR(grid_id, 1, 6) WHERE grid_id IS NOT NULL")
            }
        }
        return store
    }

    @Test func theDirectoryNamesBothCountiesWithoutTheCity() throws {
        let store = try Self.cityStore("city-dir")
        let d = try store.read { try CountyDirectory.load($0) }
        #expect(d.names == ["990102": "云岭县", "990103": "石桥县"] && d.isCity)
        let county = try UIFixture.store("city-dir-one")
        let one = try county.read { try CountyDirectory.load($0) }
        #expect(!one.isCity, "\(one)")
    }

    @Test func theIncidentPaneShowsEachRowsCountyAndGivesItUpFirst() throws {
        let store = try Self.cityStore("city-panes")
        let (rt, backend) = try UIFixture.runtime(store, width: 160, height: 48)
        UIFixture.press(rt, .char("1"), .char("z"))
        let screen = UIFixture.screenText(backend)
        let lines = screen.split(separator: "\n")
        #expect(lines.contains { $0.contains("县区") }, "\(screen)")
        let burst = try #require(lines.first { $0.contains("石桥县城关镇燃气管道泄漏") })
        #expect(burst.hasSuffix(" 石桥县┃"), "\(burst)")
        let crash = try #require(lines.first { $0.contains("城关镇人民路三车相撞") })
        #expect(crash.contains("云岭县"), "\(crash)")
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "city-incidents-160x48-zh")

        // Every pane with items has it (hotline, alerts).
        UIFixture.press(rt, .char("z"), .char("3"), .char("z"))
        #expect(UIFixture.screenText(backend).split(separator: "\n").first { $0.contains("石桥县温泉村停水") }?.contains(" 石桥县") == true,
                "\(UIFixture.screenText(backend))")
        UIFixture.press(rt, .char("z"), .char("4"), .char("z"))
        #expect(UIFixture.screenText(backend).contains("县区"), "\(UIFixture.screenText(backend))")
        UIFixture.press(rt, .char("z"))

        // The opinion view too.
        UIFixture.press(rt, .char("5"), .char("z"))
        let opinion = UIFixture.screenText(backend).split(separator: "\n")
        #expect(opinion.first { $0.contains("石桥县城关镇燃气管道爆炸") }?.hasSuffix(" 石桥县┃") == true, "\(opinion)")
        #expect(rt.model.panes[.opinion]?.total == 2)
        UIFixture.press(rt, .char("z"))

        // One county chosen: no column (every row is that county's), and the opinion view keeps to it as well.
        UIFixture.press(rt, .char(":"))
        UIFixture.type(rt, "county 990103")
        UIFixture.press(rt, .enter, .char("1"), .char("z"))
        #expect(!UIFixture.screenText(backend).contains("县区"), "\(UIFixture.screenText(backend))")
        #expect(rt.model.panes[.opinion]?.total == 1, "only 石桥县's topic")
        UIFixture.press(rt, .char("z"))

        // The county column is the first to give way: at any width where some column is left out, it is too.
        let (narrow, small) = try UIFixture.runtime(store, width: 80, height: 24)
        UIFixture.press(narrow, .char("1"))
        #expect(UIFixture.screenText(small).contains(" 石桥县┃"), "at 80 columns these rows leave room for it")
        guard case .incidents(let rows, _, _)? = narrow.model.panes[.incidents]?.data else {
            Issue.record("no incident rows"); return
        }
        let all = Set(narrow.model.incidentTable(rows, width: 160).0.map(\.title).filter { !$0.isEmpty })
        var sawItGo = false
        for width in stride(from: 100, through: 30, by: -1) {
            let shown = Set(narrow.model.incidentTable(rows, width: width).0.map(\.title))
            if !shown.contains("县区") { sawItGo = true }
            if shown.count < all.count { #expect(!shown.contains("县区"), "at \(width): \(shown.sorted())") }
        }
        #expect(sawItGo)
        // English: the same column, headed "County".
        let (en, enScreen) = try UIFixture.runtime(store, width: 160, height: 48, language: .en)
        UIFixture.press(en, .char("1"), .char("z"))
        #expect(UIFixture.screenText(enScreen).contains("County"), "\(UIFixture.screenText(enScreen))")
    }

    @Test func aCountysOwnStoreHasNoCountyColumn() throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store("city-none"), width: 160, height: 48)
        UIFixture.press(rt, .char("1"), .char("z"))
        #expect(!UIFixture.screenText(backend).contains("县区"))
        #expect(!rt.model.showsCountyColumn)
    }

    /// The map at the city level: the two counties, each shaded by its own load, the city's total in the title.
    @Test func theMapShowsEachCountysLoadAtTheCityLevel() throws {
        let store = try Self.cityStore("city-map")
        let loads = try store.read { try GridLoadQuery.loads($0, now: UIFixture.now, sla: store.sla) }
        let yunling = try #require(loads["990102"]), shiqiao = try #require(loads["990103"])
        #expect(yunling.score == 4 + 1 && shiqiao.score >= 8 + 4 + 2)
        var city = yunling
        city.add(shiqiao)
        #expect(loads["9901"] == city, "the city holds both counties")

        let pane = MapPane(grids: try CityFixtures.cityGrids())
        pane.update(loads: loads)
        #expect(Set(pane.visibleRegionIDs) == ["990102", "990103"], "the top level shows the counties")
        var buffer = Buffer(width: 120, height: 40)
        pane.render(into: &buffer, area: buffer.area, theme: MapGolden.theme, language: .zh, focused: true)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "滇中市, two counties by load"), named: "city-120x40")
        let lines = buffer.dump()
        #expect(lines[0].contains("网格地图 滇中市"), "\(lines[0])")
        #expect(lines[0].contains("负荷分 \(MapLoadScale.format(city.score))（第4/4档）"), "\(lines[0])")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("云岭县") && text.contains("石桥县"), "\(text)")
        #expect(MapGolden.count(.mapLoad(4), in: buffer) > 50 && MapGolden.count(.mapLoad(1), in: buffer) > 50,
                "石桥县 darkest, 云岭县 lightest")
    }
}

/// A city of two counties for the city view: the sample county and a copy of it moved east.
enum CityFixtures {
    static func cityGrids() throws -> [Grid] {
        var out = [Grid(id: "9901", name: "滇中市")]
        let first = try MapFixtures.countyGrids()
        let lons = first.compactMap(\.geometry).flatMap { lonValues(in: $0) }
        let shift = (lons.max() ?? 0) - (lons.min() ?? 0) + 0.01
        for g in first {
            out.append(g)   // the county rows name no parent: the city is found by its code
            var b = g
            b.id = "990103" + g.id.dropFirst(6)
            b.parent = g.parent.map { "990103" + $0.dropFirst(6) }
            b.name = g.id == "990102" ? "石桥县" : g.name
            b.geometry = g.geometry.map { shifted($0, by: shift) }
            out.append(b)
        }
        return out
    }

    static func lonValues(in geometry: String) -> [Double] {
        var out: [Double] = []
        func walk(_ v: Any) {
            if let a = v as? [Any] {
                if a.count >= 2, let lon = a[0] as? Double, a[1] is Double { out.append(lon) } else { a.forEach(walk) }
            } else if let d = v as? [String: Any] { d.values.forEach(walk) }
        }
        if let o = try? JSONSerialization.jsonObject(with: Data(geometry.utf8)) { walk(o) }
        return out
    }

    static func shifted(_ geometry: String, by dLon: Double) -> String {
        func walk(_ v: Any) -> Any {
            if let a = v as? [Any] {
                if a.count >= 2, let lon = a[0] as? Double, a[1] is Double { return [lon + dLon] + a.dropFirst() }
                return a.map(walk)
            }
            if let d = v as? [String: Any] { return d.mapValues(walk) }
            return v
        }
        guard let o = try? JSONSerialization.jsonObject(with: Data(geometry.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: walk(o), options: [.sortedKeys]) else { return geometry }
        return String(decoding: data, as: UTF8.self)
    }
}
