// Rectangles and layout: how panes, dialogs and table columns divide the screen.

/// A rectangle of cells; `x`, `y` are the top-left corner in buffer coordinates.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width * height }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// Shrunk by `n` cells on every side (a border's inside).
    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// The overlap of two rectangles (empty when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let nx = max(x, other.x), ny = max(y, other.y)
        return Rect(x: nx, y: ny, width: min(maxX, other.maxX) - nx, height: min(maxY, other.maxY) - ny)
    }

    /// A `width`×`height` rectangle centred in this one (clamped to fit).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The single row `i` (0-based) of this rectangle.
    public func row(_ i: Int) -> Rect { Rect(x: x, y: y + i, width: width, height: i < height ? 1 : 0) }

    public var description: String { "\(width)×\(height)@(\(x),\(y))" }
}

/// How much of a split a part gets.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less if the whole does not fit).
    case fixed(Int)
    /// `p` percent of the whole.
    case percent(Int)
    /// At least `n` cells, and a share of what is left over.
    case min(Int)
    /// A share of what is left over, with this weight.
    case fill(Int)
}

/// Split direction: `.horizontal` lays parts left to right, `.vertical` top to bottom.
public enum Direction: Sendable { case horizontal, vertical }

extension Rect {
    /// Splits this rectangle into parts along `direction`, separated by `spacing` cells.
    ///
    /// Fixed and percent parts are sized first, `min` parts get their minimum, and the remainder is shared among
    /// `min` (weight 1) and `fill` parts; rounding leftovers go to the first flexible parts. When the parts do not
    /// fit, the last ones shrink first. The result always has `constraints.count` rectangles.
    ///
    /// Example: `screen.split(.vertical, [.fill(1), .fixed(1)])` gives the body and a one-line status bar.
    public func split(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = direction == .horizontal ? width : height
        let gaps = Swift.max(0, constraints.count - 1) * spacing
        let available = Swift.max(0, total - gaps)
        var sizes = constraints.map { c -> Int in
            switch c {
            case .fixed(let n): return Swift.max(0, n)
            case .percent(let p): return available * Swift.max(0, p) / 100
            case .min(let n): return Swift.max(0, n)
            case .fill: return 0
            }
        }
        var left = available - sizes.reduce(0, +)
        let weights = constraints.map { c -> Int in
            switch c {
            case .min: return 1
            case .fill(let w): return Swift.max(0, w)
            default: return 0
            }
        }
        let weightSum = weights.reduce(0, +)
        if left > 0 && weightSum > 0 {
            let share = left
            for i in sizes.indices where weights[i] > 0 {
                let extra = share * weights[i] / weightSum
                sizes[i] += extra
                left -= extra
            }
            for i in sizes.indices where weights[i] > 0 && left > 0 {
                sizes[i] += 1
                left -= 1
            }
        }
        // Overflow: shrink from the end.
        var over = sizes.reduce(0, +) - available
        var i = sizes.count - 1
        while over > 0 && i >= 0 {
            let cut = Swift.min(sizes[i], over)
            sizes[i] -= cut
            over -= cut
            i -= 1
        }
        var rects: [Rect] = []
        var pos = direction == .horizontal ? x : y
        for size in sizes {
            switch direction {
            case .horizontal: rects.append(Rect(x: pos, y: y, width: size, height: height))
            case .vertical: rects.append(Rect(x: x, y: pos, width: width, height: size))
            }
            pos += size + spacing
        }
        return rects
    }
}
