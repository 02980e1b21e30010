import Foundation

/// A longitude/latitude pair in WGS84 degrees.
///
/// Why a struct and not a tuple: it is `Hashable` and `Sendable`, so regions can be compared in tests and
/// handed across actors without copying into another shape.
public struct GeoPoint: Hashable, Sendable, CustomStringConvertible {
    public var lon: Double
    public var lat: Double

    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    public var description: String { "(\(lon), \(lat))" }
}

/// A ring of a polygon. Rings are stored *open*: the closing point that GeoJSON repeats is dropped, the
/// rasteriser closes every ring implicitly.
public typealias GeoRing = [GeoPoint]

/// One polygon: element 0 is the outer ring, the rest are holes (GeoJSON order). Fill uses the even-odd rule,
/// so ring orientation does not matter.
public typealias GeoPolygon = [GeoRing]

/// An axis-aligned box in lon/lat degrees, used to fit the viewport and to skip regions outside the pane.
public struct GeoBoundingBox: Hashable, Sendable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The smallest box around `points`, or nil for no points.
    public init?<S: Sequence>(points: S) where S.Element == GeoPoint {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var box = GeoBoundingBox(minLon: first.lon, minLat: first.lat, maxLon: first.lon, maxLat: first.lat)
        while let p = it.next() { box.include(p) }
        self = box
    }

    public mutating func include(_ p: GeoPoint) {
        if p.lon < minLon { minLon = p.lon }
        if p.lon > maxLon { maxLon = p.lon }
        if p.lat < minLat { minLat = p.lat }
        if p.lat > maxLat { maxLat = p.lat }
    }

    public func union(_ other: GeoBoundingBox) -> GeoBoundingBox {
        GeoBoundingBox(minLon: Swift.min(minLon, other.minLon), minLat: Swift.min(minLat, other.minLat),
                       maxLon: Swift.max(maxLon, other.maxLon), maxLat: Swift.max(maxLat, other.maxLat))
    }

    public var center: GeoPoint { GeoPoint(lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2) }
}

/// One area on the map (a grid, a village, a township, or any administrative area from a GeoJSON file).
///
/// Why it carries `parentID` and scalar `properties`: the hierarchy and the UI's detail view need them, and
/// keeping them here means the loader is the only place that knows GeoJSON's shape.
public struct GeoRegion: Hashable, Sendable {
    /// Stable identifier; for grids the 6/9/12/15-digit code.
    public var id: String
    /// Display name, whitespace-trimmed and NFC-normalised.
    public var name: String
    /// Explicit parent id from the file, if any (the hierarchy can also derive it from a grid code).
    public var parentID: String?
    /// Outer ring plus holes, per polygon (a MultiPolygon has several).
    public var polygons: [GeoPolygon]
    /// The feature's scalar properties as text (numbers formatted, booleans `true`/`false`).
    public var properties: [String: String]
    /// Bounding box of every ring; nil only when `polygons` is empty.
    public let bounds: GeoBoundingBox?

    public init(id: String, name: String, parentID: String? = nil, polygons: [GeoPolygon],
                properties: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.polygons = polygons
        self.properties = properties
        self.bounds = GeoBoundingBox(points: polygons.lazy.flatMap { $0.lazy.flatMap { $0 } })
    }

    /// Number of vertices over all rings (a rough cost measure for rasterising).
    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
}

extension Array where Element == GeoRegion {
    /// Bounding box of all regions, nil when none has geometry.
    public var bounds: GeoBoundingBox? {
        var box: GeoBoundingBox?
        for r in self { if let b = r.bounds { box = box.map { $0.union(b) } ?? b } }
        return box
    }
}
