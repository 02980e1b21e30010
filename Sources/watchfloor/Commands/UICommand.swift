import ArgumentParser
import WatchfloorCore
import WatchfloorStore
import WatchfloorUI

/// `watchfloor ui` (the default): the live duty-room screen.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The live screen: incidents, grids, 12345 hotline, security alerts (the default command).",
        discussion: "Keys: ? shows them all. Tab/1–4 focus, j/k move, Enter details, a acknowledge, q quit.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Theme: default, light, high-contrast, colorblind (built in; a NAME.toml in ~/.config/watchfloor/themes/ overrides), or a PATH to a theme file.")
    var theme: String?

    @Flag(name: .customLong("read-only"), help: "Watch only: keys that change the store are removed.")
    var readOnly = false

    func run() throws {
        try reportingErrors {
            let settings = try global.settings()
            let store = try global.openStore()
            // A store this user may only read gives the watch-only screen rather than actions that would fail.
            try runUI(store: store, settings: settings, global: global, theme: theme, readOnly: readOnly || store.isReadOnly)
        }
    }
}
