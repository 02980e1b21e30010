import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct NavigationTests {
    let grid = Fixtures.threeByThree()

    @Test func movesAcrossBordersOnAThreeByThree() {
        let nav = MapNavigator(regions: grid)
        // Index = row * 3 + column, row 0 north.
        #expect(nav.neighbour(of: 4, direction: .right) == 5)
        #expect(nav.neighbour(of: 4, direction: .left) == 3)
        #expect(nav.neighbour(of: 4, direction: .up) == 1)
        #expect(nav.neighbour(of: 4, direction: .down) == 7)
        #expect(nav.neighbour(of: 0, direction: .right) == 1)
        #expect(nav.neighbour(of: 0, direction: .down) == 3)
        #expect(nav.neighbour(of: 8, direction: .up) == 5)
        #expect(nav.neighbour(of: 8, direction: .left) == 7)
        #expect(nav.neighbour(of: 0, direction: .left) == nil)
        #expect(nav.neighbour(of: 0, direction: .up) == nil)
        #expect(nav.neighbour(of: 8, direction: .right) == nil)
        #expect(nav.neighbour(of: 99, direction: .right) == nil)
        #expect(nav.adjacency[4].count >= 4 && [1, 3, 5, 7].allSatisfy(nav.adjacency[4].contains))
        #expect(!nav.adjacency[0].contains(8))
    }

    @Test func fallsBackToTheNearestRegionThatWay() {
        // An island east of the block touches nothing: from the middle-right cell, → still reaches it.
        let island = Fixtures.region("island", Fixtures.rect(5, 1.2, 5.5, 1.8))
        let nav = MapNavigator(regions: grid + [island])
        #expect(nav.adjacency[9].isEmpty)
        #expect(nav.neighbour(of: 5, direction: .right) == 9)
        #expect(nav.neighbour(of: 9, direction: .left) == 5, "closest in the 120° cone: the middle-right cell")
        #expect(nav.neighbour(of: 9, direction: .right) == nil)
    }

    @Test func ignoresRegionsOutsideTheCone() {
        // B is adjacent but 70° off the → axis; C is not adjacent but straight right.
        let a = Fixtures.region("a", Fixtures.rect(0, 0, 1, 1))
        let b = Fixtures.region("b", Fixtures.rect(1, 0.8, 1.4, 4))
        let c = Fixtures.region("c", Fixtures.rect(3, 0, 4, 1))
        let nav = MapNavigator(regions: [a, b, c])
        #expect(nav.adjacency[0] == [1])
        #expect(nav.neighbour(of: 0, direction: .right) == 2)
        #expect(nav.neighbour(of: 0, direction: .up) == 1)
    }

    @Test func centroidsAreAreaWeightedAndRespectHoles() {
        let ring = Fixtures.rect(0, 0, 4, 4)
        let holeLeft = Fixtures.rect(0.5, 0.5, 1.5, 3.5)
        let r = GeoRegion(id: "h", name: "h", polygons: [[ring, holeLeft]])
        let c = MapNavigator.centroid(of: r, lonScale: 1)
        // (16·2 − 3·1) / 13 for x; y stays at 2.
        #expect(abs(c.x - 29.0 / 13) < 1e-9 && abs(c.y - 2) < 1e-9)
        let clockwise = GeoRegion(id: "cw", name: "cw", polygons: [[Array(ring.reversed()), holeLeft]])
        let c2 = MapNavigator.centroid(of: clockwise, lonScale: 1)
        #expect(abs(c2.x - c.x) < 1e-9)
    }

    @Test func deterministicOnASyntheticCounty() {
        let grids = SyntheticCounty.make(gridCount: 400, seed: 9)
        let a = MapNavigator(regions: grids), b = MapNavigator(regions: grids)
        var moved = 0
        for i in grids.indices {
            for d in MapDirection.allCases {
                let n = a.neighbour(of: i, direction: d)
                #expect(n == b.neighbour(of: i, direction: d))
                if let n {
                    moved += 1
                    let dx = a.centroids[n].x - a.centroids[i].x, dy = a.centroids[n].y - a.centroids[i].y
                    switch d {
                    case .right: #expect(dx > 0)
                    case .left: #expect(dx < 0)
                    case .up: #expect(dy > 0)
                    case .down: #expect(dy < 0)
                    }
                }
            }
        }
        #expect(moved > 400 * 3, "most grids have a neighbour in most directions")
        // Interior grids of a tessellation have 5–8 neighbours.
        #expect(a.adjacency.filter { $0.count >= 5 }.count > 200)
    }
}
