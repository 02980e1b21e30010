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

/// The map's shading scale: fixed score thresholds, the same at every level.
///
/// Why fixed thresholds and not quantiles: quantiles always paint someone red, even on a quiet night when the
/// "worst" grid has one Ⅳ-level pothole; fixed thresholds keep a colour meaning the same thing all shift, so a
/// region turning red is news. Because loads roll up, a township is as red as the trouble inside it: any region
/// holding an open Ⅰ-level incident (8) is at least bucket 3.
///
/// | bucket | score        | role       | fill |
/// |-------:|--------------|------------|------|
/// | 0      | 0            | `mapLoad0` | blank |
/// | 1      | (0, 2)       | `mapLoad1` | `⠂` |
/// | 2      | [2, 5)       | `mapLoad2` | `⠅` |
/// | 3      | [5, 10)      | `mapLoad3` | `⠭` |
/// | 4      | 10 and above | `mapLoad4` | `⣿` |
///
/// The fill glyphs grow denser with the bucket, so the scale reads without colour (`NO_COLOR`) too; they are
/// braille (never East Asian *Ambiguous*), so they stay one column in a CJK terminal.
public enum MapLoadScale {
    /// Lower bounds of buckets 2, 3 and 4; bucket 1 is any positive score below the first.
    public static let thresholds: [Double] = [2, 5, 10]
    /// Interior fill per bucket.
    public static let fillGlyphs: [Character] = [" ", "⠂", "⠅", "⠭", "⣿"]

    /// Bucket 0…4 for a score.
    public static func bucket(_ score: Double) -> Int {
        guard score > 0 else { return 0 }
        var b = 1
        for t in thresholds where score >= t { b += 1 }
        return b
    }

    /// The score range of a bucket as printed in the legend: "0", "<2", "2–5", "5–10", "10+".
    public static func rangeLabel(_ bucket: Int) -> String {
        let t = thresholds.map { $0.rounded() == $0 ? String(Int($0)) : String($0) }
        switch bucket {
        case ...0: return "0"
        case 1: return "<" + t[0]
        case 2: return t[0] + "-" + t[1]
        case 3: return t[1] + "-" + t[2]
        default: return t[2] + "+"
        }
    }
}
