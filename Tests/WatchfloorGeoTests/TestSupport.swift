import Foundation
@testable import WatchfloorGeo

/// Paths and small shapes shared by the Geo tests.
enum Fixtures {
    /// Package root, found from this file so tests run from any clone.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The vendored boundary files (Tests/Fixtures/corpus, with PROVENANCE.md): the clone is self-contained.
    static let corpus = packageRoot
        .appendingPathComponent("Tests/Fixtures/corpus/geojson/click_that_hood")
    static let goldenDirectory = packageRoot.appendingPathComponent("Tests/WatchfloorGeoTests/Golden")

    static func corpusFile(_ name: String) -> URL { corpus.appendingPathComponent("\(name).geojson") }

    /// An axis-aligned rectangle ring, open (no closing point), counter-clockwise.
    static func rect(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) -> GeoRing {
        [GeoPoint(lon: lon0, lat: lat0), GeoPoint(lon: lon1, lat: lat0), GeoPoint(lon: lon1, lat: lat1),
         GeoPoint(lon: lon0, lat: lat1)]
    }

    static func region(_ id: String, _ rings: GeoRing..., name: String? = nil) -> GeoRegion {
        GeoRegion(id: id, name: name ?? id, polygons: [rings])
    }

    /// A 3×3 block of quadrilaterals whose shared corners are jittered (so edges are not axis-aligned), near
    /// the equator so degrees are square. Index = row * 3 + column, row 0 at the top (north).
    static func threeByThree() -> [GeoRegion] {
        let jitter: [[(Double, Double)]] = [
            [(0, 0), (0.05, -0.04), (-0.03, 0.02), (0, 0)],
            [(0.04, 0.03), (-0.1, 0.08), (0.09, -0.06), (0.02, 0.01)],
            [(-0.02, 0.05), (0.07, 0.1), (-0.08, -0.05), (0.03, -0.02)],
            [(0, 0), (0.06, 0.02), (-0.04, 0.03), (0, 0)],
        ]
        func corner(_ c: Int, _ r: Int) -> GeoPoint {
            GeoPoint(lon: Double(c) + jitter[r][c].0, lat: 3 - Double(r) + jitter[r][c].1)
        }
        var out: [GeoRegion] = []
        for r in 0..<3 {
            for c in 0..<3 {
                out.append(region("cell-\(r)-\(c)", [corner(c, r), corner(c + 1, r), corner(c + 1, r + 1), corner(c, r + 1)]))
            }
        }
        return out
    }
}
