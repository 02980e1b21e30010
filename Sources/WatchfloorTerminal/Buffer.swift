// The cell buffer every frame is rendered into (immediate mode, as in ratatui).
//
// Rules that keep wide characters honest:
// - a double-width character occupies its cell and the next one, which becomes a *continuation* cell;
// - writing over either half of a wide character blanks the other half, so no half glyph is ever left behind
//   (this is what keeps a dialog drawn over Chinese text clean at its edges);
// - a wide character that does not fit before the right edge (or `maxWidth`) is not drawn;
// - control characters never enter the buffer; zero-width marks join the character before them.

import WatchfloorCore

/// One screen cell: a grapheme cluster, its width (1 or 2; 0 marks the right half of a wide character) and style.
public struct Cell: Hashable, Sendable {
    public var grapheme: String
    public var width: UInt8
    public var style: Style

    public init(_ grapheme: String, width: UInt8 = 1, style: Style = .plain) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    /// A space in the default style.
    public static let blank = Cell(" ")

    /// A space with `style` (keeps the background of filled areas).
    public static func blank(_ style: Style) -> Cell { Cell(" ", width: 1, style: style) }

    /// The right half of a wide character: drawn by its left neighbour.
    public static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }

    public var isContinuation: Bool { width == 0 }
}

/// A change found by `Buffer.diff(from:)`.
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

/// A `width`×`height` grid of cells.
public struct Buffer: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    /// Blanks every cell.
    public mutating func clear(style: Style = .plain) {
        for i in cells.indices { cells[i] = .blank(style) }
    }

    /// Sets one cell (width 1 or 2), clearing the other half of any wide character it overlaps. A wide cell in the
    /// last column is replaced by a blank. Out-of-range positions are ignored.
    public mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height, !cell.isContinuation else { return }
        if cell.width >= 2 && x + 1 >= width {
            set(x: x, y: y, .blank(cell.style))
            return
        }
        let row = y * width
        breakWide(at: x, row: row)
        if cell.width >= 2 { breakWide(at: x + 1, row: row) }
        cells[row + x] = cell
        if cell.width >= 2 { cells[row + x + 1] = .continuation(cell.style) }
    }

    /// If (x, row) is half of a wide character, blank the other half (keeping its style).
    private mutating func breakWide(at x: Int, row: Int) {
        let c = cells[row + x]
        if c.isContinuation, x > 0 {
            cells[row + x - 1] = .blank(cells[row + x - 1].style)
            cells[row + x] = .blank(c.style)
        } else if c.width >= 2, x + 1 < width {
            cells[row + x + 1] = .blank(cells[row + x + 1].style)
        }
    }

    /// Writes `text` from (x, y) rightwards, width-aware, stopping at the buffer edge or after `maxWidth` columns.
    /// Returns the number of columns used. Control characters are skipped; combining marks join the previous
    /// character written by this call.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var col = x
        var lastX: Int? = nil
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                guard let first = ch.unicodeScalars.first, first.value >= 0xA0 || (0x20..<0x7F).contains(first.value)
                else { continue }
                if let lx = lastX {                      // combining mark: attach to the previous cell
                    var c = self[lx, y]
                    c.grapheme += String(ch)
                    cells[y * width + lx] = c
                }
                continue
            }
            if col + w > limit { break }
            if col >= 0 {
                set(x: col, y: y, Cell(String(ch), width: UInt8(w), style: style))
                lastX = col
            } else if col + w > 0 {
                set(x: 0, y: y, .blank(style))          // wide char cut by the left edge
            }
            col += w
        }
        return max(0, col - max(x, 0))
    }

    /// Writes styled spans one after another; returns the columns used.
    @discardableResult
    public mutating func put(spans: [(String, Style)], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var used = 0
        for (text, style) in spans {
            let room = maxWidth.map { $0 - used }
            if let room, room <= 0 { break }
            used += put(text, x: x + used, y: y, style: style, maxWidth: room)
        }
        return used
    }

    /// Fills `rect` (clipped to the buffer) with `character` in `style`, breaking wide characters at its edges.
    public mutating func fill(_ rect: Rect, style: Style, character: Character = " ") {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let cell = Cell(String(character), width: UInt8(max(1, DisplayWidth.of(character))), style: style)
        for yy in r.y..<r.maxY {
            // A narrow fill over a row of narrow cells breaks nothing: assign directly (every pane and table row
            // is filled each frame). Rows holding a wide character take the careful path below.
            let row = yy * width
            if cell.width == 1, !cells[(row + r.x)..<(row + r.maxX)].contains(where: { $0.width != 1 }) {
                for i in (row + r.x)..<(row + r.maxX) { cells[i] = cell }
                continue
            }
            var xx = r.x
            while xx < r.maxX {
                if cell.width == 2 && xx + 1 >= r.maxX { set(x: xx, y: yy, .blank(style)); break }
                set(x: xx, y: yy, cell)
                xx += Int(cell.width)
            }
        }
    }

    /// Lays `style` over the existing cells of `rect` without changing their text (selection highlight).
    public mutating func patchStyle(_ rect: Rect, with style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for yy in r.y..<r.maxY {
            for xx in r.x..<r.maxX {
                cells[yy * width + xx].style = cells[yy * width + xx].style.patched(with: style)
            }
        }
    }

    /// Replaces the style of `rect`'s cells outright.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for yy in r.y..<r.maxY {
            for xx in r.x..<r.maxX { cells[yy * width + xx].style = style }
        }
    }

    /// Cells that differ from `previous` (everything when the sizes differ). When only the right half of a wide
    /// character changed, its left half is reported instead, since a terminal draws the pair from the left.
    public func diff(from previous: Buffer?) -> [CellChange] {
        var changes: [CellChange] = []
        guard let previous, previous.width == width, previous.height == height else {
            for y in 0..<height {
                for x in 0..<width where !self[x, y].isContinuation {
                    changes.append(CellChange(x: x, y: y, cell: self[x, y]))
                }
            }
            return changes
        }
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                let cell = cells[i]
                if cell.isContinuation {
                    x += 1
                    continue
                }
                var changed = cell != previous.cells[i]
                if !changed && cell.width == 2 && x + 1 < width { changed = previous.cells[i + 1] != cells[i + 1] }
                if changed { changes.append(CellChange(x: x, y: y, cell: cell)) }
                x += 1
            }
        }
        return changes
    }

    /// Applies changes (as produced by `diff`) to this buffer.
    public mutating func apply(_ changes: [CellChange]) {
        for c in changes { set(x: c.x, y: c.y, c.cell) }
    }

    /// The text of each row, wide characters once, trailing spaces kept: the format of golden files.
    public func dump() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].grapheme }
            return line
        }
    }

    /// One character per column naming each cell's style: `legend(style)` gives the character (a wide character's
    /// right half repeats its left). Pair it with `dump()` in golden files to snapshot styling.
    public func dumpStyles(_ legend: (Style) -> Character) -> [String] {
        (0..<height).map { y in
            String((0..<width).map { x in legend(self[x, y].style) })
        }
    }

    /// The snapshot text golden files store: rows framed by `|` so trailing spaces show, wide characters once;
    /// with `styles`, a second block gives each cell's role code in `Theme.distinctForTesting`.
    public func snapshotText(styles: Bool = false) -> String {
        var out = dump().map { "|\($0)|" }
        if styles {
            let theme = Theme.distinctForTesting
            out.append("")
            out += dumpStyles { theme.roleCode(of: $0) }.map { "|\($0)|" }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
