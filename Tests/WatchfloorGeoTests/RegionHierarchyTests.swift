import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct RegionHierarchyTests {
    func r(_ id: String, parent: String? = nil) -> GeoRegion { GeoRegion(id: id, name: id, parentID: parent, polygons: []) }

    @Test func levelsFromCodeLength() {
        #expect(RegionLevel(code: "990102") == .county)
        #expect(RegionLevel(code: "990102003") == .township)
        #expect(RegionLevel(code: "990102003001") == .village)
        #expect(RegionLevel(code: "990102003001004") == .grid)
        #expect(RegionLevel(code: "99010200300100") == nil)
        #expect(RegionLevel(code: "99010200300100x") == nil)
        #expect(RegionLevel(code: "Mitte") == nil)
        #expect(RegionLevel.parentCode(of: "990102003001004") == "990102003001")
        #expect(RegionLevel.parentCode(of: "990102003") == "990102")
        #expect(RegionLevel.parentCode(of: "990102") == "9901")
        #expect(RegionLevel(code: "9901") == .city && RegionLevel.parentCode(of: "9901") == nil)
    }

    @Test func treeFromCodes() {
        let h = RegionHierarchy(regions: [
            r("990102003001004"), r("990102003001001"), r("990102003001"), r("990102003"), r("990102"),
            r("990102004"), r("990102004002"),
        ])
        #expect(h.roots.map(\.id) == ["990102"])
        #expect(h.children(of: "990102").map(\.id) == ["990102003", "990102004"])
        #expect(h.children(of: "990102003001").map(\.id) == ["990102003001001", "990102003001004"])
        #expect(h.parent(of: "990102003001004")?.id == "990102003001")
        #expect(h.parent(of: "990102") == nil)
        #expect(h.level(of: "990102004002") == .village)
        #expect(h.ancestors(of: "990102003001004").map(\.id) == ["990102003001", "990102003", "990102"])
        #expect(h.descendants(of: "990102").count == 6)
    }

    /// A city store: the city (4 digits) over two counties; each county's own tree hangs below it unchanged.
    @Test func aCityIsTheRootOfItsCounties() {
        let h = RegionHierarchy(regions: [
            r("990102003001004"), r("990102003"), r("990102"), r("990103001002003"), r("990103"), r("9901"),
        ])
        #expect(h.roots.map(\.id) == ["9901"])
        #expect(h.children(of: "9901").map(\.id) == ["990102", "990103"])
        #expect(h.ancestors(of: "990103001002003").map(\.id) == ["990103", "9901"])
        #expect(h.ancestors(of: "990102003001004").map(\.id) == ["990102003", "990102", "9901"])
        #expect(h.level(of: "9901") == .city)
    }

    @Test func missingLevelsSkipToNearestAncestor() {
        let h = RegionHierarchy(regions: [r("990102003001004"), r("990102"), r("990103001001001")])
        #expect(h.parent(of: "990102003001004")?.id == "990102")
        #expect(h.roots.map(\.id) == ["990102", "990103001001001"])
    }

    @Test func explicitParentWinsAndCyclesAreBroken() {
        let h = RegionHierarchy(regions: [
            r("Mitte", parent: "Berlin"), r("Berlin"), r("990102003001004", parent: "Berlin"),
            r("A", parent: "B"), r("B", parent: "A"),
        ])
        #expect(h.parent(of: "Mitte")?.id == "Berlin")
        #expect(h.children(of: "Berlin").map(\.id) == ["990102003001004", "Mitte"])
        #expect(h.level(of: "Mitte") == nil)
        // A↔B: one link is cut so that the pair has a root.
        #expect(h.roots.map(\.id).contains { $0 == "A" || $0 == "B" })
        #expect(h.ancestors(of: "A").count <= 1)
    }

    @Test func syntheticCountyHasFourLevels() {
        let grids = SyntheticCounty.make(gridCount: 120, seed: 5)
        let h = RegionHierarchy(regions: grids + SyntheticCounty.parents(of: grids))
        #expect(h.roots.map(\.id) == ["990102"])
        let townships = h.children(of: "990102")
        #expect(townships.count == 3, "120 grids / 48 per township, rounded")
        #expect(townships.allSatisfy { h.level(of: $0.id) == .township })
        let villages = townships.flatMap { h.children(of: $0.id) }
        #expect(villages.allSatisfy { h.level(of: $0.id) == .village && !h.children(of: $0.id).isEmpty })
        #expect(villages.flatMap { h.children(of: $0.id) }.count == 120)
        #expect(grids.allSatisfy { h.parent(of: $0.id)?.id == $0.parentID })
    }
}
