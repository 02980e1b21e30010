// The entry point `watchfloor ui` (and `watchfloor demo`) call: settings → theme, keys, language → ncurses → loop.

import Foundation
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

/// Shift handover export, implemented elsewhere and plugged in by the caller. `x` shows `preview` in a dialog
/// and calls `export` when the operator confirms.
public protocol HandoverExporting {
    func preview(language: Language) throws -> String
    func export(language: Language) throws -> (path: String, sha256: String)
}

/// A problem found before the screen is taken over (unknown theme, bad `[ui]` settings).
public struct UISetupError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

public enum WatchfloorApp {
    /// Runs the live UI on `store` until the operator quits. Works on any store, empty or full.
    ///
    /// `theme`: a theme name (a `NAME.toml` file in `themeDirectories`, else a built-in one) or a path to a theme
    /// file, else `[ui] theme` from the settings, else `default`.
    /// `[ui] bell = true` rings for unacknowledged Ⅰ/Ⅱ incidents; `[ui] ambiguous_wide = true` suits terminals that
    /// draw ambiguous-width characters wide; `[ui.keys]`/`[keys]` rebinds actions.
    public static func run(store: Store, settings: WatchfloorSettings, operator login: String, language: Language,
                           theme: String?, handover: HandoverExporting?, readOnly: Bool = false,
                           county: String? = nil, countyLimit: String? = nil) throws {
        var setup = try prepare(settings: settings, operator: login, language: language, theme: theme,
                                handover: handover, readOnly: readOnly)
        setup.config.county = county ?? countyLimit
        setup.config.countyLimit = countyLimit
        // Process-wide and before anything is measured: every width and layout decision follows it.
        DisplayWidth.ambiguousIsWide = setup.ambiguousWide
        let backend = NcursesBackend()
        defer { backend.restore() }
        var model = setup.model(colorCapability: backend.colorCapability, size: backend.size, now: store.clock())
        if !setup.keyIssues.isEmpty {
            model.say(setup.keyIssues.joined(separator: "; "), .warning)
        }
        let runtime = UIRuntime(store: store, model: model, backend: backend, handover: handover,
                                themeDirectories: setup.themeDirectories)
        try runtime.start()
        defer { runtime.stop() }
        runtime.run()
        runtime.finishActions()
    }

    /// Everything `run` decides before touching the terminal; tests and the benchmark use it too.
    public struct Setup {
        public var config: UIConfig
        public var language: Language
        public var theme: Theme
        public var keyMap: KeyMap
        /// Problems with `[keys]` overrides and clashes between bindings, shown on the message line at start.
        public var keyIssues: [String]
        public var themeDirectories: [URL]
        /// `[ui] ambiguous_wide = true`: the terminal draws East Asian Ambiguous characters (`…`, `Ⅰ`, `“”`, box
        /// drawing) two columns wide, so `DisplayWidth` counts them 2 and borders switch to ASCII.
        public var ambiguousWide = false

        public func model(colorCapability: ColorCapability, size: Size, now: Timestamp) -> Model {
            Model(config: config, language: language, theme: theme, colorCapability: colorCapability, keyMap: keyMap,
                  size: size, now: now)
        }
    }

    public static func prepare(settings: WatchfloorSettings, operator login: String, language: Language,
                               theme: String?, handover: HandoverExporting?, readOnly: Bool) throws -> Setup {
        let ui = settings.raw["ui"]?.table ?? [:]
        let directories = themeDirectories(settings: settings)
        let themeName = theme ?? ui["theme"]?.string ?? "default"
        let loaded: Theme
        do {
            loaded = try Theme.named(themeName, searching: directories)
        } catch {
            guard themeName == "default" else { throw UISetupError(message: "\(error)") }
            loaded = Theme.builtin
        }
        var keyMap = KeyMap.watchfloorUI
        var issues: [String] = []
        if let keys = ui["keys"]?.table ?? settings.raw["keys"]?.table {
            issues = keyMap.applyOverrides(keys).map(\.description)
        }
        issues += keyMap.conflicts.map(\.description)
        var config = UIConfig(operatorLogin: login, operatorDisplay: settings.displayName(login), readOnly: readOnly,
                              bell: ui["bell"]?.bool ?? false, offsetSeconds: settings.offsetSeconds,
                              sla: settings.slaClock, handoverAvailable: handover != nil,
                              operatorNames: settings.operators)
        if let v = ui["ambiguous_wide"], v.bool == nil {
            throw UISetupError(message: "[ui] ambiguous_wide must be true or false")
        }
        if let v = ui["map_shading"] {
            guard let measure = v.string.flatMap(MapMeasure.init(setting:)) else {
                throw UISetupError(message: "[ui] map_shading must be one of: "
                                   + MapMeasure.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            config.mapMeasure = measure
        }
        return Setup(config: config, language: language, theme: loaded, keyMap: keyMap, keyIssues: issues,
                     themeDirectories: directories, ambiguousWide: ui["ambiguous_wide"]?.bool ?? false)
    }

    /// Where `NAME.toml` themes are looked for: `$WATCHFLOOR_THEMES`, `themes/` next to the settings file,
    /// `~/.config/watchfloor/themes`, `share/watchfloor/themes` or `themes/` above the executable, `./themes`.
    public static func themeDirectories(settings: WatchfloorSettings,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var dirs: [URL] = []
        if let d = environment["WATCHFLOOR_THEMES"], !d.isEmpty { dirs.append(URL(fileURLWithPath: d)) }
        if let p = settings.path {
            dirs.append(URL(fileURLWithPath: p).deletingLastPathComponent().appendingPathComponent("themes"))
        }
        let config = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".config")
        dirs.append(config.appendingPathComponent("watchfloor/themes"))
        var exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            dirs.append(exe.appendingPathComponent("share/watchfloor/themes"))
            dirs.append(exe.appendingPathComponent("themes"))
            exe = exe.deletingLastPathComponent()
        }
        dirs.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        return dirs
    }
}
