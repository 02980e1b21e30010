// Backends flush a rendered Buffer to a screen. The app never talks to ncurses directly, so tests can run the
// whole render path against `TestBackend`.

/// Width and height in cells.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A screen: draw a frame's changed cells, flush once per frame, read keys.
public protocol Backend: AnyObject {
    /// The current screen size (changes after a `.resize` key).
    var size: Size { get }
    /// The colour depth styles are brought down to.
    var colorCapability: ColorCapability { get }
    /// Draws the cells of `buffer` that differ from `previous` (all of them when `previous` is nil or another
    /// size). Nothing is visible until `flush()`.
    func draw(_ buffer: Buffer, previous: Buffer?)
    /// Makes the frame visible (one terminal update per frame).
    func flush()
    /// Waits up to `timeoutMs` (negative: forever, 0: poll) for a key.
    func readKey(timeoutMs: Int) -> Key?
    func bell()
    /// Gives the terminal back (cooked mode, cursor, main screen). Safe to call twice.
    func restore()
}

/// An in-memory backend for snapshot tests: keeps the screen as a Buffer, replays scripted keys.
public final class TestBackend: Backend {
    public private(set) var screen: Buffer
    public var colorCapability: ColorCapability
    /// Keys `readKey` returns, in order.
    public var pendingKeys: [Key] = []
    public private(set) var flushCount = 0
    public private(set) var bellCount = 0
    /// Cells written by the last `draw` (how much the diff saved).
    public private(set) var lastDrawnCells = 0
    public private(set) var restored = false

    public init(width: Int, height: Int, colorCapability: ColorCapability = .truecolor) {
        screen = Buffer(width: width, height: height)
        self.colorCapability = colorCapability
    }

    public var size: Size { Size(width: screen.width, height: screen.height) }

    /// Simulates a terminal resize: the screen is blank and a `.resize` key is queued.
    public func resize(width: Int, height: Int) {
        screen = Buffer(width: width, height: height)
        pendingKeys.append(.resize)
    }

    public func draw(_ buffer: Buffer, previous: Buffer?) {
        let changes = buffer.diff(from: previous)
        lastDrawnCells = changes.count
        if buffer.width != screen.width || buffer.height != screen.height {
            screen = Buffer(width: buffer.width, height: buffer.height)
        }
        screen.apply(changes)
    }

    public func flush() { flushCount += 1 }

    public func readKey(timeoutMs: Int) -> Key? { pendingKeys.isEmpty ? nil : pendingKeys.removeFirst() }

    public func bell() { bellCount += 1 }

    public func restore() { restored = true }
}
