import Foundation

/// Which feature properties hold a region's id, name and parent.
///
/// Why: GeoJSON from different portals names these differently (`adcode`/`name` from DataV, `COUNTYNAME` from
/// Taiwan's 內政部 shapefiles, `name`/`cartodb_id` from CartoDB exports). A nil field means "try the defaults
/// in order"; a non-nil field is used alone, and a feature without it is skipped with a reason.
public struct GeoFeatureMapping: Hashable, Sendable {
    public var idProperty: String?
    public var nameProperty: String?
    public var parentProperty: String?

    public init(idProperty: String? = nil, nameProperty: String? = nil, parentProperty: String? = nil) {
        self.idProperty = idProperty
        self.nameProperty = nameProperty
        self.parentProperty = parentProperty
    }

    /// Id candidates in order; the feature-level `id` member is tried right after the `id` property. When none
    /// is present the feature's index in the file becomes its id.
    public static let defaultIDProperties = [
        "id", "code", "adcode", "gb", "GB", "ID", "Id", "CODE", "grid_id", "COUNTYCODE", "TOWNCODE", "VILLCODE",
        "OBJECTID", "cartodb_id", "gid", "fid",
    ]
    /// Name candidates, most specific first. The corpus files (Berlin, San Francisco, Taiwan) use `name`.
    public static let defaultNameProperties = [
        "name", "NAME", "Name", "name_zh", "name_cn", "NAME_CN", "名称", "VILLNAME", "TOWNNAME", "COUNTYNAME",
        "NAME_3", "NAME_2", "NAME_1", "label", "title",
    ]
    /// Parent candidates. A value may be a string, a number or an object with `adcode`/`id`/`code` (DataV).
    public static let defaultParentProperties = ["parent", "parent_id", "parentID", "parentId", "parent_code", "PARENT"]
}

/// A file-level failure: nothing could be loaded. Each case says what to fix.
public enum GeoJSONError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(source: String, detail: String)
    /// The bytes are not JSON.
    case notJSON(source: String, detail: String)
    /// JSON, but not a GeoJSON object we load (FeatureCollection, Feature, Polygon, MultiPolygon).
    case notGeoJSON(source: String, detail: String)

    public var description: String {
        switch self {
        case let .unreadable(source, detail): return "\(source): cannot read the file: \(detail)"
        case let .notJSON(source, detail): return "\(source): not JSON: \(detail)"
        case let .notGeoJSON(source, detail): return "\(source): not loadable GeoJSON: \(detail)"
        }
    }
}

/// Why one feature was skipped. Skips are counted, never fatal: one bad grid must not blank the map.
public enum GeoSkipReason: Error, Hashable, Sendable, CustomStringConvertible {
    case notAFeature
    case missingGeometry
    case unsupportedGeometry(type: String)
    case malformedCoordinates(detail: String)
    case missingName(tried: [String])
    case missingID(property: String)

    /// A short stable key for counting skips by kind.
    public var kind: String {
        switch self {
        case .notAFeature: return "not_a_feature"
        case .missingGeometry: return "missing_geometry"
        case .unsupportedGeometry: return "unsupported_geometry"
        case .malformedCoordinates: return "malformed_coordinates"
        case .missingName: return "missing_name"
        case .missingID: return "missing_id"
        }
    }

    public var description: String {
        switch self {
        case .notAFeature: return "not a Feature object"
        case .missingGeometry: return "no geometry (null or absent)"
        case let .unsupportedGeometry(type): return "geometry type \(type) is not drawn (only Polygon and MultiPolygon)"
        case let .malformedCoordinates(detail): return "malformed coordinates: \(detail)"
        case let .missingName(tried): return "no name (looked for \(tried.joined(separator: ", ")))"
        case let .missingID(property): return "no id in property \(property)"
        }
    }
}

/// A skipped feature: its position in the file and the reason.
public struct GeoSkippedFeature: Hashable, Sendable, CustomStringConvertible {
    public var featureIndex: Int
    public var reason: GeoSkipReason
    public var description: String { "feature #\(featureIndex): \(reason)" }
}

/// What a load produced: the regions in file order and every skipped feature.
public struct GeoLoadResult: Sendable {
    public var regions: [GeoRegion]
    public var skipped: [GeoSkippedFeature]
    /// Skips counted by `GeoSkipReason.kind`.
    public var skippedCounts: [String: Int] {
        skipped.reduce(into: [:]) { $0[$1.reason.kind, default: 0] += 1 }
    }
}

