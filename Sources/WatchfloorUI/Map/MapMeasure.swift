import WatchfloorCore

/// What the map's shading measures: the duty room's open work, or how hot the public-opinion stories located in
/// each area are. `o` on the map switches between them; `[ui] map_shading = "load" | "opinion_heat"` sets the one
/// the UI starts with.
///
/// Why two measures on one map and not a second map: the question "where is it hot online?" is asked of the same
/// townships and villages as "where is the work?", with the same navigation and the same grid filter; only the
/// number behind each region changes. The scale stays relative (`MapLoadScale`), so either measure fills all four
/// bands of the regions shown.
public enum MapMeasure: String, CaseIterable, Sendable {
    /// Weighted open incidents, 12345 cases near or past their deadline and active alerts (`GridLoad`).
    case load
    /// The heat of the hottest open topic located in the area (`GridOpinionHeat`).
    case opinionHeat = "opinion_heat"

    /// The other measure (`o` cycles through them).
    public var next: MapMeasure {
        let all = MapMeasure.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// What the shading shows, in words: "负荷" / "load", "舆情热度" / "opinion heat".
    public var label: Bilingual {
        switch self {
        case .load: Bilingual("负荷", "load")
        case .opinionHeat: Bilingual("舆情热度", "opinion heat")
        }
    }

    /// The `[ui] map_shading` value; nil when it is none of the measures.
    public init?(setting: String) {
        let key = setting.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let m = MapMeasure(rawValue: key == "heat" ? MapMeasure.opinionHeat.rawValue : key) else { return nil }
        self = m
    }
}

/// Public-opinion heat of one node of the grid hierarchy: the hottest open topic located in it (or anywhere below
/// it) and how many open topics are located there.
///
/// Why the maximum and not the sum: heat is already logarithmic in volume and engagement (`OpinionHeat`), so adding
/// two topics' heats measures nothing a person can read — ten lukewarm stories at heat 10 are not one story at
/// heat 100, and a duty officer looking for where a story is blowing up must not have it drowned by a village
/// that merely has many quiet ones. The maximum also rolls up without distortion: a township is as hot as its
/// hottest village, so the county's figure equals the top of the opinion view's list (for the located topics).
///
/// Example: two open topics in 第1网格 at heat 87.2 and 12.0 and one in 第2网格 at 40 give 第1网格 87.2 (2 topics),
/// 第2网格 40 (1 topic) and their village 87.2 (3 topics).
public struct GridOpinionHeat: Sendable, Equatable {
    /// Heat, now, of the hottest open topic here (`OpinionTopic.heat(at:)`); 0 with no located open topic.
    public var hottest: Double
    /// Open (not closed) topics located here or below.
    public var topics: Int

    public init(hottest: Double = 0, topics: Int = 0) {
        self.hottest = hottest
        self.topics = topics
    }

    public static let zero = GridOpinionHeat()

    /// Folds another node's figures in (rolling a grid up into its village, township and county).
    public mutating func add(_ other: GridOpinionHeat) {
        hottest = max(hottest, other.hottest)
        topics += other.topics
    }
}
