import Foundation

/// One terminal cell of the map pane.
///
/// Why this shape: the UI paints `glyph` in the border colour over a background chosen from `region` (the load
/// shading), so fill costs no glyphs and borders stay crisp; `isBorder` lets it pick a border colour pair.
public struct MapCell: Hashable, Sendable {
    /// A braille character (U+2800 + dot bits) for the cell's border dots, or a space when it has none.
    public var glyph: Character
    /// Index (into the `regions` passed to `render`) of the region that owns most of the cell's dots; nil when
    /// no dot of the cell is inside any region.
    public var region: Int?
    /// True when at least one of the cell's dots is a border dot.
    public var isBorder: Bool

    public init(glyph: Character, region: Int?, isBorder: Bool) {
        self.glyph = glyph
        self.region = region
        self.isBorder = isBorder
    }
}

/// How thick the lines between regions are.
public enum MapBorderStyle: Sendable {
    /// One dot wide: between two regions only the left/upper side's dot is drawn; edges to the outside are drawn
    /// on the region's side. Keeps small grids readable.
    case thin
    /// Every dot whose owner differs from any 4-neighbour's (so two dots wide between regions).
    case full
}

/// The rasterised map: a dot-level ownership grid and the per-cell output for the UI.
///
/// Why braille dots: a cell holds 2×4 dots, so borders get 8 times the resolution of whole cells, which is what
/// makes 1,000 grids legible in a 200×60 pane.
public struct MapRaster: Sendable {
    /// Pane size in cells.
    public let width: Int
    public let height: Int
    /// Per-dot owner, row-major over `dotWidth`×`dotHeight`; -1 means outside every region.
    public let dotOwners: [Int32]
    /// Per-dot border flag, same layout as `dotOwners`.
    public let borderDots: [Bool]
    /// Row-major cells, `width`×`height`.
    public let cells: [MapCell]
    /// Dots owned by each region (index = region index).
    public let regionDotCounts: [Int]
    /// Cells owned (by majority) by each region.
    public let regionCellCounts: [Int]

    public var dotWidth: Int { width * 2 }
    public var dotHeight: Int { height * 4 }
    public var regionCount: Int { regionDotCounts.count }

    public func cell(x: Int, y: Int) -> MapCell { cells[y * width + x] }

    /// The region whose polygon contains the dot's centre, nil outside every region or the pane.
    public func owner(dotX: Int, dotY: Int) -> Int? {
        guard dotX >= 0, dotY >= 0, dotX < dotWidth, dotY < dotHeight else { return nil }
        let o = dotOwners[dotY * dotWidth + dotX]
        return o < 0 ? nil : Int(o)
    }

