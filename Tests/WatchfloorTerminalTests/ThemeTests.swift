import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorTerminal

@Suite("Theme and colour")
struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    static let shippedThemes: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted()
    }()

    @Test func expectedThemesShip() {
        #expect(Self.shippedThemes == ["colorblind.toml", "default.toml", "high-contrast.toml", "light.toml"])
    }

    @Test(arguments: shippedThemes)
    func shippedThemeLoadsAndDefinesEveryRole(file: String) throws {
        let theme = try Theme.load(contentsOf: Self.themesDirectory.appendingPathComponent(file))
        #expect(theme.missingRoles.isEmpty, "\(file) lacks \(theme.missingRoles)")
        #expect(theme.name + ".toml" == file)
        // Selection and text must differ in every capability, NO_COLOR included.
        for cap in ColorCapability.allCases {
            let t = theme.adapted(to: cap)
            #expect(t[.selection] != t[.text], "\(file) at \(cap)")
            #expect(t[.level1] != t[.level4] || cap == .none, "\(file) at \(cap)")
        }
    }

    @Test func themeParsingAndErrors() throws {
        let t = try Theme.parse("""
            [palette]
            orange = "#E69F00"
            [roles]
            text = "default"
            level2 = { fg = "orange", attrs = ["bold", "underline"] }
            selection = { fg = "black", bg = "bright-cyan", reverse = true }
            dim = 244
            """, file: "mine.toml")
        #expect(t.name == "mine")
        #expect(t[.level2] == Style(fg: .rgb(0xE6, 0x9F, 0x00), attributes: [.bold, .underline]))
        #expect(t[.selection] == Style(fg: .ansi(0), bg: .ansi(14), attributes: .reverse))
        #expect(t[.dim] == Style(fg: .indexed(244)))
        #expect(t.missingRoles.contains(.border))
        #expect(t[.border] == Theme.builtin[.border])

        #expect(throws: ThemeError.self) { try Theme.parse("[roles]\nselektion = \"red\"\n") }
        #expect(throws: ThemeError.self) { try Theme.parse("[roles]\ntext = \"#12\"\n") }
        #expect(throws: ThemeError.self) { try Theme.parse("[palette]\nred = \"#FF0000\"\n[roles]\n") }
        do {
            _ = try Theme.parse("[roles]\ntext = \n", file: "bad.toml")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.file == "bad.toml" && e.line == 2)
        }
    }

    @Test func colourParsing() {
        #expect(Color(parsing: "red") == .ansi(1))
        #expect(Color(parsing: "bright-white") == .ansi(15))
        #expect(Color(parsing: "#5FAFFF") == .rgb(0x5F, 0xAF, 0xFF))
        #expect(Color(parsing: "208") == .indexed(208))
        #expect(Color(parsing: "color(17)") == .indexed(17))
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "reddish") == nil)
        #expect(Color(parsing: "#GG0000") == nil)
    }

    @Test func downgradeTruecolorTo256To8() {
        let red = Color.rgb(255, 0, 0)
        #expect(red.downgraded(to: .truecolor) == red)
        #expect(red.downgraded(to: .indexed256) == .indexed(196))
        #expect(red.downgraded(to: .ansi8) == .ansi(1))
        #expect(red.downgraded(to: .ansi16) == .ansi(9))
        #expect(red.downgraded(to: .none) == .default)
        #expect(Color.rgb(0x5F, 0xAF, 0xFF).downgraded(to: .indexed256) == .indexed(75))   // exact cube colour
        #expect(Color.rgb(0x80, 0x80, 0x80).downgraded(to: .indexed256) == .indexed(244))  // grey ramp
        #expect(Color.rgb(0xE6, 0x9F, 0x00).downgraded(to: .ansi8) == .ansi(3))          // orange → yellow
        #expect(Color.rgb(0x00, 0x72, 0xB2).downgraded(to: .ansi8) == .ansi(4))          // Okabe–Ito blue
        #expect(Color.rgb(0x1C, 0x1C, 0x1C).downgraded(to: .ansi8) == .ansi(0))
        #expect(Color.indexed(196).downgraded(to: .ansi8) == .ansi(1))
        #expect(Color.ansi(9).downgraded(to: .ansi8) == .ansi(1))
        #expect(Color.indexed(75).downgraded(to: .indexed256) == .indexed(75))
        // Whole theme: levels keep their hue family at 8 colours.
        let t = try! Theme.load(contentsOf: Self.themesDirectory.appendingPathComponent("default.toml"))
            .adapted(to: .ansi8)
        #expect(t[.level1].fg == .ansi(1))
        #expect(t[.level3].fg == .ansi(3))
        #expect(t[.level4].fg == .ansi(4))
    }

    @Test func capabilityDetection() {
        #expect(ColorCapability.detect(environment: ["COLORTERM": "truecolor", "TERM": "xterm-256color"]) == .truecolor)
        #expect(ColorCapability.detect(environment: ["COLORTERM": "24bit"], colors: 256) == .indexed256)
        #expect(ColorCapability.detect(environment: ["TERM": "tmux-256color"]) == .indexed256)
        #expect(ColorCapability.detect(environment: ["TERM": "xterm"], colors: 8) == .ansi8)
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-256color"], colors: 8) == .ansi8)
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]) == .none)
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""]) == .indexed256)
        #expect(ColorCapability.detect(environment: ["TERM": "dumb"]) == .none)
    }

    @Test func noColorKeepsSelectionVisible() throws {
        let theme = try Theme.load(contentsOf: Self.themesDirectory.appendingPathComponent("default.toml"))
            .adapted(to: ColorCapability.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]))
        for role in Role.allCases {
            #expect(theme[role].fg == .default && theme[role].bg == .default, "\(role) still has colour")
        }
        #expect(theme[.selection].attributes.isSuperset(of: [.reverse, .bold]))
        #expect(theme[.statusBar].attributes.contains(.reverse))
        #expect(theme[.level1].attributes.contains(.bold))

        var b = Buffer(width: 30, height: 4)
        Table(columns: [TableColumn("编号", width: .fixed(6)), TableColumn("标题", width: .fill(1))],
              rows: [TableRow(["0007", "东门火警"]), TableRow(["0008", "城南纠纷"]), TableRow(["0009", "路灯"])],
              selected: 1).render(into: &b, area: b.area, theme: theme)
        #expect(b[0, 2].style.attributes.contains(.reverse))      // the selected row
        #expect(b[29, 2].style.attributes.contains(.reverse))     // across the whole width
        #expect(!b[0, 1].style.attributes.contains(.reverse))
        #expect(!b[0, 3].style.attributes.contains(.reverse))
    }
}
