import WatchfloorCore
import WatchfloorStore

/// The correlation rule (after Alerta's named, testable rules): at least `minCount` alert observations of level
/// `maxLevel` or more severe, on one asset, whose times span at most `windowMinutes`, open one `cyber_security`
/// incident and link the asset's alerts to it.
///
/// Times are the observations' own (`AlertObservation.at`), never the wall clock, so replaying a file gives the
/// same incidents as the live feed did. Only alerts with an asset (named by the sensor or by the inventory) are
/// correlated: an unknown address is not something the county can act on as one system.
public struct CorrelationRule: Sendable, Equatable {
    public var enabled: Bool
    public var minCount: Int
    public var maxLevel: Level
    public var windowMinutes: Int

    public init(enabled: Bool = true, minCount: Int = 20, maxLevel: Level = .two, windowMinutes: Int = 10) {
        self.enabled = enabled; self.minCount = max(1, minCount); self.maxLevel = maxLevel
        self.windowMinutes = max(1, windowMinutes)
    }

    public var windowMilliseconds: Int64 { Int64(windowMinutes) * 60_000 }

    /// Whether an observation counts towards the rule at all.
    public func qualifies(_ o: AlertObservation) -> Bool {
        enabled && o.level <= maxLevel && !(o.asset ?? "").isEmpty
    }

    /// The incident source of correlated incidents.
    public static let source = "correlation"

    /// Deterministic reference of the episode that starts with an alert at `windowStart` on `asset`: the same
    /// input always gives the same reference, so a replay or a restart updates instead of duplicating.
    public static func sourceRef(asset: String, windowStart: Timestamp) -> String {
        "corr:\(asset):\(windowStart.milliseconds)"
    }
}

/// Applies a `CorrelationRule` to a stream of observations. A value type: the pipeline evaluates a batch on a
/// copy and keeps it only when the batch committed, so a failed write does not count alerts twice.
///
/// An *episode* opens when the rule first holds for an asset and stays open while qualifying alerts keep
/// arriving less than one window apart; every qualifying alert of an open episode re-emits the same
/// `CorrelatedIncident` (same `source_ref`), which links the new alerts to the existing incident.
public struct Correlator: Sendable {
    public var rule: CorrelationRule

    struct Hit: Sendable { var at: Int64; var level: Level }
    struct Episode: Sendable { var ref: String; var windowStart: Int64; var lastAt: Int64; var level: Level; var grid: String? }
    struct AssetState: Sendable {
        /// Qualifying observation times in the current window, ascending.
        var hits: [Hit] = []
        var latest: Int64 = .min
        var episode: Episode?
    }

    var assets: [String: AssetState] = [:]

    public init(rule: CorrelationRule = CorrelationRule()) { self.rule = rule }

    /// Resumes an episode recorded in the store (an open correlated incident and the last time one of its
    /// alerts was seen), so a restart in the middle of an attack links to the incident instead of opening another.
    public mutating func resume(asset: String, sourceRef: String, lastSeen: Timestamp, level: Level, grid: String?) {
        let start = sourceRef.split(separator: ":").last.flatMap { Int64($0) } ?? lastSeen.milliseconds
        var s = assets[asset] ?? AssetState()
        s.episode = Episode(ref: sourceRef, windowStart: start, lastAt: lastSeen.milliseconds, level: level, grid: grid)
        s.latest = max(s.latest, lastSeen.milliseconds)
        assets[asset] = s
    }

    /// Feeds one observation; returns the incident to open or update when the rule holds.
    public mutating func observe(_ o: AlertObservation) -> CorrelatedIncident? {
        guard rule.qualifies(o), let asset = o.asset else { return nil }
        let t = o.at.milliseconds
        let w = rule.windowMilliseconds
        var s = assets[asset] ?? AssetState()
        defer { assets[asset] = s }

        // An open episode continues while alerts arrive within one window of the last one.
        if var e = s.episode {
            if t <= e.lastAt + w {
                e.lastAt = max(e.lastAt, t)
                if o.level < e.level { e.level = o.level }
                s.episode = e
                s.latest = max(s.latest, t)
                return incident(asset: asset, e, sample: o)
            }
            s.episode = nil
        }

        // Keep the hits sorted (sensors are not perfectly ordered) and drop what fell out of every window.
        var i = s.hits.count
        while i > 0 && s.hits[i - 1].at > t { i -= 1 }
        s.hits.insert(Hit(at: t, level: o.level), at: i)
        s.latest = max(s.latest, t)
        let horizon = s.latest - w
        if let firstKept = s.hits.firstIndex(where: { $0.at >= horizon }), firstKept > 0 {
            s.hits.removeFirst(firstKept)
        }

        // Does a window of width `w` containing `t` hold at least minCount hits?
        let n = s.hits.count
        guard n >= rule.minCount else { return nil }
        var lo = 0
        for hi in 0..<n {
            while s.hits[hi].at - s.hits[lo].at > w { lo += 1 }
            if hi - lo + 1 >= rule.minCount && s.hits[lo].at <= t && t <= s.hits[hi].at {
                let window = s.hits[lo...hi]
                let level = window.map(\.level).min() ?? o.level
                let start = s.hits[lo].at
                let e = Episode(ref: CorrelationRule.sourceRef(asset: asset, windowStart: Timestamp(milliseconds: start)),
                                windowStart: start, lastAt: max(t, s.hits[hi].at), level: level, grid: o.gridID)
                s.episode = e
                s.hits.removeAll()
                return incident(asset: asset, e, sample: o, count: window.count)
            }
        }
        return nil
    }

    func incident(asset: String, _ e: Episode, sample o: AlertObservation, count: Int? = nil) -> CorrelatedIncident {
        let n = count ?? rule.minCount
        let title = "网络攻击告警聚集：\(asset)"
        let detail = "\(rule.windowMinutes) 分钟内 \(asset) 收到 \(n) 条 \(rule.maxLevel.roman) 级及以上告警（关联规则：≥\(rule.minCount) 条 / \(rule.windowMinutes) 分钟）。"
            + " Alert burst on \(asset): \(n) alerts of level \(rule.maxLevel.rawValue) or worse within \(rule.windowMinutes) minutes. Latest: \(o.signature) from \(o.srcHost)."
        let incident = Incident(id: "", source: CorrelationRule.source, sourceRef: e.ref, category: .cyberSecurity,
                                level: e.level, title: title, detail: detail, gridID: e.grid ?? o.gridID,
                                location: asset, reporter: "watchfloord", reportedAt: Timestamp(milliseconds: e.windowStart))
        return CorrelatedIncident(incident: incident, asset: asset, since: Timestamp(milliseconds: e.windowStart))
    }
}
