import Foundation

/// Arrow-key directions on the map (up = north).
public enum MapDirection: Sendable, CaseIterable {
    case up, down, left, right

    var vector: (x: Double, y: Double) {
        switch self {
        case .up: return (0, 1)
        case .down: return (0, -1)
        case .left: return (-1, 0)
        case .right: return (1, 0)
        }
    }
}

/// Moves the map selection from region to region with the arrow keys.
///
/// Why adjacency and not just nearest centroid: pressing → should go to the grid across the border, not to a
/// grid whose centre happens to be close but sits behind another. Adjacency comes from a raster of all regions
/// at a fixed resolution (so it does not change with the zoom), directions from area-weighted centroids in the
/// projected plane. Candidates must lie within ±60° of the direction; among the adjacent ones the closest
/// wins, else the closest in that direction at all. Ties go to the lower index, so it is deterministic.
public struct MapNavigator: Sendable {
    /// Centroid of each region, in projected degrees (x = lon × cos(mid-latitude), y = lat).
    public let centroids: [(x: Double, y: Double)]
    /// Sorted neighbour indices per region.
    public let adjacency: [[Int]]

    /// - Parameter resolution: dots across the longer side of the adjacency raster.
    public init(regions: [GeoRegion], resolution: Int = 512) {
        let cols = max(2, resolution / 2), rows = max(1, resolution / 4)
        let viewport = Viewport.fit(regions, width: cols, height: rows)
        let raster = MapRaster.render(regions: regions, viewport: viewport, width: cols, height: rows)
        self.init(regions: regions, adjacency: raster.adjacency())
    }

    /// Uses a given adjacency (e.g. from the raster on screen, or from a topology the caller already has).
    public init(regions: [GeoRegion], adjacency: [[Int]]) {
        let refLat = regions.bounds.map { ($0.minLat + $0.maxLat) / 2 } ?? 0
        let k = cos(refLat * .pi / 180)
        centroids = regions.map { MapNavigator.centroid(of: $0, lonScale: k) }
        self.adjacency = adjacency
    }

    /// The region to select after pressing `direction` on `region`, or nil when nothing lies that way.
    public func neighbour(of region: Int, direction: MapDirection) -> Int? {
        guard centroids.indices.contains(region) else { return nil }
        let adjacent = adjacency.indices.contains(region) ? adjacency[region] : []
        return best(from: region, among: adjacent, direction: direction)
            ?? best(from: region, among: centroids.indices, direction: direction)
    }

    private func best<S: Sequence>(from region: Int, among candidates: S, direction: MapDirection) -> Int?
        where S.Element == Int
    {
        let origin = centroids[region], d = direction.vector
        var bestIndex: Int?
        var bestDistance = Double.infinity
        for c in candidates where c != region {
            let vx = centroids[c].x - origin.x, vy = centroids[c].y - origin.y
            let length = (vx * vx + vy * vy).squareRoot()
            guard length > 1e-12, (vx * d.x + vy * d.y) / length >= 0.5 - 1e-9 else { continue }  // within ±60°
            if length < bestDistance || (length == bestDistance && c < (bestIndex ?? Int.max)) {
                bestDistance = length
                bestIndex = c
            }
        }
        return bestIndex
    }

    /// Area-weighted centroid (holes subtract); the vertex average for degenerate shapes.
    static func centroid(of region: GeoRegion, lonScale k: Double) -> (x: Double, y: Double) {
        var area = 0.0, sx = 0.0, sy = 0.0, vx = 0.0, vy = 0.0, n = 0.0
        for polygon in region.polygons {
            for (r, ring) in polygon.enumerated() {
                var a = 0.0, cx = 0.0, cy = 0.0
                for i in ring.indices {
                    let p = ring[i], q = ring[(i + 1) % ring.count]
                    let px = p.lon * k, qx = q.lon * k
                    let cross = px * q.lat - qx * p.lat
                    a += cross
                    cx += (px + qx) * cross
                    cy += (p.lat + q.lat) * cross
                    vx += px; vy += p.lat; n += 1
                }
                // Normalise orientation: outer rings add, holes subtract.
                let sign: Double = (a >= 0) == (r == 0) ? 1 : -1
                area += sign * a / 2
                sx += sign * cx / 6
                sy += sign * cy / 6
            }
        }
        if abs(area) > 1e-15 { return (sx / area, sy / area) }
        return n > 0 ? (vx / n, vy / n) : (0, 0)
    }
}
