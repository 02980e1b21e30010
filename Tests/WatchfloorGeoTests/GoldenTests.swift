import Foundation
import Testing
@testable import WatchfloorGeo

/// Snapshot tests: the raster as text (glyph layer + ownership layer) compared with files under `Golden/`.
/// Re-record after an intended change with `WATCHFLOOR_RECORD=1 swift test --filter WatchfloorGeoTests`, then
/// look at the diff: it has to still look like a map with borders.
@Suite struct GoldenTests {
    static let recording = ProcessInfo.processInfo.environment["WATCHFLOOR_RECORD"] == "1"

    func assertGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Fixtures.goldenDirectory.appendingPathComponent("\(name).txt")
        if GoldenTests.recording || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: Fixtures.goldenDirectory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            if !GoldenTests.recording {
                Issue.record("golden \(name).txt was missing and has been recorded; check it and re-run",
                             sourceLocation: sourceLocation)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("""
                \(name).txt differs first at line \(line + 1) (WATCHFLOOR_RECORD=1 re-records)
                expected: \(line < a.count ? String(a[line]) : "<end>")
                actual:   \(line < b.count ? String(b[line]) : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    func snapshot(_ regions: [GeoRegion], width: Int, height: Int, title: String, labelWith: (GeoRegion) -> String)
        -> String
    {
        let viewport = Viewport.fit(regions, width: width, height: height)
        let raster = MapRaster.render(regions: regions, viewport: viewport, width: width, height: height)
        let labels = placeLabels(raster: raster,
                                 labels: Dictionary(uniqueKeysWithValues: regions.indices.map { ($0, labelWith(regions[$0])) }),
                                 width: testDisplayWidth)
        var text = raster.snapshot(title: title)
        text += "## labels\n"
        for l in labels { text += "\(l.x),\(l.y) \(l.text)\n" }
        return text
    }

    @Test func syntheticCounty80x24() throws {
        let grids = SyntheticCounty.make(gridCount: 60, seed: 7)
        try assertGolden("synthetic-60-80x24",
                         snapshot(grids, width: 80, height: 24, title: "SyntheticCounty 60 grids seed 7") { String($0.id.suffix(3)) })
    }

    @Test func syntheticCounty120x40() throws {
        let grids = SyntheticCounty.make(gridCount: 200, seed: 3)
        try assertGolden("synthetic-200-120x40",
                         snapshot(grids, width: 120, height: 40, title: "SyntheticCounty 200 grids seed 3") { String($0.id.suffix(6)) })
    }

    @Test func taiwan100x40() throws {
        let regions = try GeoJSONLoader.load(contentsOf: Fixtures.corpusFile("taiwan"),
                                             mapping: .init(nameProperty: "name_traditional_chinese")).regions
        try assertGolden("taiwan-100x40", snapshot(regions, width: 100, height: 40, title: "taiwan.geojson") { $0.name })
    }
}

/// Display width for tests: CJK ideographs and fullwidth forms take two columns, combining marks none.
func testDisplayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { sum, u in
        switch u.value {
        case 0x0300...0x036F: return sum
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6: return sum + 2
        default: return sum + 1
        }
    }
}
