import Foundation
import Testing
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal
@testable import WatchfloorUI

/// Keys on the sample county: neighbours, drill-down and up, selection events, zoom and reset.
@Suite struct MapNavigationTests {
    typealias F = MapFixtures
    let townships = [F.chengguan, F.qingshi, F.longquan, F.hekou, F.baisha]

    @Test func topLevelShowsTheTownshipsWithNothingSelected() throws {
        let p = try F.countyPane()
        #expect(p.visibleRegionIDs == townships)
        #expect(p.selectedGridID == nil)
        #expect(p.levelID == "990102")
    }

    @Test func firstArrowPicksTheMiddleTownship() throws {
        let p = try F.countyPane()
        #expect(p.handle(.right) == .selectionChanged(F.chengguan))
    }

    /// The townships lie 河口乡 (NW), 青石镇 (NE), 城关镇 (centre), 白沙乡 (SW), 龙泉镇 (SE); see the golden file.
    @Test(arguments: [
        (F.chengguan, Key.right, F.longquan), (F.chengguan, .up, F.qingshi), (F.chengguan, .left, F.baisha),
        (F.qingshi, .left, F.chengguan), (F.qingshi, .down, F.longquan), (F.hekou, .down, F.baisha),
        (F.hekou, .right, F.chengguan), (F.baisha, .up, F.hekou), (F.longquan, .up, F.qingshi),
        (F.chengguan, .char("l"), F.longquan), (F.longquan, .char("h"), F.chengguan),
    ])
    func arrowsGoToTheNeighbourThatWay(_ move: (String, Key, String)) throws {
        let (from, key, to) = move
        let p = try F.countyPane()
        p.select(gridID: from)
        #expect(p.handle(key) == .selectionChanged(to))
        #expect(p.selectedGridID == to)
        #expect(p.visibleRegionIDs == townships, "moving never changes the level")
    }

    @Test func anArrowWithNothingThatWayKeepsTheSelection() throws {
        let p = try F.countyPane()
        p.select(gridID: F.qingshi)
        #expect(p.handle(.right) == .redraw)
        #expect(p.selectedGridID == F.qingshi)
    }

    @Test func enterDrillsDownAndBackspaceComesBackUp() throws {
        let p = try F.countyPane()
        p.select(gridID: F.chengguan)
        // Township → its villages; the filter stays the township until a village is picked.
        #expect(p.handle(.enter) == .redraw)
        #expect(p.visibleRegionIDs == ["990102001001", "990102001002", "990102001003"])
        #expect(p.selectedGridID == F.chengguan)
        #expect(p.highlightedRegionID == nil)
        // The first arrow picks the middle village (east street); then west to north street and back.
        #expect(p.handle(.left) == .selectionChanged("990102001002"))
        #expect(p.handle(.left) == .selectionChanged("990102001001"))
        #expect(p.handle(.right) == .selectionChanged("990102001002"))
        // Village → its grids; Enter again picks the middle grid; Enter on a grid asks for its detail.
        #expect(p.handle(.enter) == .redraw)
        #expect(p.visibleRegionIDs == ["990102001002001", "990102001002002", "990102001002003"])
        guard case .selectionChanged(let grid?) = p.handle(.enter) else {
            Issue.record("Enter with nothing highlighted should pick a grid")
            return
        }
        #expect(p.visibleRegionIDs.contains(grid))
        #expect(p.handle(.enter) == .showDetail(grid))
        #expect(p.selectedGridID == grid, "asking for detail does not move the selection")
        // Backspace: grid → village (shown among its siblings) → township → nothing.
        #expect(p.handle(.backspace) == .selectionChanged("990102001002"))
        #expect(p.visibleRegionIDs == ["990102001001", "990102001002", "990102001003"])
        #expect(p.handle(.backspace) == .selectionChanged(F.chengguan))
        #expect(p.visibleRegionIDs == townships)
        #expect(p.handle(.backspace) == .selectionChanged(nil))
        #expect(p.handle(.backspace) == .ignored)
    }

    @Test func backspaceRightAfterDrillingKeepsTheFilter() throws {
        let p = try F.countyPane()
        p.select(gridID: F.hekou)
        #expect(p.handle(.enter) == .redraw)
        #expect(p.handle(.backspace) == .redraw)
        #expect(p.selectedGridID == F.hekou)
        #expect(p.highlightedRegionID == F.hekou)
        #expect(p.visibleRegionIDs == townships)
    }

    @Test func escapeClearsTheSelectionFromAnyLevel() throws {
        let p = try F.countyPane()
        p.select(gridID: "990102003002001")
        #expect(p.visibleRegionIDs == ["990102003002001", "990102003002002", "990102003002003"])
        #expect(p.handle(.escape) == .selectionChanged(nil))
        #expect(p.selectedGridID == nil)
        #expect(p.visibleRegionIDs == townships)
        #expect(p.handle(.escape) == .ignored, "nothing to clear: the app may use Esc")
        #expect(p.handle(.char("q")) == .ignored)
        #expect(p.handle(.tab) == .ignored)
    }