/// Reads GeoJSON into `GeoRegion`s.
///
/// Why JSONSerialization and not Codable: a tree lets each feature fail on its own with a reason, instead of
/// one bad coordinate failing the whole file.
public enum GeoJSONLoader {
    public static func load(contentsOf url: URL, mapping: GeoFeatureMapping = .init()) throws -> GeoLoadResult {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GeoJSONError.unreadable(source: url.path, detail: error.localizedDescription)
        }
        return try load(data: data, source: url.path, mapping: mapping)
    }

    /// - Parameter source: a name for error messages; also the name of a bare geometry's region.
    public static func load(data: Data, source: String = "<data>", mapping: GeoFeatureMapping = .init()) throws
        -> GeoLoadResult
    {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw GeoJSONError.notJSON(source: source, detail: describe(error))
        }
        guard let object = root as? [String: Any] else {
            throw GeoJSONError.notGeoJSON(source: source, detail: "top level is \(jsonKind(root)), expected an object")
        }
        guard let type = object["type"] as? String else {
            throw GeoJSONError.notGeoJSON(source: source, detail: "top-level object has no \"type\" string")
        }
        var result = GeoLoadResult(regions: [], skipped: [])
        switch type {
        case "FeatureCollection":
            guard let features = object["features"] as? [Any] else {
                throw GeoJSONError.notGeoJSON(source: source, detail: "FeatureCollection without a \"features\" array")
            }
            for (i, feature) in features.enumerated() {
                switch region(fromFeature: feature, index: i, mapping: mapping) {
                case let .success(r): result.regions.append(r)
                case let .failure(reason): result.skipped.append(GeoSkippedFeature(featureIndex: i, reason: reason))
                }
            }
        case "Feature":
            switch region(fromFeature: object, index: 0, mapping: mapping) {
            case let .success(r): result.regions.append(r)
            case let .failure(reason): result.skipped.append(GeoSkippedFeature(featureIndex: 0, reason: reason))
            }
        case "Polygon", "MultiPolygon":
            switch polygons(fromGeometry: object) {
            case let .success(polys):
                result.regions.append(GeoRegion(id: source, name: source, polygons: polys))
            case let .failure(reason): result.skipped.append(GeoSkippedFeature(featureIndex: 0, reason: reason))
            }
        default:
            throw GeoJSONError.notGeoJSON(
                source: source, detail: "top-level type is \"\(type)\", expected FeatureCollection, Feature, Polygon or MultiPolygon")
        }
        return result
    }

    // MARK: - Features

    private static func region(fromFeature any: Any, index: Int, mapping: GeoFeatureMapping)
        -> Result<GeoRegion, GeoSkipReason>
    {
        guard let feature = any as? [String: Any], feature["type"] as? String == "Feature" else {
            return .failure(.notAFeature)
        }
        let props = feature["properties"] as? [String: Any] ?? [:]
        guard let geometry = feature["geometry"] as? [String: Any] else { return .failure(.missingGeometry) }
        let polys: [GeoPolygon]
        switch polygons(fromGeometry: geometry) {
        case let .success(p): polys = p
        case let .failure(reason): return .failure(reason)
        }

        // Name.
        let nameKeys = mapping.nameProperty.map { [$0] } ?? GeoFeatureMapping.defaultNameProperties
        guard let name = nameKeys.lazy.compactMap({ props[$0].flatMap(scalarText).flatMap(normalisedName) }).first
        else { return .failure(.missingName(tried: nameKeys)) }

        // Id.
        let id: String
        if let key = mapping.idProperty {
            let value = key == "id" ? (props["id"] ?? feature["id"]) : props[key]
            guard let v = value.flatMap(scalarText).flatMap(normalisedName) else { return .failure(.missingID(property: key)) }
            id = v
        } else {
            let candidates = [props["id"], feature["id"]] + GeoFeatureMapping.defaultIDProperties.dropFirst().map { props[$0] }
            id = candidates.lazy.compactMap { $0.flatMap(scalarText).flatMap(normalisedName) }.first ?? String(index)
        }

        // Parent.
        let parentKeys = mapping.parentProperty.map { [$0] } ?? GeoFeatureMapping.defaultParentProperties
        let parent = parentKeys.lazy.compactMap { props[$0].flatMap(parentText) }.first

        var scalars: [String: String] = [:]
        for (k, v) in props { if let t = scalarText(v) { scalars[k] = t } }
        return .success(GeoRegion(id: id, name: name, parentID: parent, polygons: polys, properties: scalars))
    }

    // MARK: - Geometry

    private static func polygons(fromGeometry geometry: [String: Any]) -> Result<[GeoPolygon], GeoSkipReason> {
        guard let type = geometry["type"] as? String else { return .failure(.missingGeometry) }
        guard let coords = geometry["coordinates"] as? [Any] else {
            if type == "Polygon" || type == "MultiPolygon" {
                return .failure(.malformedCoordinates(detail: "\(type) has no \"coordinates\" array"))
            }
            return .failure(.unsupportedGeometry(type: type))
        }
        switch type {
        case "Polygon":
            return polygon(coords, label: "polygon").map { [$0] }
        case "MultiPolygon":
            var out: [GeoPolygon] = []
            for (i, p) in coords.enumerated() {
                guard let rings = p as? [Any] else {
                    return .failure(.malformedCoordinates(detail: "polygon \(i) is \(jsonKind(p)), expected an array of rings"))
                }
                switch polygon(rings, label: "polygon \(i)") {
                case let .success(poly): out.append(poly)
                case let .failure(reason): return .failure(reason)
                }
            }
            if out.isEmpty { return .failure(.malformedCoordinates(detail: "MultiPolygon has no polygons")) }
            return .success(out)
        default:
            return .failure(.unsupportedGeometry(type: type))
        }
    }

    private static func polygon(_ rings: [Any], label: String) -> Result<GeoPolygon, GeoSkipReason> {
        if rings.isEmpty { return .failure(.malformedCoordinates(detail: "\(label) has no rings")) }
        var out: GeoPolygon = []
        out.reserveCapacity(rings.count)
        for (r, ringAny) in rings.enumerated() {
            guard let positions = ringAny as? [Any] else {
                return .failure(.malformedCoordinates(detail: "\(label) ring \(r) is \(jsonKind(ringAny)), expected an array of positions"))
            }
            var ring: GeoRing = []
            ring.reserveCapacity(positions.count)
            for (k, posAny) in positions.enumerated() {
                guard let pos = posAny as? [Any], pos.count >= 2, let lon = number(pos[0]), let lat = number(pos[1]),
                      lon.isFinite, lat.isFinite
                else {
                    return .failure(.malformedCoordinates(detail: "\(label) ring \(r) position \(k) is not [lon, lat] numbers"))
                }
                ring.append(GeoPoint(lon: lon, lat: lat))
            }
            if ring.count > 1, ring.first == ring.last { ring.removeLast() }
            if ring.count < 3 {
                // A degenerate hole is harmless to drop; a degenerate outer ring means no polygon.
                if r == 0 {
                    return .failure(.malformedCoordinates(detail: "\(label) outer ring has \(ring.count) distinct positions, needs 3"))
                }
                continue
            }
            out.append(ring)
        }
        return .success(out)
    }

    // MARK: - Values

    private static func number(_ any: Any) -> Double? {
        if let n = any as? NSNumber, !isBoolean(n) { return n.doubleValue }
        return nil
    }

    private static func isBoolean(_ n: NSNumber) -> Bool {
        String(describing: type(of: n)).contains("Boolean")
    }

    /// Text of a scalar JSON value: strings as they are, integers without ".0", booleans as true/false.
    private static func scalarText(_ any: Any) -> String? {
        if let s = any as? String { return s }
        if let n = any as? NSNumber {
            if isBoolean(n) { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            if d.rounded() == d, abs(d) < 9.0e15 { return String(n.int64Value) }
            return String(d)
        }
        return nil
    }

    private static func parentText(_ any: Any) -> String? {
        if let object = any as? [String: Any] {
            return ["adcode", "id", "code"].lazy.compactMap { object[$0].flatMap(scalarText).flatMap(normalisedName) }.first
        }
        return scalarText(any).flatMap(normalisedName)
    }

    /// Trims whitespace and newlines (the Taiwan corpus has `"Taitung County\n"`) and normalises to NFC so that
    /// names compare and measure the same whichever way the file composed them.
    static func normalisedName(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        return t.isEmpty ? nil : t
    }

    private static func jsonKind(_ any: Any) -> String {
        switch any {
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is String: return "a string"
        case is NSNull: return "null"
        case let n as NSNumber: return isBoolean(n) ? "a boolean" : "a number"
        default: return "\(type(of: any))"
        }
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let d = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return d }
        return ns.localizedDescription
    }
}
