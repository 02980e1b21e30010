import Foundation
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal

/// What one rasterised frame depends on: the level, the map area's size and the view.
struct FrameKey: Hashable {
    var level: String?
    var width: Int
    var height: Int
    var viewport: Viewport
}

/// A rasterised level with its labels placed: everything about a frame except the shading, which follows the
/// loads and the selection and is cheap to redo.
final class MapFrame {
    let raster: MapRaster
    let labels: [MapLabel]
    /// Per cell, row-major: the owning region (-1 for none) and the braille pattern of its border dots (0 for
    /// none). Flattened once from `raster.cells`, so drawing a frame copies integers instead of `Character`s.
    let owners: [Int32]
    let borderBits: [UInt8]

    init(raster: MapRaster, labels: [MapLabel]) {
        self.raster = raster
        self.labels = labels
        owners = raster.cells.map { Int32($0.region ?? -1) }
        borderBits = raster.cells.map { cell in
            cell.isBorder ? UInt8(truncatingIfNeeded: cell.glyph.unicodeScalars.first!.value - 0x2800) : 0
        }
    }
}

extension MapPane {
    /// Frames kept at once; navigating back and forth between a few levels and zooms stays cached.
    static let frameCacheLimit = 12

    /// Draws the pane: a block titled with the breadcrumb, the map, and a legend row.
    ///
    /// Each region's cells take `mapLoad0…4` (bucket of its score, `MapLoadScale`) with a fill glyph that grows
    /// denser with the bucket; cells holding border dots show them as braille in `mapBorder`; the selected region
    /// is drawn in `mapSelected`; labels in `mapLabel` (`mapSelected` on the selection).
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme, language: Language, focused: Bool) {
        // `Block` gives the right title at most half the top border.
        let room = max(1, (area.width - 4) / 2)
        let inner = Block(title: title(language), rightTitle: rightTitle(language, room: room), focused: focused)
            .render(into: &buffer, area: area, theme: theme)
        guard !inner.isEmpty else { return }
        buffer.fill(inner, style: theme[.text])
        let legendRows = inner.height >= 4 ? 1 : 0
        let mapArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - legendRows)
        if !mapArea.isEmpty { drawMap(into: &buffer, area: mapArea, theme: theme) }
        if legendRows > 0 { drawLegend(into: &buffer, row: inner.row(inner.height - 1), theme: theme, language: language) }
    }

    /// The rasterised current level for a map area of `width`×`height`, from the cache when the view is unchanged.
    func frame(width: Int, height: Int) -> (MapLevel, MapFrame) {
        let level = currentLevel
        let viewport = viewport(for: level, width: width, height: height)
        let key = FrameKey(level: level.id, width: width, height: height, viewport: viewport)
        if let f = frames[key] { return (level, f) }
        let raster = MapRaster.render(regions: level.regions, viewport: viewport, width: width, height: height)
        let widths = level.labelWidths
        let labels = placeLabels(raster: raster, candidates: level.labels, width: { widths[$0] ?? DisplayWidth.of($0) },
                                 avoidBorders: true)
        let f = MapFrame(raster: raster, labels: labels)
        if frames.count >= MapPane.frameCacheLimit { frames.removeAll(keepingCapacity: true) }
        frames[key] = f
        return (level, f)
    }

    /// Drops cached rasters (the benchmark uses it to time cold frames; the app never needs to).
    public func discardCachedFrames() { frames.removeAll() }

    func drawMap(into buffer: inout Buffer, area: Rect, theme: Theme) {
        lastMapSize = (area.width, area.height)
        let (level, frame) = frame(width: area.width, height: area.height)
        let raster = frame.raster
        let selected = highlightedRegionID.flatMap { level.indexByID[$0] }

        // One prepared cell per bucket (and for the selection) so the loop only copies values.
        let loadStyles = (0...4).map { theme[Role.mapLoad($0)] }
        let fills = (0...4).map { Cell(String(MapLoadScale.fillGlyphs[$0]), style: loadStyles[$0]) }
        let selectedStyle = theme[.mapSelected], borderStyle = theme[.mapBorder]
        let scale = loadScale(level)
        let buckets = level.regions.map { scale.bucket(score(of: $0.id)) }
        let selectedFill = selected.map { Cell(String(MapLoadScale.fillGlyphs[buckets[$0]]), style: selectedStyle) }

        // Border glyphs made once per pattern and style, on first use.
        var borderCells = [Cell?](repeating: nil, count: 512)
        func borderCell(_ bits: UInt8, selected: Bool) -> Cell {
            let slot = Int(bits) + (selected ? 256 : 0)
            if let c = borderCells[slot] { return c }
            let c = Cell(String(Unicode.Scalar(0x2800 + UInt32(bits))!), style: selected ? selectedStyle : borderStyle)
            borderCells[slot] = c
            return c
        }
        let owners = frame.owners, borderBits = frame.borderBits
        let selectedIndex = selected.map(Int32.init) ?? -1
        for y in 0..<raster.height {
            let row = y * raster.width
            for x in 0..<raster.width {
                let r = owners[row + x]
                guard r >= 0 else { continue }
                let isSelected = r == selectedIndex
                let bits = borderBits[row + x]
                let out = bits != 0 ? borderCell(bits, selected: isSelected) : isSelected ? selectedFill! : fills[buckets[Int(r)]]
                buffer.set(x: area.x + x, y: area.y + y, out)
            }
        }
        let labelStyle = theme[.mapLabel]
        for label in frame.labels {
            buffer.put(label.text, x: area.x + label.x, y: area.y + label.y,
                       style: label.region == selected ? selectedStyle : labelStyle, maxWidth: label.width)
        }
    }

    /// The shading scale of a level under the current measure: quantiles of the scores of the regions it shows.
    func loadScale(_ level: MapLevel) -> MapLoadScale { scale(level, measure: measure) }

    /// "负荷(相对) 0 ⠂⠂1–3 ⠅⠅3–8 ⠭⠭8–40 ⣿⣿40–357" then the weights when they fit ("舆情热度(相对) …" and its rule
    /// under opinion heat); shorter forms for narrow panes.
    func drawLegend(into buffer: inout Buffer, row: Rect, theme: Theme, language: Language) {
        var scale: [(String, Style)] = []
        for (i, band) in loadScale(currentLevel).legend.enumerated() {
            let glyph = String(MapLoadScale.fillGlyphs[band.bucket])
            let sample = band.bucket == 0 ? "" : glyph + glyph
            if i > 0 { scale.append((" ", theme[.text])) }
            scale.append((sample + band.range, theme[Role.mapLoad(band.bucket)]))
        }
        let words = legendWords(language)
        let label = (words.label, theme[.dim])
        let short = (words.short, theme[.dim])
        let candidates: [[(String, Style)]] = [
            [label] + scale + [("  " + words.rule, theme[.dim])],
            [label] + scale,
            [short] + scale,
            scale,
        ]
        let spans = candidates.first { $0.reduce(0) { $0 + DisplayWidth.of($1.0) } <= row.width } ?? scale
        buffer.put(spans: spans, x: row.x, y: row.y, maxWidth: row.width)
    }

    /// "网格地图 云岭县 › 城关镇 › 东街社区": the pane's name (with the measure when it is not load) and where the
    /// selection (or the top) is.
    func title(_ language: Language) -> String {
        titleName(language) + breadcrumb(to: selectedGridID ?? levelID, language: language)
    }

    /// Zoom (when not the fitted view) and the selection's score: in words when they fit in `room` columns, else
    /// the short form (`负荷 358·4/4档` / `load 358·4/4`) rather than a sentence cut off mid-word.
    func rightTitle(_ language: Language, room: Int = .max) -> String? {
        if let long = rightTitle(language, short: false), DisplayWidth.of(long) <= room { return long }
        return rightTitle(language, short: true)
    }

    private func rightTitle(_ language: Language, short: Bool) -> String? {
        var parts: [String] = []
        if zoomSteps != 0 { parts.append("×" + MapPane.formatScore((pow(2, Double(zoomSteps) / 2) * 10).rounded() / 10)) }
        if let id = selectedGridID ?? topID, hasScore(id) {
            // Said in words, with the band the shading gives it among the regions shown (as the legend ranks them).
            let s = score(of: id)
            parts.append(scoreWords(s, band: loadScale(currentLevel).bucket(s), language: language, short: short))
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// A load score or zoom factor, as the legend prints its ranges (`MapLoadScale.format`).
    static func formatScore(_ d: Double) -> String { MapLoadScale.format(d) }
}
