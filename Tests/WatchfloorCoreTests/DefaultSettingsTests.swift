import Foundation
import Testing
@testable import WatchfloorCore

/// The default settings compiled into the binaries are `etc/watchfloor.toml`, and they are what you get without a file.
@Suite struct DefaultSettingsTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc/watchfloor.toml")

    @Test func generatedConstantMatchesTheFile() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(DefaultSettings.text == text, "etc/watchfloor.toml changed: run scripts/gen-builtins")
    }

    @Test func withoutAFileTheBuiltinDefaultsApply() throws {
        #expect(throws: Never.self) { try TOML.parse(DefaultSettings.text) }
        let s = try WatchfloorSettings.load(path: nil)
        #expect(s.path == nil)
        #expect(s.offsetSeconds == 8 * 3600)
        #expect(s.raw["ui"]?["theme"]?.string == "default")
        // The sample file loads as a settings file too, with the same result.
        let fromFile = try WatchfloorSettings.load(path: Self.file.path)
        #expect(fromFile.offsetSeconds == s.offsetSeconds)
        #expect(fromFile.raw["ui"]?["theme"]?.string == "default")
    }
}