    /// Regions that touch each other in the dot grid (4-neighbourhood), sorted per region index. Two regions
    /// separated by a single unowned dot also count: real boundary files leave hairline slivers between
    /// neighbours.
    public func adjacency() -> [[Int]] {
        var sets = [Set<Int>](repeating: [], count: regionCount)
        let w = dotWidth, h = dotHeight
        func link(_ a: Int32, _ b: Int32) {
            if b >= 0, b != a { sets[Int(a)].insert(Int(b)); sets[Int(b)].insert(Int(a)) }
        }
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                let a = dotOwners[i]
                guard a >= 0 else { continue }
                if x + 1 < w {
                    let b = dotOwners[i + 1]
                    if b >= 0 { link(a, b) } else if x + 2 < w { link(a, dotOwners[i + 2]) }
                }
                if y + 1 < h {
                    let b = dotOwners[i + w]
                    if b >= 0 { link(a, b) } else if y + 2 < h { link(a, dotOwners[i + 2 * w]) }
                }
            }
        }
        return sets.map { $0.sorted() }
    }

    // MARK: - Rendering

    /// Braille bit for dot (column 0–1, row 0–3) inside a cell (Unicode braille dot numbering 1–8).
    static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    static let leftBits: [UInt8] = [0x01, 0x02, 0x04, 0x40]
    static let rightBits: [UInt8] = [0x08, 0x10, 0x20, 0x80]
    /// Characters for every bit pattern; 0 maps to a plain space (U+2800 renders inconsistently).
    static let brailleGlyphs: [Character] = (0..<256).map { $0 == 0 ? " " : Character(Unicode.Scalar(0x2800 + $0)!) }

    /// Rasterises `regions` into a `width`×`height` cell pane.
    ///
    /// Each region's rings are scan-converted together with the even-odd rule (so holes stay empty and a
    /// MultiPolygon's parts are all drawn): an edge table walks the dot rows, and the spans between pairs of
    /// crossings are filled. A later region overwrites an earlier one where they overlap.
    ///
    /// - Parameter keepTinyRegions: a region too small to contain any dot centre still gets the dot (and, if it
    ///   can take one without leaving another region cell-less, the cell) at its centre, so every grid on screen
    ///   stays visible and selectable.
    public static func render(regions: [GeoRegion], viewport: Viewport, width: Int, height: Int,
                              borders: MapBorderStyle = .thin, keepTinyRegions: Bool = true) -> MapRaster
    {
        let width = max(0, width), height = max(0, height)
        let dw = width * 2, dh = height * 4
        var owners = [Int32](repeating: -1, count: dw * dh)
        var filler = ScanlineFiller()
        owners.withUnsafeMutableBufferPointer { buf in
            for (index, region) in regions.enumerated() {
                filler.fill(region: region, index: Int32(index), viewport: viewport, width: width, height: height,
                            into: buf)
            }
        }
        // Counted afterwards because a later region may overwrite an earlier one's dots.
        var dotCounts = [Int](repeating: 0, count: regions.count)
        for o in owners where o >= 0 { dotCounts[Int(o)] += 1 }

        if keepTinyRegions {
            for (index, region) in regions.enumerated() where dotCounts[index] == 0 {
                guard let b = region.bounds else { continue }
                let p = viewport.project(b.center, width: width, height: height)
                let x = Int(p.x.rounded(.down)), y = Int(p.y.rounded(.down))
                guard x >= 0, y >= 0, x < dw, y < dh else { continue }
                let previous = owners[y * dw + x]
                if previous >= 0 {
                    if dotCounts[Int(previous)] <= 1 { continue }
                    dotCounts[Int(previous)] -= 1
                }
                owners[y * dw + x] = Int32(index)
                dotCounts[index] = 1
            }
        }

        // Border dots, then cells: glyph bits from border dots, owner by plurality of owned dots (ties → lower
        // index). Unsafe buffers because this loop runs over every dot every frame.
        var border = [Bool](repeating: false, count: dw * dh)
        var cellOwner = [Int32](repeating: -1, count: width * height)
        var cellBits = [UInt8](repeating: 0, count: width * height)
        var cellCounts = [Int](repeating: 0, count: regions.count)
        owners.withUnsafeBufferPointer { own in
            border.withUnsafeMutableBufferPointer { bor in
                for y in 0..<dh {
                    let rowStart = y * dw
                    for x in 0..<dw {
                        let i = rowStart + x
                        let o = own[i]
                        guard o >= 0 else { continue }
                        let right = x + 1 < dw ? own[i + 1] : o
                        let down = y + 1 < dh ? own[i + dw] : o
                        let left = x > 0 ? own[i - 1] : o
                        let up = y > 0 ? own[i - dw] : o
                        switch borders {
                        case .thin: bor[i] = right != o || down != o || left < 0 || up < 0
                        case .full: bor[i] = right != o || down != o || left != o || up != o
                        }
                    }
                }
            }
            border.withUnsafeBufferPointer { bor in
                var dots = [Int32](repeating: -1, count: 8)
                dots.withUnsafeMutableBufferPointer { d in
                    for cy in 0..<height {
                        for cx in 0..<width {
                            var bits: UInt8 = 0
                            for r in 0..<4 {
                                let i = (cy * 4 + r) * dw + cx * 2
                                d[r * 2] = own[i]
                                d[r * 2 + 1] = own[i + 1]
                                if bor[i] { bits |= MapRaster.leftBits[r] }
                                if bor[i + 1] { bits |= MapRaster.rightBits[r] }
                            }
                            var best: Int32 = -1, bestCount = 0
                            // Most cells lie inside one region (or outside all): one owner for all 8 dots.
                            let first = d[0]
                            if d[1] == first && d[2] == first && d[3] == first && d[4] == first && d[5] == first
                                && d[6] == first && d[7] == first
                            {
                                cellOwner[cy * width + cx] = first
                                cellBits[cy * width + cx] = bits
                                if first >= 0 { cellCounts[Int(first)] += 1 }
                                continue
                            }
                            for a in 0..<8 where d[a] >= 0 && d[a] != best {
                                var n = 0
                                for b in 0..<8 where d[b] == d[a] { n += 1 }
                                if n > bestCount || (n == bestCount && d[a] < best) { best = d[a]; bestCount = n }
                            }
                            cellOwner[cy * width + cx] = best
                            cellBits[cy * width + cx] = bits
                            if best >= 0 { cellCounts[Int(best)] += 1 }
                        }
                    }
                }
            }
        }

        // A region with dots but no cell takes the cell where it has most dots, if that cell's owner keeps
        // another one.
        if keepTinyRegions, regions.indices.contains(where: { dotCounts[$0] > 0 && cellCounts[$0] == 0 }) {
            var bestCell = [Int: (cell: Int, dots: Int)]()
            for i in regions.indices where dotCounts[i] > 0 && cellCounts[i] == 0 { bestCell[i] = (-1, 0) }
            for y in 0..<dh {
                for x in 0..<dw {
                    let o = Int(owners[y * dw + x])
                    guard o >= 0, bestCell[o] != nil else { continue }
                    let cell = (y / 4) * width + x / 2
                    var n = 0
                    for r in 0..<4 { for c in 0..<2 where owners[((y / 4) * 4 + r) * dw + (x / 2) * 2 + c] == Int32(o) { n += 1 } }
                    if n > bestCell[o]!.dots { bestCell[o] = (cell, n) }
                }
            }
            for (region, best) in bestCell.sorted(by: { $0.key < $1.key }) where best.cell >= 0 {
                let previous = cellOwner[best.cell]
                if previous >= 0 {
                    if cellCounts[Int(previous)] <= 1 { continue }
                    cellCounts[Int(previous)] -= 1
                }
                cellOwner[best.cell] = Int32(region)
                cellCounts[region] += 1
            }
        }

        var cells: [MapCell] = []
        cells.reserveCapacity(width * height)
        for i in 0..<(width * height) {
            let o = cellOwner[i]
            cells.append(MapCell(glyph: brailleGlyphs[Int(cellBits[i])], region: o >= 0 ? Int(o) : nil,
                                 isBorder: cellBits[i] != 0))
        }
        return MapRaster(width: width, height: height, dotOwners: owners, borderDots: border, cells: cells,
                         regionDotCounts: dotCounts, regionCellCounts: cellCounts)
    }
}

