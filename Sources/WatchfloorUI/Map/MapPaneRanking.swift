// The ranked load list that sits beside a small map: the regions of the level shown, busiest first.

import WatchfloorCore
import WatchfloorTerminal

extension MapPane {
    /// The regions of the current level with their names (relative to the level) and scores, busiest first.
    func ranking() -> [(id: String, name: String, score: Double)] {
        let level = currentLevel
        let parent = level.id.flatMap { hierarchy.region($0)?.name }
        return level.regions
            .map { (id: $0.id, name: MapPane.shortName($0.name, under: parent), score: score(of: $0.id)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
    }
}

extension Model {
    /// "负荷排名" (or "热度排名" under opinion heat): each region of the map's level with its score and band glyph;
    /// the map's selection highlighted.
    func renderLoadRanking(_ map: MapPane, into buffer: inout Buffer, area: Rect, focused: Bool) {
        let l = language
        let words = map.rankingWords(l)
        let inner = Block(title: words.title, focused: focused)
            .render(into: &buffer, area: area, theme: theme)
        guard !inner.isEmpty else { return }
        let scale = map.loadScale(map.currentLevel)
        let rows = map.ranking().map { r -> TableRow in
            let band = scale.bucket(r.score)
            return TableRow(cells: [[Span(r.name)], [Span(MapPane.formatScore(r.score), role: .dim)],
                                    [Span(String(repeating: MapLoadScale.fillGlyphs[band], count: 2),
                                          role: Role.mapLoad(band))]])
        }
        let selected = map.ranking().firstIndex { $0.id == map.highlightedRegionID }
        Table(columns: [TableColumn(l.pick("区域", "Area"), width: .fill(1)),
                        TableColumn(words.score, width: .fixed(5), alignment: .right),
                        TableColumn("", width: .fixed(2))],
              rows: rows, selected: selected, focused: focused).render(into: &buffer, area: inner, theme: theme)
    }
}
