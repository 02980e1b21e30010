// The words and numbers that change with what the map's shading measures (`MapMeasure`): the score a region is
// ranked by, the title's score, the legend's name and rule, the ranking's heading.

import WatchfloorCore

extension MapPane {
    /// The number `measure` gives region `id` (0 when the last update had nothing for it).
    func score(of id: String, measure: MapMeasure) -> Double {
        switch measure {
        case .load: loads[id]?.score ?? 0
        case .opinionHeat: heats[id]?.hottest ?? 0
        }
    }

    /// The number the shading ranks `id` by now.
    func score(of id: String) -> Double { score(of: id, measure: measure) }

    /// True when the last update of the current measure had figures for `id` (the title shows a score only then).
    func hasScore(_ id: String) -> Bool {
        switch measure {
        case .load: loads[id] != nil
        case .opinionHeat: heats[id] != nil
        }
    }

    /// The shading scale of a level under `measure`: quantiles of the scores of the regions it shows.
    func scale(_ level: MapLevel, measure: MapMeasure) -> MapLoadScale {
        MapLoadScale(scores: level.regions.map { score(of: $0.id, measure: measure) })
    }

    /// The pane's name in the title: unchanged for load; the measure said in words when it is opinion heat.
    func titleName(_ language: Language) -> String {
        switch measure {
        case .load: language.pick("网格地图 ", "Grid map ")
        case .opinionHeat: language.pick("网格地图·舆情热度 ", "Grid map · opinion heat ")
        }
    }

    /// A region's score with its band in words ("舆情热度 87（第4/4档）"), or short ("热度 87·4/4档").
    func scoreWords(_ score: Double, band: Int, language: Language, short: Bool) -> String {
        let s = MapPane.formatScore(score)
        switch (measure, short) {
        case (.load, true):
            return band == 0 ? language.pick("负荷 0", "load 0") : language.pick("负荷 \(s)·\(band)/4档", "load \(s)·\(band)/4")
        case (.load, false):
            return band == 0 ? language.pick("负荷分 0（无待办）", "load score 0 (nothing open)")
                : language.pick("负荷分 \(s)（第\(band)/4档）", "load score \(s) (band \(band) of 4)")
        case (.opinionHeat, true):
            return band == 0 ? language.pick("热度 0", "heat 0") : language.pick("热度 \(s)·\(band)/4档", "heat \(s)·\(band)/4")
        case (.opinionHeat, false):
            return band == 0 ? language.pick("舆情热度 0（无在办话题）", "opinion heat 0 (no open topic)")
                : language.pick("舆情热度 \(s)（第\(band)/4档）", "opinion heat \(s) (band \(band) of 4)")
        }
    }

    /// The legend's words: its name (long and short) and the rule behind the numbers, shown when there is room.
    func legendWords(_ language: Language) -> (label: String, short: String, rule: String) {
        let zh = language == .zh
        switch measure {
        case .load:
            let w = GridLoad.Weights.standard
            func n(_ d: Double) -> String { MapPane.formatScore(d) }
            let rule = zh
                ? "分值=Ⅰ×\(n(w.incident[.one]!))+Ⅱ×\(n(w.incident[.two]!))+Ⅲ×\(n(w.incident[.three]!))+Ⅳ×\(n(w.incident[.four]!))"
                    + "+超期×\(n(w.overdueHotline))+临期×\(n(w.nearDueHotline))+告警×\(n(w.activeAlert))"
                : "score=I×\(n(w.incident[.one]!))+II×\(n(w.incident[.two]!))+III×\(n(w.incident[.three]!))"
                    + "+IV×\(n(w.incident[.four]!))+overdue×\(n(w.overdueHotline))+due-soon×\(n(w.nearDueHotline))"
                    + "+alert×\(n(w.activeAlert))"
            return (zh ? "负荷(相对) " : "Load (relative) ", zh ? "负荷 " : "Load ", rule)
        case .opinionHeat:
            return (zh ? "舆情热度(相对) " : "Opinion heat (relative) ", zh ? "热度 " : "Heat ",
                    zh ? "热度=区域内在办话题的最高热度" : "heat=hottest open topic in the area")
        }
    }

    /// The ranking beside a small map: its heading and the score column's.
    func rankingWords(_ language: Language) -> (title: String, score: String) {
        switch measure {
        case .load: (language.pick("负荷排名", "Busiest"), language.pick("分值", "Score"))
        case .opinionHeat: (language.pick("热度排名", "Hottest"), language.pick("热度", "Heat"))
        }
    }
}
