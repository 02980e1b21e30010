import WatchfloorCore
import WatchfloorGeo

/// A grid's `geometry` text read on the fast path: a bare GeoJSON Polygon or MultiPolygon, as the store keeps it.
///
/// Why: the map reads every grid's outline when the UI opens, and Foundation's `JSONSerialization` (one
/// `NSObject` per number) made 1,000 grids cost about 100 ms of the first frame. The byte-level `JSONParser` reads
/// the same text several times faster, and its numbers are correctly rounded (JSONSerialization's on Linux are often
/// one unit in the last place off, far below a braille dot). The rules are `GeoJSONLoader`'s: rings stored open, degenerate holes
/// dropped, positions `[lon, lat]` of finite numbers. Anything else (a Feature, a malformed ring) returns nil, and
/// the caller falls back to `GeoJSONLoader`, which also gives the reason.
enum GridGeometry {
    static func polygons(_ text: String) -> [GeoPolygon]? {
        guard let root = try? JSONParser.parse(text), case .object(let object) = root,
              case .string(let type)? = object["type"], case .array(let coordinates)? = object["coordinates"]
        else { return nil }
        switch type {
        case "Polygon":
            return polygon(coordinates).map { [$0] }
        case "MultiPolygon":
            var out: [GeoPolygon] = []
            out.reserveCapacity(coordinates.count)
            for p in coordinates {
                guard case .array(let rings) = p, let polygon = polygon(rings) else { return nil }
                out.append(polygon)
            }
            return out.isEmpty ? nil : out
        default:
            return nil
        }
    }

    private static func polygon(_ rings: [JSONValue]) -> GeoPolygon? {
        guard !rings.isEmpty else { return nil }
        var out: GeoPolygon = []
        out.reserveCapacity(rings.count)
        for (r, ringValue) in rings.enumerated() {
            guard case .array(let positions) = ringValue else { return nil }
            var ring: GeoRing = []
            ring.reserveCapacity(positions.count)
            for position in positions {
                guard case .array(let pair) = position, pair.count >= 2, let lon = number(pair[0]), let lat = number(pair[1]),
                      lon.isFinite, lat.isFinite
                else { return nil }
                ring.append(GeoPoint(lon: lon, lat: lat))
            }
            if ring.count > 1, ring.first == ring.last { ring.removeLast() }
            if ring.count < 3 {
                if r == 0 { return nil }
                continue
            }
            out.append(ring)
        }
        return out
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
