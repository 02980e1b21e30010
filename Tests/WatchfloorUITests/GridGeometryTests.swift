import Foundation
import Testing
import WatchfloorGeo
@testable import WatchfloorUI

/// The map's fast geometry reader must give exactly what `GeoJSONLoader` gives, or nothing (then the loader runs).
@Suite("GridGeometry")
struct GridGeometryTests {
    private func loader(_ text: String) -> [GeoPolygon]? {
        (try? GeoJSONLoader.load(data: Data(text.utf8), source: "t"))?.regions.flatMap(\.polygons)
    }

    @Test func synthetic_county_outlines_read_the_same_as_the_loader() {
        for region in SyntheticCounty.make(gridCount: 300, seed: 5) {
            let body = region.polygons.map { polygon in
                "[" + polygon.map { ring in
                    "[" + (ring + ring.prefix(1)).map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]"
                }.joined(separator: ",") + "]"
            }.joined(separator: ",")
            let text = "{\"type\":\"MultiPolygon\",\"coordinates\":[\(body)]}"
            // Exact: the text holds each coordinate's shortest round-trip form, and the byte parser is correctly
            // rounded. (Foundation's JSONSerialization on Linux is not: it is often one unit in the last place off,
            // so against the loader the comparison allows a nanodegree, about 0.1 mm.)
            let fast = GridGeometry.polygons(text)
            #expect(fast == region.polygons, "\(region.id)")
            #expect(close(fast, loader(text)), "\(region.id)")
        }
    }

    private func close(_ a: [GeoPolygon]?, _ b: [GeoPolygon]?) -> Bool {
        guard let a, let b else { return false }
        let pointsA: [GeoPoint] = a.flatMap { $0.flatMap { $0 } }
        let pointsB: [GeoPoint] = b.flatMap { $0.flatMap { $0 } }
        let shapeA: [[Int]] = a.map { $0.map(\.count) }
        let shapeB: [[Int]] = b.map { $0.map(\.count) }
        guard shapeA == shapeB else { return false }
        for (p, q) in zip(pointsA, pointsB) {
            if abs(p.lon - q.lon) >= 1e-9 || abs(p.lat - q.lat) >= 1e-9 { return false }
        }
        return true
    }

    @Test func holes_integers_and_key_order_follow_the_loader() {
        let texts = [
            #"{"coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]],"type":"Polygon"}"#,
            #"{"type":"Polygon","coordinates":[[[0.5,0.25],[4e-1,1.5E1],[3,3]],[[1,1],[1,1]]]}"#,  // degenerate hole dropped
            #"{"type":"MultiPolygon","coordinates":[[[[100.1,0.1],[101.2,0.1],[101.2,1.3],[100.1,0.1]]],[[[102,2],[103,2],[103,3]]]]}"#,
        ]
        for text in texts {
            #expect(GridGeometry.polygons(text) != nil, "\(text)")
            #expect(close(GridGeometry.polygons(text), loader(text)), "\(text)")
        }
    }

    @Test func anything_else_is_left_to_the_loader() {
        for text in [
            #"{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}"#,
            #"{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}"#,               // outer ring too short
            #"{"type":"Polygon","coordinates":[[[0,0],[1,true],[1,1]]]}"#,      // a boolean is not a number
            #"{"type":"Polygon","coordinates":[[[0,0],["1",0],[1,1]]]}"#,       // nor is a string
            #"{"type":"MultiPolygon","coordinates":[]}"#,
            #"{"type":"Point","coordinates":[1,2]}"#,
            "not json",
        ] {
            #expect(GridGeometry.polygons(text) == nil, "\(text)")
        }
    }
}
