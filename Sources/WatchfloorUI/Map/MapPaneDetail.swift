import WatchfloorCore
import WatchfloorGeo

extension MapPane {
    /// The facts about one node for the detail view the app opens on `.showDetail`: name, code and level, where it
    /// lies, its grid worker and households (summed over its grids for a village or township), and its open-item
    /// counts with the load score. The app adds the item lists below these lines.
    ///
    /// Example (zh): `城关镇东街社区第1网格`, `编码 990102001002001 · 网格`, `上级 云岭县 › 城关镇 › 东街社区`,
    /// `网格员 袁顺 13320142889`, `户数 599`, `在办事件 3（Ⅰ 0 · Ⅱ 1 · Ⅲ 1 · Ⅳ 1）`, …
    public func detailLines(for gridID: String, load: GridLoad?, language: Language) -> [String] {
        let zh = language == .zh
        guard let region = hierarchy.region(gridID) else {
            return [zh ? "未知网格 \(gridID)" : "Unknown grid \(gridID)"]
        }
        let grid = gridsByID[gridID]
        var lines = [region.name]

        let levelName = grid?.level.label.text(language)
            ?? GridCode.level(of: gridID)?.label.text(language)
            ?? (zh ? "区域" : "Area")
        lines.append((zh ? "编码 " : "Code ") + gridID + " · " + levelName)
        if hierarchy.parent(of: gridID) != nil {
            let path = breadcrumb(to: hierarchy.parent(of: gridID)?.id, language: language)
            lines.append((zh ? "上级 " : "Within ") + path)
        }

        let below = hierarchy.descendants(of: gridID)
        if let worker = grid?.worker {
            lines.append((zh ? "网格员 " : "Grid worker ") + worker + (grid?.workerPhone.map { " " + $0 } ?? ""))
        }
        if let households = grid?.households {
            lines.append((zh ? "户数 " : "Households ") + String(households))
        } else if !below.isEmpty {
            let grids = below.compactMap { gridsByID[$0.id] }.filter { $0.level == .grid }
            if !grids.isEmpty {
                let households = grids.compactMap(\.households).reduce(0, +)
                lines.append(zh ? "下辖网格 \(grids.count) 个 · 户数 \(households)"
                                : "Grids \(grids.count) · households \(households)")
            } else {
                lines.append(zh ? "下辖区域 \(below.count) 个" : "Areas within \(below.count)")
            }
        }

        let l = load ?? .zero
        func loadBand(_ l: GridLoad) -> Int { scale(currentLevel, measure: .load).bucket(l.score) }
        if zh {
            lines.append("在办事件 \(l.openIncidentTotal)（" + Level.allCases.map { "\($0.roman) \(l.incidents($0))" }
                .joined(separator: " · ") + "）")
            lines.append("12345 工单 超期 \(l.overdueHotline) · 临期 \(l.nearDueHotline)")
            lines.append("安全告警 \(l.activeAlerts)")
            lines.append("负荷分 \(MapPane.formatScore(l.score)) · 本级第 \(loadBand(l)) 档（0–4，按本级各区域相对排名）")
        } else {
            lines.append("Open incidents \(l.openIncidentTotal) (" + Level.allCases.map { "\($0.short.en) \(l.incidents($0))" }
                .joined(separator: " · ") + ")")
            lines.append("12345 cases overdue \(l.overdueHotline) · due soon \(l.nearDueHotline)")
            lines.append("Active alerts \(l.activeAlerts)")
            lines.append("Load \(MapPane.formatScore(l.score)) · band \(loadBand(l)) of 0–4 (relative to this level)")
        }
        if measure == .opinionHeat {
            let h = heat(of: gridID) ?? .zero
            let band = scale(currentLevel, measure: .opinionHeat).bucket(h.hottest)
            lines.append(zh ? "舆情 在办话题 \(h.topics) · 最高热度 \(MapPane.formatScore(h.hottest)) · 本级第 \(band) 档"
                            : "Opinion: open topics \(h.topics) · hottest \(MapPane.formatScore(h.hottest)) · band \(band) of 0–4")
        }
        return lines
    }
}
