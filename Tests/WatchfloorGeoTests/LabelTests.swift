import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct LabelTests {
    func raster(_ regions: [GeoRegion], _ w: Int, _ h: Int) -> MapRaster {
        MapRaster.render(regions: regions, viewport: Viewport.fit(regions, width: w, height: h), width: w, height: h)
    }

    @Test func labelsSitInsideTheirOwnCellsWithoutTouching() {
        let grids = SyntheticCounty.make(gridCount: 300, seed: 2)
        let r = raster(grids, 200, 60)
        let names = Dictionary(uniqueKeysWithValues: grids.indices.map { ($0, "网格" + String($0 % 100)) })
        let placed = placeLabels(raster: r, labels: names, width: testDisplayWidth)
        #expect(placed.count > 50, "plenty of grids are big enough at this size (\(placed.count))")
        var used = Set<Int>()
        for l in placed {
            #expect(l.width == testDisplayWidth(l.text))
            #expect(l.text == names[l.region])
            for x in l.x..<(l.x + l.width) {
                #expect(r.cell(x: x, y: l.y).region == l.region, "label of \(l.region) leaves its region at \(x),\(l.y)")
                #expect(used.insert(l.y * r.width + x).inserted, "overlap at \(x),\(l.y)")
            }
        }
        for l in placed {
            for x in [l.x - 1, l.x + l.width] where x >= 0 && x < r.width {
                #expect(!placed.contains { $0.region != l.region && $0.y == l.y && $0.x <= x && x < $0.x + $0.width },
                        "labels touch at \(x),\(l.y)")
            }
        }
        #expect(Set(placed.map(\.region)).count == placed.count, "one label per region")
    }

    @Test func labelIsCentredOnTheDeepestCell() {
        // One wide rectangle filling a 40×12 pane (minus the margin): the label sits in its middle row and
        // is centred horizontally.
        let box = [Fixtures.region("box", Fixtures.rect(0, 0, 10, 1.5))]
        let r = raster(box, 40, 12)
        let cells = r.cells.enumerated().filter { $0.element.region == 0 }.map(\.offset)
        let rows = Set(cells.map { $0 / 40 }), cols = Set(cells.map { $0 % 40 })
        let placed = placeLabels(raster: r, labels: [0: "城关镇"], width: testDisplayWidth)
        #expect(placed.count == 1)
        let l = try! #require(placed.first)
        #expect(l.width == 6)
        let midRow = Double(rows.min()! + rows.max()!) / 2, midCol = Double(cols.min()! + cols.max()!) / 2
        #expect(abs(Double(l.y) - midRow) <= 1, "row \(l.y), rows \(rows.sorted())")
        #expect(abs(Double(l.x) + 2.5 - midCol) <= 1.5, "x \(l.x) for middle column \(midCol)")
    }

    @Test func labelsThatDoNotFitAreSkipped() {
        let box = [Fixtures.region("box", Fixtures.rect(0, 0, 1, 1))]
        let r = raster(box, 12, 6)
        let regionWidth = Set(r.cells.enumerated().filter { $0.element.region == 0 }.map { $0.offset % 12 }).count
        #expect(placeLabels(raster: r, labels: [0: String(repeating: "x", count: regionWidth + 1)], width: { $0.count }).isEmpty)
        #expect(placeLabels(raster: r, labels: [0: String(repeating: "x", count: regionWidth)], width: { $0.count }).count == 1)
        // The width function decides: the same text measured as double width no longer fits.
        let text = String(repeating: "x", count: regionWidth / 2 + 1)
        #expect(placeLabels(raster: r, labels: [0: text], width: { $0.count * 2 }).isEmpty)
        #expect(placeLabels(raster: r, labels: [0: ""], width: { $0.count }).isEmpty)
        #expect(placeLabels(raster: r, labels: [5: "nope"], width: { $0.count }).isEmpty, "no cells, no label")
    }

    @Test func biggerRegionsWinContestedRows() {
        // Two regions side by side in a single-row-high strip: only one 9-wide label fits per region and
        // they must not touch; both fit in 40 columns.
        let regions = [Fixtures.region("a", Fixtures.rect(0, 0, 1, 0.1)), Fixtures.region("b", Fixtures.rect(1, 0, 2, 0.1))]
        let r = raster(regions, 40, 6)
        let placed = placeLabels(raster: r, labels: [0: "123456789", 1: "abcdefghi"], width: { $0.count })
        #expect(placed.count == 2)
        #expect(placed.map(\.region).sorted() == [0, 1])
    }
}
