import WatchfloorCore

/// GeoJSON FeatureCollection (or a single Feature) → grids. id/name/parent come from the properties named in
/// `DecodeContext.geoJSON` (first present wins; the feature's own `id` is the last resort for the id). A 6/9/12/15
/// digit code gives level and parent; other ids (a city's neighbourhood number) become grid-level nodes without
/// a parent. Geometry is kept as compact JSON text (Polygon/MultiPolygon only). A feature without a usable id or
/// name is rejected as "feature N".
public struct GeoJSONDecoder: DocumentDecoder {
    public init() {}

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        let value: JSONValue
        do { value = try JSONParser.parse(document) } catch {
            return DecodeResult(rejections: [Rejection(position: name, reason: "invalid JSON: \(error)", raw: Array(document.prefix(4096)))])
        }
        let features: [JSONValue]
        switch value["type"]?.string {
        case "FeatureCollection":
            guard let f = value["features"]?.array else {
                return DecodeResult(rejections: [Rejection(position: name, reason: "FeatureCollection without a features array")])
            }
            features = f
        case "Feature": features = [value]
        case let t:
            return DecodeResult(rejections: [Rejection(position: name,
                reason: "not a GeoJSON FeatureCollection or Feature (type \(t.map { "'\($0)'" } ?? "missing"))")])
        }
        let m = context.geoJSON
        var result = DecodeResult()
        for (i, feature) in features.enumerated() {
            let position = "feature \(i)"
            func reject(_ reason: String) {
                result.rejections.append(Rejection(position: position, reason: reason, raw: Array(feature.serialized.utf8.prefix(4096))))
            }
            let props = feature["properties"]?.object ?? [:]
            func text(_ keys: [String]) -> String? {
                for k in keys {
                    switch props[k] {
                    case .string(let s)?: let t = s.trimmingCharacters(in: .whitespaces); if !t.isEmpty { return t }
                    case .int(let n)?: return String(n)
                    default: continue
                    }
                }
                return nil
            }
            let featureID: String? = {
                switch feature["id"] { case .string(let s)?: return s.isEmpty ? nil : s; case .int(let n)?: return String(n); default: return nil }
            }()
            guard let id = text(m.id) ?? featureID else { reject("\(position): no id (properties \(m.id.joined(separator: "/")) or feature id)"); continue }
            guard let gridName = text(m.name) else { reject("\(position): no name (properties \(m.name.joined(separator: "/")))"); continue }
            var geometry: String?
            if let g = feature["geometry"], !g.isNull {
                guard let type = g["type"]?.string, type == "Polygon" || type == "MultiPolygon", g["coordinates"]?.array != nil else {
                    reject("\(position): geometry must be a Polygon or MultiPolygon"); continue
                }
                geometry = g.serialized
            }
            let level = GridCode.level(of: id)
            let households = m.households.lazy.compactMap { props[$0]?.int }.first.map { Int($0) }
            result.records.append(.grid(Grid(id: id, name: gridName, level: level ?? .grid,
                                             parent: text(m.parent) ?? GridCode.parent(of: id),
                                             worker: text(m.worker), households: households, geometry: geometry)))
        }
        return result
    }
}
