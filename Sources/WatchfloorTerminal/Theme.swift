// Themes: data files that map every semantic role to a style (the k9s "skin" idea).
//
// File format (`themes/NAME.toml`):
//
//     name = "default"                      # optional, defaults to the file name
//     description = "Dark, for the night shift"
//
//     [palette]                             # optional named colours, usable wherever a colour is expected
//     orange = "#E69F00"
//
//     [roles]                               # one entry per Role (see Role.allCases); missing ones are reported
//     text      = { fg = "#D0D0D0" }
//     selection = { fg = "black", bg = "#5FAFFF", bold = true }
//     level2    = { fg = "orange", attrs = ["bold"] }
//     dim       = "bright-black"            # shorthand: a bare colour is the foreground
//
// Colours: `default`, ANSI names (`red`, `bright-blue`), `#RRGGBB`, a 256-colour index (`208` or `"color(208)"`),
// or a palette name. Attributes: `bold dim reverse underline blink italic`, as booleans or in `attrs = [...]`.

import Foundation
import WatchfloorCore

/// A theme file could not be used; says which file, line or role and why.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        "\(file)" + (line.map { ":\($0)" } ?? "") + ": " + message
    }
}

/// Role → style. Build with `Theme.parse` / `Theme.load`, or use `Theme.builtin`.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    public private(set) var styles: [Role: Style]
    /// Roles the file did not define; they were taken from `Theme.builtin`.
    public private(set) var missingRoles: [Role]
    /// Tables mark rows in a one-column gutter (`▶` the selection of an unfocused pane, `!` a flashing alarm row)
    /// because colour cannot tell them apart (`NO_COLOR`).
    public var rowMarkers = false

    public init(name: String, description: String = "", styles: [Role: Style], missingRoles: [Role] = []) {
        self.name = name
        self.description = description
        self.styles = styles
        self.missingRoles = missingRoles
    }

    /// The style of `role` (`.plain` if a hand-built theme lacks it).
    public subscript(role: Role) -> Style {
        styles[role] ?? .plain
    }

    public mutating func set(_ role: Role, _ style: Style) { styles[role] = style }

    /// Parses theme text. `file` names the source in errors. Unknown roles and bad colours are errors (a typo
    /// should not silently give a white-on-white selection); missing roles are filled from `builtin` and listed in
    /// `missingRoles`.
    public static func parse(_ text: String, file: String = "theme.toml") throws -> Theme {
        let doc: [String: TOMLValue]
        do { doc = try TOML.parse(text) } catch let e as TOMLError {
            throw ThemeError(file: file, line: e.line, message: e.message)
        }
        var palette: [String: Color] = [:]
        for (key, value) in doc["palette"]?.table ?? [:] {
            guard Color(parsing: key) == nil else {
                throw ThemeError(file: file, message: "palette name '\(key)' clashes with a built-in colour name")
            }
            guard let s = value.string, let c = Color(parsing: s) else {
                throw ThemeError(file: file, message: "palette.\(key): expected a colour like \"#E69F00\"")
            }
            palette[key] = c
        }
        func color(_ v: TOMLValue, _ where_: String) throws -> Color {
            if let i = v.int, (0...255).contains(i) { return .indexed(UInt8(i)) }
            if let s = v.string {
                if let c = palette[s] ?? Color(parsing: s) { return c }
            }
            throw ThemeError(file: file, message: "\(where_): '\(v)' is not a colour (use default, red, "
                             + "bright-red, #RRGGBB, 0–255 or a palette name)")
        }
        guard let roles = doc["roles"]?.table else {
            throw ThemeError(file: file, message: "no [roles] table")
        }
        var styles: [Role: Style] = [:]
        for (key, value) in roles {
            guard let role = Role(rawValue: key) else {
                throw ThemeError(file: file, message: "unknown role '\(key)'")
            }
            var style = Style()
            if value.string != nil || value.int != nil {
                style.fg = try color(value, "roles.\(key)")
            } else if let t = value.table {
                for (k, v) in t {
                    switch k {
                    case "fg": style.fg = try color(v, "roles.\(key).fg")
                    case "bg": style.bg = try color(v, "roles.\(key).bg")
                    case "attrs":
                        for a in v.array ?? [] {
                            guard let n = a.string, let attr = Attributes.named.first(where: { $0.0 == n })?.1 else {
                                throw ThemeError(file: file, message: "roles.\(key).attrs: unknown attribute \(a)")
                            }
                            style.attributes.insert(attr)
                        }
                    default:
                        guard let attr = Attributes.named.first(where: { $0.0 == k })?.1, let on = v.bool else {
                            throw ThemeError(file: file, message: "roles.\(key): unknown field '\(k)'")
                        }
                        if on { style.attributes.insert(attr) }
                    }
                }
            } else {
                throw ThemeError(file: file, message: "roles.\(key): expected a colour or { fg, bg, attrs }")
            }
            styles[role] = style
        }
        let missing = Role.allCases.filter { styles[$0] == nil }
        for role in missing { styles[role] = builtin[role] }
        let fallbackName = (file as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        return Theme(name: doc["name"]?.string ?? fallbackName, description: doc["description"]?.string ?? "",
                     styles: styles, missingRoles: missing)
    }

    /// Loads a theme file.
    public static func load(contentsOf url: URL) throws -> Theme {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ThemeError(file: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    /// Loads `NAME.toml` from the first directory that has it.
    public static func load(named name: String, searching directories: [URL]) throws -> Theme {
        for dir in directories {
            let url = dir.appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: url.path) { return try load(contentsOf: url) }
        }
        throw ThemeError(file: "\(name).toml", message: "not found in "
                         + directories.map(\.path).joined(separator: ", "))
    }

    /// This theme as a terminal with `capability` can show it. Colours are brought down to the nearest colour the
    /// terminal has. Without colour (`.none`), roles that relied on a background gain reverse video and key roles
    /// gain bold, so the selection, status bar and dialogs stay visible.
    public func adapted(to capability: ColorCapability) -> Theme {
        var t = self
        for (role, style) in styles {
            var s = Style(fg: style.fg.downgraded(to: capability), bg: style.bg.downgraded(to: capability),
                          attributes: style.attributes)
            if capability == .none {
                // Without colour each kind of row needs its own look: the header is bold and underlined, the
                // selection reverse, an unfocused selection and a flashing alarm row carry a gutter marker
                // (`rowMarkers`) instead of reverse, so the three never look alike.
                if Role.backgroundRoles.contains(role) && style.bg != .default { s.attributes.insert(.reverse) }
                if Role.emphasisRoles.contains(role) { s.attributes.insert(.bold) }
                switch role {
                case .selection: s.attributes.insert(.reverse)
                case .header: s.attributes.remove(.reverse); s.attributes.formUnion([.bold, .underline])
                case .flash, .selectionUnfocused: s.attributes.remove(.reverse)
                default: break
                }
            }
            t.styles[role] = s
        }
        t.rowMarkers = capability == .none
        return t
    }

    /// A theme built into the binary (ANSI colours only), used when no theme file is found and to fill roles a
    /// user theme leaves out.
    public static let builtin: Theme = {
        let fg = { (n: UInt8) in Style(fg: .ansi(n)) }
        var s: [Role: Style] = [:]
        s[.text] = .plain
        s[.dim] = Style(fg: .ansi(8))
        s[.border] = Style(fg: .ansi(8))
        s[.borderFocused] = Style(fg: .ansi(14), attributes: .bold)
        s[.title] = Style(fg: .ansi(7), attributes: .bold)
        s[.titleFocused] = Style(fg: .ansi(14), attributes: .bold)
        s[.header] = Style(fg: .ansi(15), attributes: [.bold, .underline])
        s[.selection] = Style(fg: .ansi(0), bg: .ansi(14), attributes: .bold)
        s[.selectionUnfocused] = Style(fg: .ansi(0), bg: .ansi(7))
        s[.statusBar] = Style(fg: .ansi(0), bg: .ansi(7))
        s[.statusBarAccent] = Style(fg: .ansi(15), bg: .ansi(4), attributes: .bold)
        s[.hint] = Style(fg: .ansi(8))
        s[.link] = Style(fg: .ansi(12), attributes: .underline)
        s[.level1] = Style(fg: .ansi(9), attributes: .bold)
        s[.level2] = fg(3)
        s[.level3] = fg(11)
        s[.level4] = fg(12)
        s[.statusNew] = Style(fg: .ansi(11), attributes: .bold)
        s[.statusAcked] = fg(14)
        s[.statusDone] = fg(2)
        s[.overdue] = Style(fg: .ansi(9), attributes: .bold)
        s[.nearDue] = fg(11)
        s[.ok] = fg(10)
        s[.warning] = fg(11)
        s[.critical] = Style(fg: .ansi(15), bg: .ansi(1), attributes: .bold)
        s[.flash] = Style(fg: .ansi(15), bg: .ansi(9), attributes: .bold)
        s[.mapLoad0] = fg(8)
        s[.mapLoad1] = fg(2)
        s[.mapLoad2] = fg(11)
        s[.mapLoad3] = fg(3)
        s[.mapLoad4] = Style(fg: .ansi(9), attributes: .bold)
        s[.mapBorder] = fg(8)
        s[.mapSelected] = Style(fg: .ansi(0), bg: .ansi(14), attributes: .bold)
        s[.mapLabel] = fg(7)
        s[.dialog] = Style(fg: .ansi(15), bg: .ansi(4))
        s[.dialogBorder] = Style(fg: .ansi(14), bg: .ansi(4), attributes: .bold)
        s[.dialogTitle] = Style(fg: .ansi(11), bg: .ansi(4), attributes: .bold)
        s[.input] = Style(fg: .ansi(15), bg: .ansi(8))
        s[.inputCursor] = Style(fg: .ansi(0), bg: .ansi(15))
        s[.help] = Style(fg: .ansi(7), bg: .ansi(0))
        s[.helpKey] = Style(fg: .ansi(14), bg: .ansi(0), attributes: .bold)
        s[.helpGroup] = Style(fg: .ansi(11), bg: .ansi(0), attributes: [.bold, .underline])
        s[.sparkline] = fg(6)
        return Theme(name: "builtin", description: "ANSI colours, built in", styles: s)
    }()

    /// A theme where every role has a distinct style, for tests that snapshot *which role* each cell has.
    /// `roleCode(of:)` maps a cell's style back to a one-character code.
    public static let distinctForTesting: Theme = {
        var s: [Role: Style] = [:]
        for (i, role) in Role.allCases.enumerated() { s[role] = Style(fg: .indexed(UInt8(16 + i))) }
        return Theme(name: "test", styles: s)
    }()

    /// One character per role for style snapshots (`.` for the plain style, `?` for a style no role has).
    /// Codes follow `Role.allCases` order: a–z, then A–Z, then digits.
    public func roleCode(of style: Style) -> Character {
        if style == .plain { return "." }
        let codes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for (i, role) in Role.allCases.enumerated() where styles[role] == style && i < codes.count { return codes[i] }
        return "?"
    }

    /// The legend for `roleCode`: "a=text b=dim …", for golden files.
    public static var roleCodeLegend: String {
        let codes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return Role.allCases.enumerated().map { "\(codes[$0.offset])=\($0.element.rawValue)" }
            .joined(separator: " ")
    }
}
