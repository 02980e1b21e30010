import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct GeoJSONLoaderTests {
    func load(_ json: String, mapping: GeoFeatureMapping = .init()) throws -> GeoLoadResult {
        try GeoJSONLoader.load(data: Data(json.utf8), source: "test.geojson", mapping: mapping)
    }

    let square = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]"

    @Test func featureCollectionWithDefaults() throws {
        let json = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":"f1","properties":{"name":"  城关镇东街社区第4网格\\n","households":512,"level":"grid",
            "code":"990102003001004"},"geometry":{"type":"Polygon","coordinates":\(square)}},
          {"type":"Feature","properties":{"NAME":"B","adcode":990102003,"parent":{"adcode":990102}},
            "geometry":{"type":"Polygon","coordinates":\(square)}}
        ]}
        """
        let result = try load(json)
        #expect(result.regions.count == 2)
        let a = result.regions[0], b = result.regions[1]
        #expect(a.name == "城关镇东街社区第4网格")
        #expect(a.id == "f1", "feature-level id beats code")
        #expect(a.properties["households"] == "512")
        #expect(a.polygons == [[Fixtures.rect(0, 0, 1, 1)]], "closing point dropped")
        #expect(b.name == "B")
        #expect(b.id == "990102003", "numeric adcode becomes a digit string")
        #expect(b.parentID == "990102", "DataV-style parent object")
    }

    @Test func explicitMapping() throws {
        let json = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"gid":"g1","label":"One","up":"p"},"geometry":{"type":"Polygon","coordinates":\(square)}},
          {"type":"Feature","properties":{"label":"Two"},"geometry":{"type":"Polygon","coordinates":\(square)}}
        ]}
        """
        let result = try load(json, mapping: .init(idProperty: "gid", nameProperty: "label", parentProperty: "up"))
        #expect(result.regions.map(\.id) == ["g1"])
        #expect(result.regions.first?.parentID == "p")
        #expect(result.skipped == [GeoSkippedFeature(featureIndex: 1, reason: .missingID(property: "gid"))])
    }

    @Test func fifteenDigitNumericIDKeepsEveryDigit() throws {
        let json = """
        {"type":"Feature","properties":{"id":990102003001004,"name":"g"},"geometry":{"type":"Polygon","coordinates":\(square)}}
        """
        #expect(try load(json).regions.first?.id == "990102003001004")
    }

    @Test func bareFeatureAndBareGeometries() throws {
        let feature = try load(#"{"type":"Feature","properties":{"name":"Only"},"geometry":{"type":"Polygon","coordinates":\#(square)}}"#)
        #expect(feature.regions.map(\.name) == ["Only"])
        #expect(feature.regions.first?.id == "0", "no id anywhere: the feature index")

        let polygon = try load(#"{"type":"Polygon","coordinates":\#(square)}"#)
        #expect(polygon.regions.count == 1)
        #expect(polygon.regions.first?.name == "test.geojson")

        let multi = try load(#"{"type":"MultiPolygon","coordinates":[\#(square),[[[5,5],[6,5],[6,6],[5,5]]]]}"#)
        #expect(multi.regions.first?.polygons.count == 2)
        #expect(multi.regions.first?.polygons[1][0].count == 3)
    }

    @Test func holesAreKept() throws {
        let json = #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}"#
        let poly = try #require(try load(json).regions.first?.polygons.first)
        #expect(poly.count == 2)
        #expect(poly[1] == Fixtures.rect(1, 1, 2, 2))
    }

    @Test func unsupportedAndBrokenFeaturesAreSkippedAndCounted() throws {
        let json = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"pt"},"geometry":{"type":"Point","coordinates":[1,2]}},
          {"type":"Feature","properties":{"name":"line"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},
          {"type":"Feature","properties":{"name":"none"},"geometry":null},
          {"type":"Feature","properties":{"title_only":"x"},"geometry":{"type":"Polygon","coordinates":\(square)}},
          {"type":"Feature","properties":{"name":"bad"},"geometry":{"type":"Polygon","coordinates":[[[0,0],["a",1],[1,1]]]}},
          {"type":"Feature","properties":{"name":"flat"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}},
          {"type":"Feature","properties":{"name":"   "},"geometry":{"type":"Polygon","coordinates":\(square)}},
          42,
          {"type":"Feature","properties":{"name":"good"},"geometry":{"type":"Polygon","coordinates":\(square)}}
        ]}
        """
        let result = try load(json)
        #expect(result.regions.map(\.name) == ["good"])
        #expect(result.skipped.map(\.featureIndex) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(result.skipped[0].reason == .unsupportedGeometry(type: "Point"))
        #expect(result.skipped[1].reason == .unsupportedGeometry(type: "LineString"))
        #expect(result.skipped[2].reason == .missingGeometry)
        #expect(result.skipped[3].reason.kind == "missing_name")
        #expect(result.skipped[4].reason == .malformedCoordinates(detail: "polygon ring 0 position 1 is not [lon, lat] numbers"))
        #expect(result.skipped[5].reason.kind == "malformed_coordinates")
        #expect(result.skipped[6].reason.kind == "missing_name", "a blank name is no name")
        #expect(result.skipped[7].reason == .notAFeature)
        #expect(result.skippedCounts == ["unsupported_geometry": 2, "missing_geometry": 1, "missing_name": 2,
                                         "malformed_coordinates": 2, "not_a_feature": 1])
        #expect(result.skipped[3].description.contains("COUNTYNAME"), "the reason lists the names it tried")
    }

    @Test func fileLevelErrors() throws {
        #expect(throws: GeoJSONError.self) { try load("{\"type\":") }
        do { _ = try load("not json at all"); Issue.record("expected an error") } catch let e as GeoJSONError {
            guard case let .notJSON(source, _) = e else { Issue.record("wrong case \(e)"); return }
            #expect(source == "test.geojson")
        }
        #expect(throws: GeoJSONError.notGeoJSON(source: "test.geojson", detail: "top level is an array, expected an object")) {
            try load("[1,2]")
        }
        #expect(throws: GeoJSONError.notGeoJSON(source: "test.geojson",
                                                detail: "top-level type is \"Topology\", expected FeatureCollection, Feature, Polygon or MultiPolygon")) {
            try load(#"{"type":"Topology","objects":{}}"#)
        }
        #expect(throws: GeoJSONError.notGeoJSON(source: "test.geojson", detail: "FeatureCollection without a \"features\" array")) {
            try load(#"{"type":"FeatureCollection"}"#)
        }
        #expect(throws: GeoJSONError.notGeoJSON(source: "test.geojson", detail: "top-level object has no \"type\" string")) {
            try load(#"{"features":[]}"#)
        }
        let missing = URL(fileURLWithPath: "/nonexistent/watchfloor/none.geojson")
        do { _ = try GeoJSONLoader.load(contentsOf: missing); Issue.record("expected an error") } catch let e as GeoJSONError {
            guard case let .unreadable(source, _) = e else { Issue.record("wrong case \(e)"); return }
            #expect(source == missing.path)
            #expect(e.description.hasPrefix("/nonexistent/watchfloor/none.geojson: cannot read"))
        }
    }
}
