import Foundation

/// Which theme `--theme`, `[ui] theme` or `:theme` means. The four shipped themes are compiled in
/// (`BuiltinThemes`, generated from `themes/*.toml`), so a copied or installed binary has them all; a theme file
/// found in one of the search directories overrides the built-in of the same name, and a path names a file.
extension Theme {
    /// `nameOrPath` containing a `/` or ending in `.toml` is a file; anything else is a name looked up as
    /// `NAME.toml` in `directories` (first match wins), then among the built-in themes.
    public static func named(_ nameOrPath: String, searching directories: [URL]) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            let url = URL(fileURLWithPath: nameOrPath)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ThemeError(file: nameOrPath, message: "no such theme file")
            }
            return try load(contentsOf: url)
        }
        for dir in directories {
            let url = dir.appendingPathComponent("\(nameOrPath).toml")
            if FileManager.default.fileExists(atPath: url.path) { return try load(contentsOf: url) }
        }
        if let theme = try builtinTheme(named: nameOrPath) { return theme }
        let userDirectory = directories.first { $0.path.hasSuffix("watchfloor/themes") } ?? directories.first
        throw ThemeError(file: "\(nameOrPath).toml", message: "no such theme: the built-in ones are "
                         + BuiltinThemes.names.joined(separator: ", ") + "; a theme of your own goes in "
                         + (userDirectory.map { $0.appendingPathComponent("\(nameOrPath).toml").path } ?? "a themes/ directory"))
    }

    /// A shipped theme from the binary itself (nil for an unknown name).
    public static func builtinTheme(named name: String) throws -> Theme? {
        guard let text = BuiltinThemes.files[name] else { return nil }
        return try parse(text, file: "built-in \(name).toml")
    }
}
