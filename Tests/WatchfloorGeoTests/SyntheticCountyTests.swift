import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct SyntheticCountyTests {
    @Test(arguments: [1, 9, 60, 1000])
    func makesExactlyTheRequestedGrids(count: Int) {
        let grids = SyntheticCounty.make(gridCount: count, seed: 1)
        #expect(grids.count == count)
        #expect(Set(grids.map(\.id)).count == count)
        for g in grids {
            #expect(g.id.count == 15 && g.id.hasPrefix("990102") && g.id.allSatisfy(\.isNumber))
            #expect(g.parentID == String(g.id.prefix(12)))
            #expect(g.name.hasSuffix("网格"))
            #expect(g.polygons.count == 1 && g.polygons[0].count == 1)
            #expect((5...9).contains(g.polygons[0][0].count), "\(g.id) has \(g.polygons[0][0].count) vertices")
            #expect(Int(g.properties["households"] ?? "") ?? 0 >= 420)
        }
    }

    @Test func isDeterministicPerSeed() {
        #expect(SyntheticCounty.make(gridCount: 100, seed: 4) == SyntheticCounty.make(gridCount: 100, seed: 4))
        #expect(SyntheticCounty.make(gridCount: 100, seed: 4) != SyntheticCounty.make(gridCount: 100, seed: 5))
    }

    @Test func groupsIntoTownshipsAndVillages() {
        let grids = SyntheticCounty.make(gridCount: 1000, seed: 1)
        let townships = Set(grids.map { $0.id.prefix(9) })
        let villages = Set(grids.map { $0.id.prefix(12) })
        #expect(townships.count == 21)
        #expect((120...220).contains(villages.count), "\(villages.count) villages")
        // Villages are compact: every grid lies within a few kilometres of its village's other grids.
        let byVillage = Dictionary(grouping: grids) { $0.id.prefix(12) }
        for (_, members) in byVillage {
            let box = members.map { $0.bounds! }.reduce(members[0].bounds!) { $0.union($1) }
            #expect(box.maxLat - box.minLat < 0.12 && box.maxLon - box.minLon < 0.15)
        }
    }

    @Test func benchmarkReportsSaneFigures() {
        let result = MapBenchmark.measure(gridCount: 50, width: 40, height: 12, iterations: 5)
        #expect(result.gridCount == 50 && result.iterations == 5)
        #expect(result.minMilliseconds > 0)
        #expect(result.minMilliseconds <= result.medianMilliseconds && result.medianMilliseconds <= result.p90Milliseconds)
        #expect(result.p90Milliseconds <= result.maxMilliseconds)
        #expect(result.vertexCount >= 250)
        #expect(result.description.contains("50 grids"))
    }
}
