import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct MapRasterTests {
    /// A viewport where one degree is exactly one dot and dot (0,0) covers lon 0…1, lat h…h-1: dot centres
    /// sit at half degrees, so tests can reason in whole numbers.
    func unitViewport(width: Int, height: Int) -> Viewport {
        Viewport(center: GeoPoint(lon: Double(width), lat: -Double(height) * 2), dotsPerDegree: 1, referenceLatitude: 0)
    }

    /// Region covering dots x0..<x1, y0..<y1 in `unitViewport`.
    func block(_ id: String, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> GeoRing {
        Fixtures.rect(Double(x0), -Double(y1), Double(x1), -Double(y0))
    }

    func owners(_ r: MapRaster) -> [[Int]] {
        (0..<r.dotHeight).map { y in (0..<r.dotWidth).map { x in r.owner(dotX: x, dotY: y) ?? -1 } }
    }

    @Test func fillsExactlyTheDotCentresInside() {
        let v = unitViewport(width: 5, height: 2)
        let r = MapRaster.render(regions: [Fixtures.region("a", block("a", 2, 1, 6, 5))], viewport: v, width: 5, height: 2)
        #expect(r.dotWidth == 10 && r.dotHeight == 8)
        for y in 0..<8 {
            for x in 0..<10 {
                #expect((r.owner(dotX: x, dotY: y) == 0) == ((2..<6).contains(x) && (1..<5).contains(y)), "dot \(x),\(y)")
            }
        }
        #expect(r.regionDotCounts == [16])
    }

    @Test func holesStayEmptyWhateverTheOrientation() {
        let v = unitViewport(width: 6, height: 3)
        let outer = block("", 1, 1, 11, 11)
        let hole = Array(block("", 4, 4, 8, 8).reversed())  // opposite orientation must not matter
        let r = MapRaster.render(regions: [GeoRegion(id: "a", name: "a", polygons: [[outer, hole]])], viewport: v,
                                 width: 6, height: 3)
        #expect(r.owner(dotX: 5, dotY: 5) == nil, "inside the hole")
        #expect(r.owner(dotX: 2, dotY: 5) == 0)
        #expect(r.regionDotCounts == [100 - 16])
        // The hole's edge is a border too: the dot left of the hole borders the outside.
        #expect(r.borderDots[5 * r.dotWidth + 3])
    }

    @Test func multiPolygonDrawsEveryPart() {
        let v = unitViewport(width: 8, height: 2)
        let region = GeoRegion(id: "m", name: "m", polygons: [[block("", 0, 0, 3, 3)], [block("", 10, 4, 14, 8)]])
        let r = MapRaster.render(regions: [region], viewport: v, width: 8, height: 2)
        #expect(r.regionDotCounts == [9 + 16])
        #expect(r.owner(dotX: 1, dotY: 1) == 0 && r.owner(dotX: 12, dotY: 6) == 0 && r.owner(dotX: 6, dotY: 3) == nil)
    }

    @Test func thinBorderIsOneDotBetweenNeighbours() {
        let v = unitViewport(width: 6, height: 2)
        let regions = [Fixtures.region("a", block("", 0, 0, 6, 8)), Fixtures.region("b", block("", 6, 0, 12, 8))]
        let thin = MapRaster.render(regions: regions, viewport: v, width: 6, height: 2)
        let row = 4 * thin.dotWidth
        #expect((0..<12).map { thin.borderDots[row + $0] } == [false, false, false, false, false, true,
                                                                false, false, false, false, false, false])
        let full = MapRaster.render(regions: regions, viewport: v, width: 6, height: 2, borders: .full)
        #expect((0..<12).map { full.borderDots[row + $0] } == [false, false, false, false, false, true,
                                                                true, false, false, false, false, false])
        // Column 5 of dots = right column of cell 2 → braille dots 4,5,6,8 in both rows.
        #expect(thin.cell(x: 2, y: 0).glyph == "\u{28B8}")
        #expect(thin.cell(x: 2, y: 1).glyph == "\u{28B8}")
        #expect(thin.cell(x: 0, y: 0).glyph == " " && !thin.cell(x: 0, y: 0).isBorder)
        #expect(thin.cell(x: 2, y: 0).isBorder)
        #expect(thin.adjacency() == [[1], [0]])
    }

    @Test func edgesToTheOutsideAreDrawnOnTheInside() {
        let v = unitViewport(width: 4, height: 2)
        let r = MapRaster.render(regions: [Fixtures.region("a", block("", 2, 2, 6, 6))], viewport: v, width: 4, height: 2)
        let border = (0..<r.dotHeight).flatMap { y in (0..<r.dotWidth).filter { r.borderDots[y * r.dotWidth + $0] }.map { ($0, y) } }
        #expect(border.count == 12, "the ring of a 4×4 block")
        #expect(!border.contains { $0 == (3, 3) || $0 == (4, 4) })
        // Cell (1,0) holds dots x 2–3, y 0–3: its lower half is the block's top-left corner.
        #expect(r.cell(x: 1, y: 0).glyph == Character(Unicode.Scalar(0x2800 + 0x04 + 0x20 + 0x40)!), "(3,3) is inside")
    }

    @Test func cellOwnerIsThePluralityOfItsDots() {
        let v = unitViewport(width: 2, height: 1)
        // In cell 0: region a has 5 dots, b has 3.
        let regions = [Fixtures.region("a", block("", 0, 0, 2, 2), block("", 0, 2, 1, 3)),
                       Fixtures.region("b", block("", 1, 2, 2, 4), block("", 0, 3, 1, 4))]
        // (Rings of one region are combined with even-odd: a's two rects do not overlap.)
        let r = MapRaster.render(regions: regions, viewport: v, width: 2, height: 1)
        #expect(r.regionDotCounts == [5, 3])
        #expect(r.cell(x: 0, y: 0).region == 0)
        #expect(r.cell(x: 1, y: 0).region == nil)
        #expect(r.regionCellCounts == [1, 0], "b cannot take the only cell without emptying a")
    }

    @Test func laterRegionWinsAnOverlap() {
        let v = unitViewport(width: 4, height: 2)
        let regions = [Fixtures.region("a", block("", 0, 0, 8, 8)), Fixtures.region("b", block("", 4, 0, 8, 8))]
        let r = MapRaster.render(regions: regions, viewport: v, width: 4, height: 2)
        #expect(r.regionDotCounts == [32, 32])
        #expect(r.owner(dotX: 5, dotY: 5) == 1)
    }

    @Test func tinyRegionsAreKeptVisible() {
        let v = unitViewport(width: 4, height: 2)
        let tiny = Fixtures.rect(3.1, -3.9, 3.3, -3.7)  // between dot centres
        let regions = [Fixtures.region("big", block("", 0, 0, 8, 8)), Fixtures.region("tiny", tiny)]
        let without = MapRaster.render(regions: regions, viewport: v, width: 4, height: 2, keepTinyRegions: false)
        #expect(without.regionDotCounts == [64, 0])
        let with = MapRaster.render(regions: regions, viewport: v, width: 4, height: 2)
        #expect(with.regionDotCounts == [63, 1])
        #expect(with.owner(dotX: 3, dotY: 3) == 1)
        #expect(with.regionCellCounts == [7, 1], "the tiny region also takes its cell")
        #expect(with.cell(x: 1, y: 0).region == 1)
    }

    @Test func regionsOutsideThePaneAreCulledAndHugeOnesClamped() {
        let v = unitViewport(width: 4, height: 2)
        let regions = [Fixtures.region("far", block("", 100, 100, 110, 110)),
                       Fixtures.region("huge", Fixtures.rect(-1e12, -1e12, 1e12, 1e12))]
        let r = MapRaster.render(regions: regions, viewport: v, width: 4, height: 2)
        #expect(r.regionDotCounts == [0, 64])
        #expect(!r.borderDots.contains(true), "edges beyond the pane are not drawn")
        let empty = MapRaster.render(regions: regions, viewport: v, width: 0, height: 0)
        #expect(empty.cells.isEmpty)
    }

    @Test func syntheticCountyTilesWithoutGapsOrOverlaps() {
        let grids = SyntheticCounty.make(gridCount: 200, seed: 11)
        let v = Viewport.fit(grids, width: 160, height: 60)
        let r = MapRaster.render(regions: grids, viewport: v, width: 160, height: 60, keepTinyRegions: false)
        // Shoelace area in dots² of every grid vs dots painted: overlaps would paint fewer, gaps none extra.
        var area = 0.0
        for g in grids {
            let ring = g.polygons[0][0].map { v.project($0, width: 160, height: 60) }
            var a = 0.0
            for i in ring.indices { let p = ring[i], q = ring[(i + 1) % ring.count]; a += p.x * q.y - q.x * p.y }
            area += abs(a) / 2
        }
        let painted = Double(r.regionDotCounts.reduce(0, +))
        #expect(abs(painted - area) / area < 0.01, "painted \(painted) vs area \(area)")
        // Interior unowned dots would be gaps: every unowned dot must reach the pane edge through unowned dots.
        var reach = [Bool](repeating: false, count: r.dotOwners.count)
        var stack = [Int]()
        for i in r.dotOwners.indices where r.dotOwners[i] < 0 {
            let x = i % r.dotWidth, y = i / r.dotWidth
            if x == 0 || y == 0 || x == r.dotWidth - 1 || y == r.dotHeight - 1 { reach[i] = true; stack.append(i) }
        }
        while let i = stack.popLast() {
            let x = i % r.dotWidth
            for j in [x > 0 ? i - 1 : -1, x + 1 < r.dotWidth ? i + 1 : -1, i - r.dotWidth, i + r.dotWidth]
            where j >= 0 && j < r.dotOwners.count && !reach[j] && r.dotOwners[j] < 0 { reach[j] = true; stack.append(j) }
        }
        let gaps = r.dotOwners.indices.filter { r.dotOwners[$0] < 0 && !reach[$0] }
        #expect(gaps.isEmpty, "enclosed unowned dots at \(gaps.prefix(5).map { ($0 % r.dotWidth, $0 / r.dotWidth) })")
    }
}
