import Foundation

/// A label the UI should print at (x, y) (cell column and row of its first character).
public struct MapLabel: Hashable, Sendable {
    public var region: Int
    public var text: String
    public var x: Int
    public var y: Int
    /// Display width in columns, as measured by the injected width function.
    public var width: Int
}

/// Places region labels inside their own cells without overlapping (or touching) other labels.
///
/// Why the width is injected: only the UI knows how its terminal measures text (CJK is 2 columns, emoji vary);
/// the geometry layer must not guess. Larger regions are labelled first; a label is centred on the region's
/// deepest cell (farthest from its edge, ties broken by closeness to the centroid of its cells) and shifted
/// sideways if needed; labels that fit nowhere are skipped.
public func placeLabels(raster: MapRaster, labels: [Int: String], width measure: (String) -> Int) -> [MapLabel] {
    placeLabels(raster: raster, candidates: labels.mapValues { [$0] }, width: measure)
}

/// Like `placeLabels(raster:labels:width:)`, with fallbacks: each region's texts are tried in order (say the full
/// name, then an abbreviation) and the first that fits anywhere in the region is placed.
///
/// Why: in a dense level (48 grids in a 80×24 pane) most full names do not fit, but "12" for "第12网格" does, and
/// a short label beats none when the officer is looking for a grid.
///
/// `avoidBorders`: only a region's interior cells may carry its name, never a cell that draws a boundary (the UI
/// asks for this: a label over an outline cuts the shape the officer reads the map by; a name that fits nowhere
/// inside falls back to its shorter candidates, then to none).
public func placeLabels(raster: MapRaster, candidates labels: [Int: [String]], width measure: (String) -> Int,
                        avoidBorders: Bool = false) -> [MapLabel]
{
    let w = raster.width, h = raster.height
    guard w > 0, h > 0, !labels.isEmpty else { return [] }
    let owner = raster.cells.map { avoidBorders && $0.isBorder ? -1 : $0.region ?? -1 }
    let depth = cellDepth(owner: owner, width: w, height: h)

    // Cells per labelled region (arrays indexed by region: this runs on every uncached frame).
    var cellsOf = [[Int]](repeating: [], count: raster.regionCount)
    var labelled = [Bool](repeating: false, count: raster.regionCount)
    for key in labels.keys where key >= 0 && key < raster.regionCount { labelled[key] = true }
    for (i, o) in owner.enumerated() where o >= 0 && labelled[o] { cellsOf[o].append(i) }

    var occupied = [Bool](repeating: false, count: w * h)
    var placed: [MapLabel] = []
    let order = cellsOf.indices.filter { !cellsOf[$0].isEmpty }
        .sorted { (cellsOf[$0].count, $1) > (cellsOf[$1].count, $0) }
    for region in order {
        let cells = cellsOf[region]
        let cx = Double(cells.reduce(0) { $0 + $1 % w }) / Double(cells.count)
        let cy = Double(cells.reduce(0) { $0 + $1 / w }) / Double(cells.count)
        // Deepest first, then nearest the centroid, then by position. The distances are computed once per cell,
        // not in the comparator: sorting every cell of a level with `hypot` inside was most of a cold frame.
        let distance = cells.map { hypot(Double($0 % w) - cx, (Double($0 / w) - cy) * 2) }
        let anchors = cells.indices.sorted { a, b in
            let ca = cells[a], cb = cells[b]
            if depth[ca] != depth[cb] { return depth[ca] > depth[cb] }
            return distance[a] != distance[b] ? distance[a] < distance[b] : ca < cb
        }.lazy.map { cells[$0] }
        // The longest run of the region's cells in one row: no wider text can fit, so it is not tried (in a
        // dense level most full names are too wide, and trying every anchor and shift for them dominated).
        var longestRun = 0, run = 0, previous = -2
        for c in cells {  // ascending, row-major
            run = (c == previous + 1 && c % w != 0) ? run + 1 : 1
            longestRun = max(longestRun, run)
            previous = c
        }
        texts: for text in labels[region] ?? [] where !text.isEmpty {
            let textWidth = measure(text)
            guard textWidth > 0, textWidth <= longestRun else { continue }
            let shifts = shiftOrder(textWidth)
            for anchor in anchors {
                let ax = anchor % w, ay = anchor / w
                let centred = ax - (textWidth - 1) / 2
                // Try the centred window first, then shifts alternating right/left, all covering the anchor.
                for shift in shifts {
                    let x0 = centred + shift
                    guard x0 >= 0, x0 + textWidth <= w else { continue }
                    let row = ay * w
                    var fits = true
                    for x in x0..<(x0 + textWidth) where owner[row + x] != region || occupied[row + x] { fits = false; break }
                    if fits, x0 > 0, occupied[row + x0 - 1] { fits = false }
                    if fits, x0 + textWidth < w, occupied[row + x0 + textWidth] { fits = false }
                    if fits {
                        for x in x0..<(x0 + textWidth) { occupied[row + x] = true }
                        placed.append(MapLabel(region: region, text: text, x: x0, y: ay, width: textWidth))
                        break texts
                    }
                }
            }
        }
    }
    return placed.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
}

/// 0, +1, -1, +2, -2, … within a window of `width` (every shift keeps the anchor inside the label).
private func shiftOrder(_ width: Int) -> [Int] {
    let lo = -(width / 2), hi = (width - 1) - (width - 1) / 2
    var out = [0]
    for k in 1..<max(1, width) {
        if k <= hi { out.append(k) }
        if -k >= lo { out.append(-k) }
    }
    return out
}

/// Chamfer distance (in columns; a row counts 2 since a cell is about twice as tall as wide) from each cell to
/// the nearest cell outside its region or the pane; 0 for edge cells and cells with no region.
func cellDepth(owner: [Int], width w: Int, height h: Int) -> [Double] {
    let inf = Double.greatestFiniteMagnitude / 4
    var d = [Double](repeating: inf, count: w * h)
    for y in 0..<h {
        for x in 0..<w {
            let i = y * w + x, o = owner[i]
            if o < 0 || x == 0 || y == 0 || x == w - 1 || y == h - 1
                || owner[i - 1] != o || owner[i + 1] != o || owner[i - w] != o || owner[i + w] != o
            { d[i] = 0 }
        }
    }
    let diagonal = 5.0.squareRoot()
    let forward: [(Int, Int, Double)] = [(-1, 0, 1), (0, -1, 2), (-1, -1, diagonal), (1, -1, diagonal)]
    let backward: [(Int, Int, Double)] = [(1, 0, 1), (0, 1, 2), (1, 1, diagonal), (-1, 1, diagonal)]
    for y in 0..<h {
        for x in 0..<w { relax(&d, owner, x, y, w, h, forward) }
    }
    for y in stride(from: h - 1, through: 0, by: -1) {
        for x in stride(from: w - 1, through: 0, by: -1) { relax(&d, owner, x, y, w, h, backward) }
    }
    return d
}

@inline(__always)
private func relax(_ d: inout [Double], _ owner: [Int], _ x: Int, _ y: Int, _ w: Int, _ h: Int,
                   _ steps: [(Int, Int, Double)])
{
    let i = y * w + x
    guard d[i] > 0 else { return }
    for (dx, dy, cost) in steps {
        let nx = x + dx, ny = y + dy
        guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
        let j = ny * w + nx
        if owner[j] == owner[i], d[j] + cost < d[i] { d[i] = d[j] + cost }
    }
}
