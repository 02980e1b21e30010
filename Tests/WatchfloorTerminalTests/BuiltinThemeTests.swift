import Foundation
import Testing
@testable import WatchfloorTerminal

/// The themes compiled into the binaries are exactly the shipped files, and files override them.
@Suite("Built-in themes")
struct BuiltinThemeTests {
    @Test func generatedConstantsMatchTheShippedFiles() throws {
        #expect(BuiltinThemes.names == ThemeTests.shippedThemes.map { String($0.dropLast(5)) })
        for name in BuiltinThemes.names {
            let file = try String(contentsOf: ThemeTests.themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(BuiltinThemes.files[name] == file, "themes/\(name).toml changed: run scripts/gen-builtins")
        }
    }

    @Test func everyBuiltinThemeLoadsWithoutAnyFile() throws {
        let nowhere = [URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")]
        for name in BuiltinThemes.names {
            let theme = try Theme.named(name, searching: nowhere)
            #expect(theme.name == name)
            #expect(theme.missingRoles.isEmpty)
        }
        let fromFile = try Theme.load(contentsOf: ThemeTests.themesDirectory.appendingPathComponent("high-contrast.toml"))
        #expect(try Theme.named("high-contrast", searching: nowhere).styles == fromFile.styles)
    }

    @Test func filesOverrideBuiltinsAndPathsNameFiles() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("wf-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = """
            name = "high-contrast"
            description = "mine"
            [roles]
            text = "red"
            """
        try own.write(to: dir.appendingPathComponent("high-contrast.toml"), atomically: true, encoding: .utf8)
        let overridden = try Theme.named("high-contrast", searching: [dir])
        #expect(overridden.description == "mine")
        #expect(overridden[.text] == Style(fg: .ansi(1)))

        let path = dir.appendingPathComponent("night-desk.toml")
        try own.replacingOccurrences(of: "high-contrast", with: "night-desk").write(to: path, atomically: true, encoding: .utf8)
        #expect(try Theme.named(path.path, searching: []).name == "night-desk")

        #expect(throws: ThemeError.self) { try Theme.named("no-such-theme", searching: [dir]) }
        #expect(throws: ThemeError.self) { try Theme.named(dir.appendingPathComponent("absent.toml").path, searching: []) }
        do {
            _ = try Theme.named("sepia", searching: [dir])
        } catch let e as ThemeError {
            #expect(e.message.contains("default, high-contrast") || e.message.contains("colorblind, default"))
            #expect(e.message.contains(dir.appendingPathComponent("sepia.toml").path))
        }
    }
}
