// The real screen, through ncursesw. Deliberately thin: it only turns Cells into ncurses calls.

import CNcursesw
import Foundation
import WatchfloorCore

/// ncursesw backend.
///
/// Setup: `setlocale(LC_ALL, "")` (wide characters need a UTF-8 locale), `initscr`, `raw` (Ctrl-C/Ctrl-Z reach the
/// app as keys; signals from outside still restore the terminal), `noecho`, `keypad`, `nonl`, hidden cursor, a short
/// ESC delay, colours with `use_default_colors` so `.default` is the terminal's own colour. Colour pairs are made on
/// demand and cached per (fg, bg); extended pairs are used when ncurses has them. Truecolor needs a direct-colour
/// terminfo entry (e.g. `TERM=xterm-direct`); otherwise RGB is brought down to the 256-colour palette. SIGWINCH is
/// left to ncurses, which reports it as `KEY_RESIZE` → `Key.resize`.
public final class NcursesBackend: Backend {
    private let window: UnsafeMutablePointer<WINDOW>
    public let colorCapability: ColorCapability
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private var isRestored = false
    /// Colour numbers are direct RGB (terminfo `RGB` capability, COLORS ≥ 2^24).
    private let directColor: Bool

    private struct PairKey: Hashable { var fg: Int32, bg: Int32 }

    /// ncursesw draws wide characters only under a UTF-8 character type. A duty room's `LANG=zh_CN.UTF-8` on a
    /// machine where that locale was never generated makes `setlocale` fail and every Chinese glyph vanish, so
    /// when the environment's locale is missing or not UTF-8, fall back to a UTF-8 one for `LC_CTYPE` only (the UI
    /// language is chosen from the environment separately). Returns the codeset in force.
    @discardableResult
    public static func selectUTF8Locale() -> String {
        setlocale(LC_ALL, "")
        func codeset() -> String { String(cString: nl_langinfo(nl_item(CODESET))) }
        if codeset().uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, fallback) != nil { break }
        }
        return codeset()
    }

    /// Takes over the terminal. `environment` decides the colour capability (NO_COLOR, COLORTERM, TERM).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        NcursesBackend.selectUTF8Locale()
        // Before initscr: from the first character on, curses measures ambiguous characters as the buffer does.
        CursesAmbiguousWidth.follow(wide: DisplayWidth.ambiguousIsWide)
        window = initscr()!
        raw()
        noecho()
        keypad(window, true)
        nonl()
        curs_set(0)
        set_escdelay(25)
        wf_install_restore_handlers()
        var colors: Int? = nil
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(wf_colors())
        }
        directColor = (colors ?? 0) >= 1 << 24
        colorCapability = ColorCapability.detect(environment: environment, colors: colors ?? 0)
        maxPairs = Int32(wf_color_pairs())
    }

    deinit { restore() }

    public var size: Size { Size(width: Int(wf_cols()), height: Int(wf_lines())) }

    public func draw(_ buffer: Buffer, previous: Buffer?) {
        if previous == nil || previous!.width != buffer.width || previous!.height != buffer.height {
            // A full redraw (first frame, Ctrl-L, resize) repaints every cell of the terminal, not only the cells
            // curses believes changed: whatever another program or a lost byte left on screen goes too.
            werase(window)
            clearok(window, true)
        }
        var wide = [wchar_t](repeating: 0, count: 8)
        for change in buffer.diff(from: previous) {
            let cell = change.cell
            let (attrs, pair) = attributesAndPair(cell.style)
            var x = change.x
            for piece in TerminalGlyph.portable(cell.grapheme, width: Int(cell.width)) {
                for (n, s) in piece.text.prefix(5).enumerated() { wide[n] = wchar_t(bitPattern: s.value) }
                wide[min(piece.text.count, 5)] = 0
                _ = wf_put_cell(window, Int32(change.y), Int32(x), &wide, attrs, pair)
                x += piece.columns
            }
        }
        wnoutrefresh(window)
    }

    public func flush() { doupdate() }

    public func readKey(timeoutMs: Int) -> Key? {
        wtimeout(window, Int32(timeoutMs))
        var value: UInt32 = 0
        let rc = wf_get_wch(window, &value)
        if rc == ERR { return nil }
        if rc == wf_key_code_yes() { return NcursesBackend.decode(keyCode: Int32(value)) }
        return Key.decode(character: value)
    }

    /// Maps an ncurses KEY_* code to a Key.
    static func decode(keyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case wf_key_resize(): return .resize
        default:
            if code >= wf_key_f(1) && code <= wf_key_f(24) { return .function(Int(code - wf_key_f(0))) }
            return nil
        }
    }

    public func bell() { beep() }

    public func restore() {
        guard !isRestored else { return }
        isRestored = true
        curs_set(1)
        endwin()
    }

    // MARK: Colours

    private func attributesAndPair(_ style: Style) -> (attr_t, Int32) {
        var a = wf_a_normal()
        let at = style.attributes
        if at.contains(.bold) { a |= wf_a_bold() }
        if at.contains(.dim) { a |= wf_a_dim() }
        if at.contains(.reverse) { a |= wf_a_reverse() }
        if at.contains(.underline) { a |= wf_a_underline() }
        if at.contains(.blink) { a |= wf_a_blink() }
        if at.contains(.italic) { a |= wf_a_italic() }
        guard colorCapability != .none else { return (a, 0) }
        let key = PairKey(fg: colorNumber(style.fg), bg: colorNumber(style.bg))
        if key.fg == -1 && key.bg == -1 { return (a, 0) }
        if let p = pairs[key] { return (a, p) }
        guard nextPair < maxPairs else { return (a, 0) }       // out of pairs: default colours, attributes kept
        let p = nextPair
        nextPair += 1
        _ = wf_init_pair(p, key.fg, key.bg)
        pairs[key] = p
        return (a, p)
    }

    private func colorNumber(_ color: Color) -> Int32 {
        switch color.downgraded(to: colorCapability) {
        case .default: return -1
        case .ansi(let n): return Int32(n)
        case .indexed(let n): return Int32(n)
        case .rgb(let r, let g, let b):
            if directColor { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            return Int32(Color.nearestIndexed((r, g, b)))
        }
    }
}