    @Test func selectShowsTheNodeAmongItsSiblings() throws {
        let p = try F.countyPane()
        p.select(gridID: "990102004002002")
        #expect(p.selectedGridID == "990102004002002")
        #expect(p.visibleRegionIDs == ["990102004002001", "990102004002002"])
        // A code the map does not know selects its nearest known ancestor.
        p.select(gridID: "990102004002099")
        #expect(p.selectedGridID == "990102004002")
        #expect(p.visibleRegionIDs == ["990102004001", "990102004002", "990102004003"])
        // The county itself means "everything".
        p.select(gridID: "990102")
        #expect(p.selectedGridID == nil)
        p.select(gridID: F.baisha)
        p.select(gridID: nil)
        #expect(p.selectedGridID == nil)
        p.select(gridID: F.baisha)
        p.clearSelection()
        #expect(p.selectedGridID == nil && p.visibleRegionIDs == townships)
    }

    /// Cells of the selected region on screen (it is drawn in `mapSelected`; its label too).
    func selectedCells(_ p: MapPane, width: Int = 80, height: Int = 24) -> Int {
        MapGolden.count(.mapSelected, in: MapGolden.render(p, width: width, height: height))
    }

    @Test func zoomAndResetKeepTheSelectionVisible() throws {
        let p = try F.countyPane()
        // A grid on the county's western edge, seen among its village's grids.
        p.select(gridID: "990102004001001")
        let home = selectedCells(p)
        #expect(home > 0)
        for _ in 0..<4 { #expect(p.handle(.char("+")) == .redraw) }
        let zoomed = selectedCells(p)
        #expect(zoomed > home * 3, "four √2 steps are ×4 in scale: the region covers more cells (\(home) → \(zoomed))")
        let title = MapGolden.render(p, width: 80, height: 24).dump()[0]
        #expect(title.contains("×4"))
        // Walk while zoomed: the view follows the selection.
        for key in [Key.right, .right, .down, .left, .up] {
            _ = p.handle(key)
            #expect(selectedCells(p) > 0, "after \(key) the selection \(p.selectedGridID ?? "-") is on screen")
        }
        for _ in 0..<10 { _ = p.handle(.char("-")) }
        #expect(selectedCells(p) > 0)
        #expect(p.handle(.char("0")) == .redraw)
        let reset = MapGolden.render(p, width: 80, height: 24)
        #expect(MapGolden.count(.mapSelected, in: reset) > 0)
        #expect(!reset.dump()[0].contains("×"), "reset returns to the fitted view")
    }

    @Test func framesAreCachedPerLevelSizeAndView() throws {
        let p = try F.countyPane()
        _ = MapGolden.render(p, width: 80, height: 24)
        _ = MapGolden.render(p, width: 80, height: 24)
        #expect(p.frames.count == 1)
        p.update(loads: [:])
        _ = p.handle(.right)
        _ = MapGolden.render(p, width: 80, height: 24)
        #expect(p.frames.count == 1, "new loads and a new selection re-shade the cached raster")
        _ = p.handle(.char("+"))
        _ = MapGolden.render(p, width: 80, height: 24)
        _ = MapGolden.render(p, width: 100, height: 30)
        #expect(p.frames.count == 3)
        _ = p.handle(.char("0"))
        _ = MapGolden.render(p, width: 80, height: 24)
        #expect(p.frames.count == 3, "back to the fitted view: the first frame again")
    }

    @Test func detailLinesNameTheWorkerHouseholdsAndOpenItems() throws {
        let p = try F.countyPane()
        let grid = "990102001002001"
        let zh = p.detailLines(for: grid, load: GridLoad(openIncidents: [.one: 1, .four: 2], overdueHotline: 1,
                                                            nearDueHotline: 2, activeAlerts: 3), language: .zh)
        #expect(zh == [
            "城关镇东街社区第1网格",
            "编码 990102001002001 · 网格",
            "上级 云岭县 › 城关镇 › 东街社区",
            "网格员 袁顺 13320142889",
            "户数 599",
            "在办事件 3（Ⅰ 1 · Ⅱ 0 · Ⅲ 0 · Ⅳ 2）",
            "12345 工单 超期 1 · 临期 2",
            "安全告警 3",
            "负荷分 17 · 本级第 4 档（0–4，按本级各区域相对排名）",
        ])
        let en = p.detailLines(for: F.hekou, load: nil, language: .en)
        let hekouGrids = try F.countyGrids().filter { $0.level == .grid && $0.id.hasPrefix(F.hekou) }
        #expect(en.contains("Code 990102004 · Township"))
        #expect(en.contains("Within 云岭县"))
        #expect(en.contains("Grids \(hekouGrids.count) · households \(hekouGrids.compactMap(\.households).reduce(0, +))"))
        #expect(en.contains("Open incidents 0 (I 0 · II 0 · III 0 · IV 0)"))
        #expect(p.detailLines(for: "123", load: nil, language: .en) == ["Unknown grid 123"])
    }
}
