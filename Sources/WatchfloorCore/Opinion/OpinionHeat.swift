import Foundation

/// How hot a story is (舆情热度), from volume, velocity and engagement — the formula and its reasons are in
/// docs/opinion.md:
///
///     heat = (10·ln(1 + V) + 5·ln(1 + E / 10)) · exp(−age / 12 h) + 15·ln(1 + R)
///
/// V: posts in the topic; E: Σ over posts of 2·reposts + 2·comments + likes / 2; R: posts in the last hour (the
/// current hour bucket plus the previous one weighted by the part of it still inside the hour); age: time since
/// the topic's last post. Logarithms because a story's reach grows by orders of magnitude: the 1,000th post
/// matters less than the 10th. Velocity weighs most because it is what makes a story urgent; the freshness factor
/// lets a story nobody posts about any more cool (to 37 % of its volume and engagement after 12 hours), which is
/// how a rumour answered by a clarification is seen to cool.
public enum OpinionHeat {
    public static let freshnessHours = 12.0

    public static func score(posts: Int, recent: Double, engagement: Int, ageHours: Double = 0) -> Double {
        let v = 10 * log1p(Double(max(0, posts)))
        let r = 15 * log1p(max(0, recent))
        let e = 5 * log1p(Double(max(0, engagement)) / 10)
        let freshness = exp(-max(0, ageHours) / freshnessHours)
        return ((v + e) * freshness + r).rounded(toPlaces: 1)
    }

    /// The heat at `now` of a topic last posted to at `lastSeen`: what the opinion view and the map show, since
    /// the heat stored with a topic is the one computed at its last post.
    public static func current(posts: Int, hourly: HourlyCounts, engagement: Int, lastSeen: Timestamp,
                               at now: Timestamp) -> Double {
        score(posts: posts, recent: hourly.recent(at: now), engagement: engagement,
              ageHours: Double(now.milliseconds - lastSeen.milliseconds) / 3_600_000)
    }
}

/// The heat a topic must reach to raise (or raise to) each grade of public-opinion incident.
public struct HeatThresholds: Sendable, Equatable {
    /// Ascending thresholds: Ⅳ, Ⅲ, Ⅱ, Ⅰ.
    public var four: Double, three: Double, two: Double, one: Double

    public init(four: Double = 50, three: Double = 70, two: Double = 90, one: Double = 120) {
        self.four = four; self.three = three; self.two = two; self.one = one
    }

    /// The most severe grade whose threshold `heat` has reached, nil when below Ⅳ's.
    public func level(for heat: Double) -> Level? {
        if heat >= one { return .one }
        if heat >= two { return .two }
        if heat >= three { return .three }
        if heat >= four { return .four }
        return nil
    }

    public func threshold(_ level: Level) -> Double {
        switch level { case .one: one; case .two: two; case .three: three; case .four: four }
    }
}

/// Posts per hour over the last `capacity` hours, for velocity and the sparkline. Hours are counted from the
/// Unix epoch, so buckets line up across topics. Serialised as `"<last hour>:<oldest>,…,<newest>"`.
public struct HourlyCounts: Sendable, Equatable {
    public static let capacity = 48
    /// The hour of the newest bucket (hours since the epoch); 0 when empty.
    public private(set) var lastHour: Int64 = 0
    /// Oldest first; at most `capacity`.
    public private(set) var counts: [Int] = []

    public init() {}

    public init?(serialized: String) {
        self.init()
        guard !serialized.isEmpty else { return }
        let parts = serialized.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let h = Int64(parts[0]) else { return nil }
        var counts: [Int] = []
        for c in parts[1].split(separator: ",") { guard let n = Int(c), n >= 0 else { return nil }; counts.append(n) }
        lastHour = h; self.counts = Array(counts.suffix(HourlyCounts.capacity))
    }

    public var serialized: String { counts.isEmpty ? "" : "\(lastHour):" + counts.map(String.init).joined(separator: ",") }

    static func hour(_ t: Timestamp) -> Int64 { t.milliseconds >= 0 ? t.milliseconds / 3_600_000 : (t.milliseconds - 3_599_999) / 3_600_000 }

    /// Counts one post at `t`. A post older than the window only counts towards the topic's total, not here.
    public mutating func add(at t: Timestamp, count: Int = 1) {
        let h = HourlyCounts.hour(t)
        if counts.isEmpty { lastHour = h; counts = [count]; return }
        if h > lastHour {
            let gap = Int(min(Int64(HourlyCounts.capacity), h - lastHour))
            counts += Array(repeating: 0, count: gap)
            counts[counts.count - 1] = count
            if counts.count > HourlyCounts.capacity { counts.removeFirst(counts.count - HourlyCounts.capacity) }
            lastHour = h
            return
        }
        let back = Int(lastHour - h)
        guard back < counts.count else { return }
        counts[counts.count - 1 - back] += count
    }

    /// Posts in the hour before `now`: the bucket of `now` plus the previous bucket weighted by how much of it is
    /// still within the hour.
    public func recent(at now: Timestamp) -> Double {
        let h = HourlyCounts.hour(now)
        func bucket(_ hour: Int64) -> Int {
            let back = lastHour - hour
            guard back >= 0, back < Int64(counts.count) else { return 0 }
            return counts[counts.count - 1 - Int(back)]
        }
        let fraction = Double(now.milliseconds - h * 3_600_000) / 3_600_000
        return Double(bucket(h)) + Double(bucket(h - 1)) * (1 - fraction)
    }

    /// The last `hours` buckets ending at the hour of `now` (zeros where nothing was posted), oldest first.
    public func window(hours: Int, endingAt now: Timestamp) -> [Int] {
        let end = HourlyCounts.hour(now)
        return (0..<hours).map { i in
            let hour = end - Int64(hours - 1 - i)
            let back = lastHour - hour
            guard back >= 0, back < Int64(counts.count) else { return 0 }
            return counts[counts.count - 1 - Int(back)]
        }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let m = pow(10, Double(places))
        return (self * m).rounded() / m
    }
}