/// Even-odd scanline fill of one region at a time, reusing its buffers across regions.
struct ScanlineFiller {
    private struct Edge {
        var firstRow: Int
        var lastRow: Int
        var xAtFirstRow: Double
        var slope: Double  // dx per dot row
    }

    private var edges: [Edge] = []
    private var active: [Edge] = []
    private var crossings: [Double] = []

    /// Fills the dots of `region` with `index`; returns how many dots it painted.
    @discardableResult
    mutating func fill(region: GeoRegion, index: Int32, viewport: Viewport, width: Int, height: Int,
                       into owners: UnsafeMutableBufferPointer<Int32>) -> Int
    {
        let dw = width * 2, dh = height * 4
        guard dw > 0, dh > 0, let b = region.bounds else { return 0 }
        // Cull regions entirely outside the pane.
        let p0 = viewport.project(GeoPoint(lon: b.minLon, lat: b.maxLat), width: width, height: height)
        let p1 = viewport.project(GeoPoint(lon: b.maxLon, lat: b.minLat), width: width, height: height)
        if p1.x < 0 || p0.x > Double(dw) || p1.y < 0 || p0.y > Double(dh) { return 0 }

        edges.removeAll(keepingCapacity: true)
        for polygon in region.polygons {
            for ring in polygon where ring.count >= 3 {
                var prev = viewport.project(ring[ring.count - 1], width: width, height: height)
                for point in ring {
                    let cur = viewport.project(point, width: width, height: height)
                    defer { prev = cur }
                    if prev.y == cur.y { continue }
                    let (top, bottom) = prev.y < cur.y ? (prev, cur) : (cur, prev)
                    // Rows whose centre (row + 0.5) lies in [top.y, bottom.y).
                    let first = max(0, ceilToInt(top.y - 0.5, limit: dh))
                    let last = min(dh - 1, ceilToInt(bottom.y - 0.5, limit: dh) - 1)
                    if first > last { continue }
                    let slope = (bottom.x - top.x) / (bottom.y - top.y)
                    edges.append(Edge(firstRow: first, lastRow: last,
                                      xAtFirstRow: top.x + (Double(first) + 0.5 - top.y) * slope, slope: slope))
                }
            }
        }
        guard !edges.isEmpty else { return 0 }
        edges.sort { $0.firstRow < $1.firstRow }

        var painted = 0
        active.removeAll(keepingCapacity: true)
        var next = 0
        var row = edges[0].firstRow
        while row < dh, next < edges.count || !active.isEmpty {
            if active.isEmpty, next < edges.count, edges[next].firstRow > row { row = edges[next].firstRow }
            while next < edges.count, edges[next].firstRow == row { active.append(edges[next]); next += 1 }
            crossings.removeAll(keepingCapacity: true)
            for e in active { crossings.append(e.xAtFirstRow + Double(row - e.firstRow) * e.slope) }
            crossings.sort()
            let base = row * dw
            var k = 0
            while k + 1 < crossings.count {
                let start = max(0, ceilToInt(crossings[k] - 0.5, limit: dw))
                let end = min(dw, ceilToInt(crossings[k + 1] - 0.5, limit: dw))
                if start < end {
                    for x in start..<end { owners[base + x] = index }
                    painted += end - start
                }
                k += 2
            }
            active.removeAll { $0.lastRow <= row }
            row += 1
        }
        return painted
    }

    /// ceil(v) as Int, clamped to [-1, limit + 1] so far-off coordinates (deep zoom) never overflow.
    @inline(__always)
    private func ceilToInt(_ v: Double, limit: Int) -> Int {
        if v < -1 { return -1 }
        if v > Double(limit + 1) { return limit + 1 }
        return Int(v.rounded(.up))
    }
}
