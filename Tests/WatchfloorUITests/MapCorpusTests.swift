import Foundation
import Testing
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal
@testable import WatchfloorUI

/// Real boundary files and odd data: everything loads, draws width-exact, and stays selectable.
@Suite struct MapCorpusTests {
    typealias F = MapFixtures

    @Test func berlinsNinetyFiveDistrictsAllGetCellsAndManyGetLabels() throws {
        let p = MapPane(regions: try F.corpusRegions("berlin"))
        #expect(p.visibleRegionIDs.count == 95)
        let buffer = MapGolden.render(p, width: 160, height: 50)
        #expect(buffer.dump().allSatisfy { DisplayWidth.of($0) == 160 })
        let (_, frame) = p.frame(width: 158, height: 47)
        #expect(frame.raster.regionCellCounts.allSatisfy { $0 > 0 }, "every district is on screen, so selectable")
        #expect(frame.labels.count >= 30, "\(frame.labels.count) labels")
        // Every district can be reached with the arrows from the first one.
        var seen: Set<String> = []
        var frontier = [p.visibleRegionIDs[0]]
        while let id = frontier.popLast() {
            guard seen.insert(id).inserted else { continue }
            for key in [Key.up, .down, .left, .right] {
                p.select(gridID: id)
                _ = p.handle(key)
                if let next = p.selectedGridID, !seen.contains(next) { frontier.append(next) }
            }
        }
        #expect(seen.count == 95)
    }

    /// Pe̍h-ōe-jī names carry combining marks (e + U+030D, n + U+0302, o + U+0358) that NFC cannot fold: a label
    /// must take exactly its display width and leave every row the pane's width.
    @Test func taiwaneseNamesWithCombiningMarksAreWidthExact() throws {
        let p = MapPane(regions: try F.corpusRegions("taiwan", nameProperty: "name_taiwanese"))
        let buffer = MapGolden.render(p, width: 240, height: 90)
        let lines = buffer.dump()
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 240 })
        let (_, frame) = p.frame(width: 238, height: 87)
        let marked = frame.labels.filter { $0.text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) } }
        #expect(!marked.isEmpty, "some placed label has a combining mark: \(frame.labels.map(\.text))")
        for label in frame.labels {
            #expect(label.width == DisplayWidth.of(label.text))
            // The label sits at its column: the row's text up to it is `x + 1` columns wide (the border is one).
            let row = lines[label.y + 1]
            guard let range = row.range(of: label.text) else {
                Issue.record("label \(label.text) missing from its row")
                continue
            }
            #expect(DisplayWidth.of(row[..<range.lowerBound]) == label.x + 1, "\(label.text)")
        }
    }

    @Test func levelsWithoutOutlinesAreDrawnFromTheirGrids() throws {
        // Only grids keep their polygons, as when the grid system exports grid outlines only.
        let grids = try F.countyGrids().map { g -> Grid in
            var g = g
            if g.level != .grid { g.geometry = nil }
            return g
        }
        let p = MapPane(grids: grids)
        #expect(p.visibleRegionIDs == [F.chengguan, F.qingshi, F.longquan, F.hekou, F.baisha])
        let buffer = MapGolden.render(p, width: 80, height: 24)
        let text = buffer.dump().joined(separator: "\n")
        for name in ["城关镇", "青石镇", "龙泉镇", "河口乡", "白沙乡"] { #expect(text.contains(name), "label \(name)") }
        // The union of a township's grids covers the same cells as the township's own outline, give or take the
        // rasteriser's rounding on shared edges.
        let withOutlines = MapPane(grids: try F.countyGrids())
        let (_, a) = p.frame(width: 78, height: 21)
        let (_, b) = withOutlines.frame(width: 78, height: 21)
        for i in 0..<5 {
            let x = a.raster.regionCellCounts[i], y = b.raster.regionCellCounts[i]
            #expect(abs(x - y) <= y / 20, "township \(i): \(x) vs \(y) cells")
        }
    }

    @Test func unreadableGeometryIsReportedNotFatal() throws {
        var grids = try F.countyGrids()
        let broken = grids.firstIndex { $0.id == "990102001002001" }!
        grids[broken].geometry = "{\"type\": \"Polygon\", \"coordinates\": [[[1, 2]]]}"
        grids[0].geometry = "not json"
        let p = MapPane(grids: grids)
        #expect(Set(p.unreadableGeometry) == ["990102", "990102001002001"])
        #expect(p.visibleRegionIDs.count == 5, "the county is drawn from its townships")
        p.select(gridID: "990102001002002")
        #expect(p.visibleRegionIDs == ["990102001002002", "990102001002003"], "the broken grid is not drawn")
        #expect(MapGolden.count(.mapSelected, in: MapGolden.render(p, width: 60, height: 20)) > 0)
    }

    @Test func aThousandSyntheticGridsWithoutParentsAllShowAtTheTop() throws {
        let p = MapPane(regions: SyntheticCounty.make(gridCount: 1000))
        #expect(p.visibleRegionIDs.count == 1000)
        let buffer = MapGolden.render(p, width: 200, height: 60)
        #expect(buffer.dump().allSatisfy { DisplayWidth.of($0) == 200 })
        let (_, frame) = p.frame(width: 198, height: 57)
        #expect(frame.raster.regionCellCounts.filter { $0 > 0 }.count >= 990)
    }
}
