// Keys: decoded from ncurses input, and parsed from the names people write in key-map files.

import Foundation

/// One key press.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab
    case pageUp, pageDown, home, end, insert, delete
    case function(Int)
    /// Ctrl plus a letter, stored lowercase (`.ctrl("l")`).
    case ctrl(Character)
    /// The terminal was resized (ncurses `KEY_RESIZE`).
    case resize

    private static let named: [(String, Key)] = [
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right), ("Enter", .enter), ("Esc", .escape),
        ("Backspace", .backspace), ("Tab", .tab), ("BackTab", .backTab), ("PageUp", .pageUp),
        ("PageDown", .pageDown), ("Home", .home), ("End", .end), ("Insert", .insert), ("Delete", .delete),
        ("Space", .char(" ")), ("Resize", .resize),
    ]
    private static let aliases: [String: Key] = [
        "escape": .escape, "return": .enter, "ret": .enter, "pgup": .pageUp, "pgdn": .pageDown,
        "pagedn": .pageDown, "del": .delete, "ins": .insert, "bs": .backspace, "shift-tab": .backTab,
        "s-tab": .backTab, "btab": .backTab,
    ]

    /// Parses a key name as written in config: a single character (`"a"`, `"?"`, `"/"`, `"确"`), a named key
    /// (`"Enter"`, `"Esc"`, `"Tab"`, `"Shift-Tab"`, `"Up"`, `"PageDown"`, `"Space"`, `"F5"`), or `"Ctrl-L"` /
    /// `"C-l"` / `"^L"`. Names are case-insensitive; single characters are not (`"A"` is Shift-a).
    public init?(name raw: String) {
        let name = raw.trimmingCharacters(in: .whitespaces)
        if name.count == 1 {
            self = .char(name.first!)
            return
        }
        let lower = name.lowercased()
        if let k = Key.named.first(where: { $0.0.lowercased() == lower })?.1 ?? Key.aliases[lower] {
            self = k
            return
        }
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter else { return nil }
            self = .ctrl(c)
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) {
            self = .function(n)
            return
        }
        return nil
    }

    /// The canonical name, as `init(name:)` accepts it and the help overlay shows it.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .function(let n): return "F\(n)"
        default: return Key.named.first(where: { $0.1 == self })?.0 ?? "?"
        }
    }

    /// Decodes a character read by `get_wch` (a non-function-key result). Raw-mode control bytes become keys:
    /// CR/LF → Enter, TAB → Tab, ESC → Escape, DEL/BS → Backspace, other C0 → Ctrl-letter.
    public static func decode(character value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(value + 0x60)!))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default:
            guard let s = Unicode.Scalar(value) else { return nil }
            return .char(Character(s))
        }
    }
}
