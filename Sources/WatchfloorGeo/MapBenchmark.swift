import Foundation

/// Timing figures for `MapBenchmark.measure`, in milliseconds.
public struct MapBenchmarkResult: Sendable, CustomStringConvertible {
    public var gridCount: Int
    public var width: Int
    public var height: Int
    public var iterations: Int
    /// Vertices over all grids (what the rasteriser projects per frame).
    public var vertexCount: Int
    public var medianMilliseconds: Double
    public var p90Milliseconds: Double
    public var minMilliseconds: Double
    public var maxMilliseconds: Double

    public var description: String {
        String(format: "map render: %d grids (%d vertices) into %d×%d cells, %d runs: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms",
               gridCount, vertexCount, width, height, iterations, medianMilliseconds, p90Milliseconds,
               minMilliseconds, maxMilliseconds)
    }
}

/// Measures a full map frame (rasterise + borders + cells) on a synthetic county.
///
/// Why here and not in the bench executable: the bench only prints; keeping the workload next to the code means
/// the figure always measures what the UI calls. Generation and fitting are outside the timed part.
public enum MapBenchmark {
    public static func measure(gridCount: Int = 1000, width: Int = 200, height: Int = 60, iterations: Int = 50,
                               seed: UInt64 = 1) -> MapBenchmarkResult
    {
        let regions = SyntheticCounty.make(gridCount: gridCount, seed: seed)
        let viewport = Viewport.fit(regions, width: width, height: height)
        let runs = max(1, iterations)
        _ = MapRaster.render(regions: regions, viewport: viewport, width: width, height: height)  // warm-up
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        var sink = 0
        for _ in 0..<runs {
            let start = clock.now
            let raster = MapRaster.render(regions: regions, viewport: viewport, width: width, height: height)
            let elapsed = clock.now - start
            sink &+= raster.cells.count
            let c = elapsed.components
            samples.append(Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15)
        }
        precondition(sink > 0 || width * height == 0)
        samples.sort()
        func percentile(_ p: Double) -> Double {
            samples[min(samples.count - 1, max(0, Int((p * Double(samples.count)).rounded(.up)) - 1))]
        }
        let median = samples.count % 2 == 1 ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        return MapBenchmarkResult(gridCount: regions.count, width: width, height: height, iterations: runs,
                                  vertexCount: regions.reduce(0) { $0 + $1.vertexCount },
                                  medianMilliseconds: median, p90Milliseconds: percentile(0.9),
                                  minMilliseconds: samples.first!, maxMilliseconds: samples.last!)
    }
}
