import Foundation
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal
import WatchfloorUI

/// `watchfloor-bench map`: frames of the grid map with 1,000 grids in a 200×60 pane (#13's target: a cold frame's
/// median ≤ 5 ms).
///
/// Three figures, each over `--iterations` frames after a warm-up:
/// - **pane, cold** (the headline `median_ms`/`p90_ms`): `MapPane.render` with its raster cache dropped before
///   every frame — rasterise, place labels, shade, draw into a `Buffer`. What a resize or a zoom step costs.
/// - **pane, cached**: the same frame with the cache warm — what every ordinary frame costs (new loads, a moved
///   selection).
/// - **raw raster**: `MapRaster.render` alone on the same regions and map area, for comparison with the Geo layer.
///
/// The grids come from `SyntheticCounty` and enter the pane as `Grid` records with GeoJSON geometry text, as
/// from the store; each grid gets a random load so every shade is drawn. Options: `--grids N` (1000),
/// `--width W` (200), `--height H` (60), `--iterations N` (50), `--seed S` (1).
enum MapBench {
    static let targetMs = 5.0

    static func run(arguments: [String]) throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = arguments.firstIndex(of: "--\(name)"), i + 1 < arguments.count, let v = Int(arguments[i + 1])
            else { return fallback }
            return v
        }
        let gridCount = option("grids", 1000), width = option("width", 200), height = option("height", 60)
        let iterations = max(1, option("iterations", 50)), seed = UInt64(max(0, option("seed", 1)))

        let regions = SyntheticCounty.make(gridCount: gridCount, seed: seed)
        let grids = regions.map { r in
            Grid(id: r.id, name: r.name, level: .grid, parent: r.parentID, geometry: geoJSON(r.polygons))
        }
        var rng = SplitMix64(seed: seed &+ 7)
        var loads: [String: GridLoad] = [:]
        for g in grids {
            loads[g.id] = GridLoad(openIncidents: [.four: Int(rng.next() % 4), .two: Int(rng.next() % 8 == 0 ? 1 : 0)],
                                   overdueHotline: Int(rng.next() % 3), activeAlerts: Int(rng.next() % 5))
        }

        let setupStart = ContinuousClock.now
        let pane = MapPane(grids: grids)
        pane.update(loads: loads)
        let setup = milliseconds(ContinuousClock.now - setupStart)
        let vertices = regions.reduce(0) { $0 + $1.vertexCount }
        let area = Rect(x: 0, y: 0, width: width, height: height)
        let theme = Theme.builtin
        var buffer = Buffer(width: width, height: height)

        func frame(cold: Bool) -> Double {
            if cold { pane.discardCachedFrames() }
            let start = ContinuousClock.now
            pane.render(into: &buffer, area: area, theme: theme, language: .zh, focused: true)
            return milliseconds(ContinuousClock.now - start)
        }
        _ = frame(cold: true)  // warm-up; also builds the level
        let cold = (0..<iterations).map { _ in frame(cold: true) }.sorted()
        let cached = (0..<iterations).map { _ in frame(cold: false) }.sorted()

        // The pane's map area: inside the block border, minus the legend row.
        let mapWidth = max(0, width - 2), mapHeight = max(0, height - 3)
        let viewport = Viewport.fit(regions, width: mapWidth, height: mapHeight)
        _ = MapRaster.render(regions: regions, viewport: viewport, width: mapWidth, height: mapHeight)
        let raw = (0..<iterations).map { _ -> Double in
            let start = ContinuousClock.now
            let raster = MapRaster.render(regions: regions, viewport: viewport, width: mapWidth, height: mapHeight)
            precondition(raster.cells.count == mapWidth * mapHeight)
            return milliseconds(ContinuousClock.now - start)
        }.sorted()

        print("map: \(gridCount) grids (\(vertices) vertices) in a \(width)×\(height) pane (map area \(mapWidth)×\(mapHeight)), \(iterations) frames each")
        print("  setup (MapPane(grids:) incl. GeoJSON parse): \(fmt(setup)) ms")
        print("  frame           median ms   p90 ms   min ms   max ms")
        for (name, s) in [("pane, cold", cold), ("pane, cached", cached), ("raw raster", raw)] {
            print("  " + name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + [percentile(s, 50), percentile(s, 90), s.first!, s.last!].map { fmt($0).leftPadded(10) }.joined())
        }
        let met = percentile(cold, 50) <= targetMs
        print("  cold pane frame median \(fmt(percentile(cold, 50))) ms — target ≤ \(fmt(targetMs, 0)) ms: \(met ? "met" : "NOT met")"
              + "; cold pane ÷ raw raster = \(fmt(percentile(cold, 50) / percentile(raw, 50)))×")
        print("{\"bench\":\"map\",\"grids\":\(gridCount),\"width\":\(width),\"height\":\(height),"
              + "\"median_ms\":\(fmt(percentile(cold, 50), 3)),\"p90_ms\":\(fmt(percentile(cold, 90), 3)),"
              + "\"cached_median_ms\":\(fmt(percentile(cached, 50), 3)),\"raw_median_ms\":\(fmt(percentile(raw, 50), 3)),"
              + "\"target_ms\":\(fmt(targetMs, 0)),\"target_met\":\(met),\"iterations\":\(iterations)}")
    }

    /// Nearest-rank percentile of sorted samples.
    private static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))]
    }

    private static func milliseconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }

    private static func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    /// A region's polygons as GeoJSON MultiPolygon text (rings closed, as the format requires).
    private static func geoJSON(_ polygons: [GeoPolygon]) -> String {
        let body = polygons.map { polygon in
            "[" + polygon.map { ring in
                "[" + (ring + ring.prefix(1)).map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[\(body)]}"
    }
}
