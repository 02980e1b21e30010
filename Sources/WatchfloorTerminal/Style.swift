import Foundation

// Colours, attributes and the style of one cell.

/// A terminal colour. `.ansi` is the 16-colour palette (0–7 normal, 8–15 bright), `.indexed` the xterm 256-colour
/// palette, `.rgb` 24-bit colour; `.default` is the terminal's own foreground/background.
public enum Color: Hashable, Sendable {
    case `default`
    case ansi(UInt8)
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// ANSI colour names accepted in theme files, index = ANSI number (`bright-` prefix adds 8).
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses a theme colour: `default`, an ANSI name (`red`, `bright-blue`), `#RRGGBB`, or `N` / `color(N)` for a
    /// 256-colour index. Returns `nil` when the text is none of these.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" { self = .default; return }
        if let i = Color.ansiNames.firstIndex(of: t) { self = .ansi(UInt8(i)); return }
        if t.hasPrefix("bright-"), let i = Color.ansiNames.firstIndex(of: String(t.dropFirst(7))) {
            self = .ansi(UInt8(i + 8)); return
        }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)); return
        }
        var n = Substring(t)
        if n.hasPrefix("color(") && n.hasSuffix(")") { n = n.dropFirst(6).dropLast() }
        if let i = UInt8(n) { self = .indexed(i); return }
        return nil
    }
}

/// Text attributes; kept even when colour is off (`NO_COLOR`), so emphasis and selection stay visible.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let blink = Attributes(rawValue: 1 << 4)
    public static let italic = Attributes(rawValue: 1 << 5)

    /// Names used in theme files, in a stable order.
    public static let named: [(String, Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("reverse", .reverse), ("underline", .underline), ("blink", .blink),
        ("italic", .italic),
    ]
}

/// Foreground, background and attributes of a cell.
public struct Style: Hashable, Sendable, CustomStringConvertible {
    public var fg: Color
    public var bg: Color
    public var attributes: Attributes

    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default colours, no attributes.
    public static let plain = Style()

    /// This style with `other` laid on top: `other`'s non-default colours win, attributes are combined.
    public func patched(with other: Style) -> Style {
        Style(fg: other.fg == .default ? fg : other.fg,
              bg: other.bg == .default ? bg : other.bg,
              attributes: attributes.union(other.attributes))
    }

    /// This style with extra attributes.
    public func adding(_ extra: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }

    public var description: String {
        let attrs = Attributes.named.filter { attributes.contains($0.1) }.map(\.0)
        return "fg=\(fg) bg=\(bg)" + (attrs.isEmpty ? "" : " " + attrs.joined(separator: "+"))
    }
}
