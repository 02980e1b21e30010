import Foundation
import Testing
@testable import WatchfloorGeo

/// The three real boundary files in Tests/Fixtures/corpus: loading, names, and that each area is visible at 200×60.
@Suite struct CorpusTests {
    @Test(arguments: [("berlin", 95), ("san-francisco", 37), ("taiwan", 22)])
    func loadsEveryFeature(file: String, count: Int) throws {
        let result = try GeoJSONLoader.load(contentsOf: Fixtures.corpusFile(file))
        #expect(result.regions.count == count)
        #expect(result.skipped.isEmpty)
        #expect(Set(result.regions.map(\.name)).count == count, "names are unique")
        #expect(Set(result.regions.map(\.id)).count == count, "ids (cartodb_id) are unique")
        for r in result.regions {
            #expect(r.name == r.name.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(!r.polygons.isEmpty)
            #expect(r.polygons.allSatisfy { $0[0].count >= 3 })
        }
    }

    @Test func berlinNamesAndIDs() throws {
        let regions = try GeoJSONLoader.load(contentsOf: Fixtures.corpusFile("berlin")).regions
        #expect(regions.first?.name == "Mitte")
        #expect(regions.first?.id == "1", "cartodb_id is the default id when there is no id/code")
        let names = Set(regions.map(\.name))
        for expected in ["Alt-Hohenschönhausen", "Prenzlauer Berg", "Kreuzberg", "Wannsee", "Köpenick"] {
            #expect(names.contains(expected), "\(expected)")
        }
    }

    @Test func sanFranciscoHasHolesAndMultiPolygons() throws {
        let regions = try GeoJSONLoader.load(contentsOf: Fixtures.corpusFile("san-francisco")).regions
        #expect(Set(regions.map(\.name)).isSuperset(of: ["Seacliff", "Chinatown", "Mission", "Golden Gate Park"]))
        #expect(regions.reduce(0) { $0 + $1.polygons.count } == 117)
        #expect(regions.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.count - 1 } } == 5, "holes")
    }

    @Test func taiwanNamesInEveryScript() throws {
        let url = Fixtures.corpusFile("taiwan")
        let english = try GeoJSONLoader.load(contentsOf: url).regions
        // The file spells it "Taitung County\n": the loader trims.
        #expect(english.map(\.name).contains("Taitung County"))

        let chinese = try GeoJSONLoader.load(contentsOf: url, mapping: .init(nameProperty: "name_traditional_chinese"))
        #expect(chinese.regions.count == 22)
        #expect(chinese.regions.first?.name == "台北市")
        #expect(Set(chinese.regions.map(\.name)).isSuperset(of: ["台東縣", "金門縣", "連江縣", "澎湖縣", "新北市"]))
        #expect(chinese.regions.allSatisfy { $0.name.count == 3 && $0.name.unicodeScalars.allSatisfy { $0.value >= 0x4E00 } })

        // Pe̍h-ōe-jī uses combining marks with no precomposed form; they must survive NFC and trimming.
        let poj = try GeoJSONLoader.load(contentsOf: url, mapping: .init(nameProperty: "name_taiwanese")).regions
        let taoyuan = try #require(poj.first { $0.id == "5" })
        #expect(taoyuan.name == "Thô-hn\u{302}g koān")
        #expect(taoyuan.name.unicodeScalars.contains("\u{302}"))
        #expect(taoyuan.name.count == 12, "n + U+0302 is one character")
        let penghu = try #require(poj.first { $0.id == "12" })
        #expect(penghu.name.unicodeScalars.contains("\u{358}"), "Phêⁿ-ô͘ keeps COMBINING DOT ABOVE RIGHT")
        let miaoli = try #require(poj.first { $0.id == "13" })
        #expect(miaoli.name.unicodeScalars.contains("\u{30D}"))
    }

    /// Every area owns at least one cell at 200×60 on its own geometry (the tiny-region rescue switched off),
    /// and also with the rescue on (the UI's default).
    @Test(arguments: ["berlin", "san-francisco", "taiwan"])
    func everyRegionOwnsACell(file: String) throws {
        let regions = try GeoJSONLoader.load(contentsOf: Fixtures.corpusFile(file)).regions
        let viewport = Viewport.fit(regions, width: 200, height: 60)
        for keep in [false, true] {
            let raster = MapRaster.render(regions: regions, viewport: viewport, width: 200, height: 60,
                                          keepTinyRegions: keep)
            let missing = regions.indices.filter { raster.regionCellCounts[$0] == 0 }.map { regions[$0].name }
            #expect(missing.isEmpty, "\(file) keepTinyRegions=\(keep): \(missing)")
            #expect(raster.regionCellCounts.reduce(0, +) == raster.cells.filter { $0.region != nil }.count)
        }
    }
}
