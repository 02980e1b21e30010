import CNcursesw
import Testing
import WatchfloorCore
@testable import WatchfloorTerminal

@Suite("Keys and key maps")
struct KeyTests {
    @Test func keyNameParsing() {
        #expect(Key(name: "a") == .char("a"))
        #expect(Key(name: "A") == .char("A"))
        #expect(Key(name: "?") == .char("?"))
        #expect(Key(name: "确") == .char("确"))
        #expect(Key(name: "Enter") == .enter)
        #expect(Key(name: "return") == .enter)
        #expect(Key(name: "Esc") == .escape)
        #expect(Key(name: "ESCAPE") == .escape)
        #expect(Key(name: "Tab") == .tab)
        #expect(Key(name: "Shift-Tab") == .backTab)
        #expect(Key(name: "Up") == .up)
        #expect(Key(name: "pgdn") == .pageDown)
        #expect(Key(name: "Space") == .char(" "))
        #expect(Key(name: "Ctrl-L") == .ctrl("l"))
        #expect(Key(name: "C-l") == .ctrl("l"))
        #expect(Key(name: "^D") == .ctrl("d"))
        #expect(Key(name: "F5") == .function(5))
        #expect(Key(name: "F25") == nil)
        #expect(Key(name: "Ctrl-") == nil)
        #expect(Key(name: "Ctrl-1") == nil)
        #expect(Key(name: "Hyper-X") == nil)
        #expect(Key(name: "") == nil)
    }

    @Test func namesRoundTrip() {
        let keys: [Key] = [.char("a"), .char(" "), .enter, .escape, .tab, .backTab, .up, .down, .left, .right,
                           .pageUp, .pageDown, .home, .end, .insert, .delete, .backspace, .ctrl("l"), .function(12)]
        for k in keys { #expect(Key(name: k.description) == k, "\(k)") }
        #expect(Key.ctrl("l").description == "Ctrl-L")
    }

    @Test func decodingRawInput() {
        #expect(Key.decode(character: 0x0D) == .enter)
        #expect(Key.decode(character: 0x1B) == .escape)
        #expect(Key.decode(character: 0x7F) == .backspace)
        #expect(Key.decode(character: 0x0C) == .ctrl("l"))
        #expect(Key.decode(character: 0x09) == .tab)
        #expect(Key.decode(character: 0x61) == .char("a"))
        #expect(Key.decode(character: 0x4E2D) == .char("中"))
        #expect(Key.decode(character: 0x9B) == nil)
        #expect(NcursesBackend.decode(keyCode: KEY_UP) == .up)
        #expect(NcursesBackend.decode(keyCode: KEY_BTAB) == .backTab)
        #expect(NcursesBackend.decode(keyCode: KEY_RESIZE) == .resize)
        #expect(NcursesBackend.decode(keyCode: KEY_F0 + 3) == .function(3))
    }

    @Test func defaultsHaveNoConflicts() {
        #expect(KeyMap.watchfloorDefaults.conflicts.isEmpty)
        #expect(KeyMap.watchfloorDefaults.action(for: .char("a")) == "acknowledge")
        #expect(KeyMap.watchfloorDefaults.action(for: .down) == "moveDown")
        // Destructive actions never share keys with navigation, and read-only mode removes them.
        let ro = KeyMap.watchfloorDefaults.readOnly()
        #expect(ro.action(for: .char("c")) == nil)
        #expect(ro.action(for: .char("j")) == "moveDown")
    }

    @Test func overridesFromTOML() throws {
        let doc = try TOML.parse("""
            [keys]
            acknowledge = ["y", "Ctrl-A"]
            quit = "Ctrl-Q"
            """)
        var map = KeyMap.watchfloorDefaults
        let issues = map.applyOverrides(doc["keys"]!.table!)
        #expect(issues.isEmpty)
        #expect(map.action(for: .char("y")) == "acknowledge")
        #expect(map.action(for: .ctrl("a")) == "acknowledge")
        #expect(map.action(for: .char("a")) == nil)
        #expect(map.action(for: .ctrl("q")) == "quit")
        #expect(map.keyNames("quit") == ["Ctrl-Q"])
    }

    @Test func overrideConflictsAreReported() throws {
        var map = KeyMap.watchfloorDefaults
        let issues = map.applyOverrides([
            "close": .string("j"),                      // takes j from moveDown
            "acknowledge": .array([.string("Hyper-Q")]),
            "launchMissiles": .string("m"),
        ])
        #expect(issues.contains { $0.action == "close" && $0.message.contains("takes j from 'moveDown'") })
        #expect(issues.contains { $0.action == "acknowledge" && $0.message.contains("unknown key name 'Hyper-Q'") })
        #expect(issues.contains { $0.action == "launchMissiles" && $0.message == "unknown action" })
        #expect(map.action(for: .char("j")) == "close")
        #expect(map.keyNames("moveDown") == ["Down"])

        // Two overrides on the same key: both kept, reported as a conflict.
        var clash = KeyMap.watchfloorDefaults
        clash.applyOverrides(["resolve": .string("z"), "close": .string("z")])
        #expect(clash.conflicts.map(\.description) == ["key z is bound to resolve and close"])
    }

    @Test func scopesSeparateBindings() {
        let map = KeyMap([
            KeyBinding("quit", keys: [.char("q")], help: Localized(zh: "退出", en: "Quit"),
                       group: Localized(zh: "通用", en: "General")),
            KeyBinding("confirm", keys: [.char("y")], help: Localized(zh: "确认", en: "Confirm"),
                       group: Localized(zh: "对话框", en: "Dialog"), scope: "dialog"),
            KeyBinding("yank", keys: [.char("y")], help: Localized(zh: "复制", en: "Copy"),
                       group: Localized(zh: "列表", en: "List"), scope: "list"),
        ])
        #expect(map.conflicts.isEmpty)
        #expect(map.action(for: .char("y"), scope: "dialog") == "confirm")
        #expect(map.action(for: .char("y"), scope: "list") == "yank")
        #expect(map.action(for: .char("q"), scope: "dialog") == "quit")
        #expect(map.action(for: .char("y")) == nil)
    }
}
