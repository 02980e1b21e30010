import Foundation
import WatchfloorCore

/// How busy one node of the grid hierarchy is right now: what the map shades each region by.
///
/// Why a weighted score and not a count: a single open Ⅰ-level incident (a landslide) must outweigh a handful
/// of Ⅳ-level ones (a blocked drain), and a case already past its 12345 deadline needs the duty room more than
/// one still inside it. The weights are `GridLoad.Weights.standard`:
///
/// | what                                   | weight |
/// |----------------------------------------|-------:|
/// | open incident Ⅰ / Ⅱ / Ⅲ / Ⅳ            | 8 / 4 / 2 / 1 |
/// | hotline case past its stage deadline    | 3 |
/// | hotline case due within `near_due_hours`| 1 |
/// | active security alert (new or acked)    | 0.5 |
///
/// Example: one open Ⅱ incident, one overdue case and two active alerts score 4 + 3 + 2 × 0.5 = 8.
public struct GridLoad: Sendable, Equatable {
    /// Open incidents (new, acknowledged, dispatched) by level; absent levels count 0.
    public var openIncidents: [Level: Int]
    /// Open hotline cases whose running stage deadline has passed.
    public var overdueHotline: Int
    /// Open hotline cases due within the SLA table's near-due window (not yet overdue).
    public var nearDueHotline: Int
    /// Security alerts that are new or acknowledged.
    public var activeAlerts: Int

    public init(openIncidents: [Level: Int] = [:], overdueHotline: Int = 0, nearDueHotline: Int = 0,
                activeAlerts: Int = 0) {
        self.openIncidents = openIncidents.filter { $0.value != 0 }
        self.overdueHotline = overdueHotline
        self.nearDueHotline = nearDueHotline
        self.activeAlerts = activeAlerts
    }

    public static let zero = GridLoad()

    /// Score weights (see the type's documentation for why these values).
    public struct Weights: Sendable, Equatable {
        public var incident: [Level: Double]
        public var overdueHotline: Double
        public var nearDueHotline: Double
        public var activeAlert: Double

        public init(incident: [Level: Double], overdueHotline: Double, nearDueHotline: Double, activeAlert: Double) {
            self.incident = incident
            self.overdueHotline = overdueHotline
            self.nearDueHotline = nearDueHotline
            self.activeAlert = activeAlert
        }

        public static let standard = Weights(incident: [.one: 8, .two: 4, .three: 2, .four: 1], overdueHotline: 3,
                                             nearDueHotline: 1, activeAlert: 0.5)
    }

    /// Open incidents of `level`.
    public func incidents(_ level: Level) -> Int { openIncidents[level] ?? 0 }

    /// All open incidents.
    public var openIncidentTotal: Int { openIncidents.values.reduce(0, +) }

    /// True when nothing is open here.
    public var isEmpty: Bool { openIncidentTotal == 0 && overdueHotline == 0 && nearDueHotline == 0 && activeAlerts == 0 }

    /// The weighted score with the standard weights.
    public var score: Double { score(weights: .standard) }

    public func score(weights w: Weights) -> Double {
        var s = 0.0
        for (level, n) in openIncidents { s += Double(n) * (w.incident[level] ?? 0) }
        return s + Double(overdueHotline) * w.overdueHotline + Double(nearDueHotline) * w.nearDueHotline
            + Double(activeAlerts) * w.activeAlert
    }

    /// Adds another node's counts (rolling a grid up into its village, township and county).
    public mutating func add(_ other: GridLoad) {
        for (level, n) in other.openIncidents { openIncidents[level, default: 0] += n }
        overdueHotline += other.overdueHotline
        nearDueHotline += other.nearDueHotline
        activeAlerts += other.activeAlerts
    }
}

/// The map's shading scale: relative to the regions on screen, by quantiles of their scores.
///
/// Why relative: loads roll up (a township holds everything in it) and a county's day can run from 2 to 400, so
/// fixed thresholds painted every region at every level in the top band and told the duty officer nothing. Here
/// the regions shown are ranked: the regions with no load are blank, the rest split at the quartiles of their
/// scores into up to four bands, and the most loaded band is always the densest. The legend prints each band's
/// actual score range ("⣿⣿ 40–357"), so a quiet night reads as such ("⣿⣿ 1–1") even though something is darkest.
///
/// | bucket | scores                          | role       | fill  |
/// |-------:|---------------------------------|------------|-------|
/// | 0      | 0                               | `mapLoad0` | blank |
/// | 1…4    | quartile bands of the positives | `mapLoad1…4` | `⠂ ⠅ ⠭ ⣿` |
///
/// With fewer distinct scores than four bands, the bands used are spread over 1…4 (always ending at 4). The fill
/// glyphs grow denser with the bucket, so the scale reads without colour (`NO_COLOR`) too; they are braille
/// (never East Asian *Ambiguous*), so they stay one column in a CJK terminal.
public struct MapLoadScale: Sendable, Equatable {
    /// Interior fill per bucket.
    public static let fillGlyphs: [Character] = [" ", "⠂", "⠅", "⠭", "⣿"]

    /// Lower bounds of the bands after the first, strictly increasing (at most three).
    public let thresholds: [Double]
    public let minPositive: Double
    public let maxScore: Double

    /// The scale for these scores (one per region shown).
    public init(scores: [Double]) {
        let positive = scores.filter { $0 > 0 }.sorted()
        minPositive = positive.first ?? 0
        maxScore = positive.last ?? 0
        var cuts: [Double] = []
        if !positive.isEmpty {
            for k in 1...3 {
                let q = positive[min(positive.count - 1, k * positive.count / 4)]
                if q > (cuts.last ?? minPositive) { cuts.append(q) }
            }
        }
        thresholds = cuts
    }

    /// Band index among the bands in use (0 = lowest positive band).
    private func band(_ score: Double) -> Int { thresholds.filter { score >= $0 }.count }

    /// Bucket 0…4 for a score.
    public func bucket(_ score: Double) -> Int {
        guard score > 0 else { return 0 }
        let bands = thresholds.count + 1
        if bands == 1 { return 4 }
        return 1 + Int((Double(band(score) * 3) / Double(bands - 1)).rounded())
    }

    /// The buckets in use, lowest first, each with the score range it stands for ("0", "3–8", "40–357").
    public var legend: [(bucket: Int, range: String)] {
        guard maxScore > 0 else { return [(0, "0")] }
        var out: [(Int, String)] = [(0, "0")]
        let bounds = [minPositive] + thresholds
        for (i, lo) in bounds.enumerated() {
            let hi = i + 1 < bounds.count ? bounds[i + 1] : maxScore
            let range = lo == hi ? MapLoadScale.format(lo) : MapLoadScale.format(lo) + "–" + MapLoadScale.format(hi)
            out.append((bucket(lo), range))
        }
        return out
    }

    /// A score as people read it: whole numbers from 10 up ("358", not "357.5": the weights make halves, which say
    /// nothing at that size), one decimal below 10 where it is not whole ("2.5"). The legend, the map's title, the
    /// ranking and the detail all use it, so one region's score reads the same everywhere.
    public static func format(_ d: Double) -> String {
        guard d.isFinite, abs(d) < 1e15 else { return "—" }
        if abs(d) >= 10 || d.rounded() == d { return String(Int(d.rounded())) }
        return String(format: "%.1f", d)
    }
}
