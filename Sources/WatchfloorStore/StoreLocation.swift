import Foundation

/// Where the shared store lives: `--db`, else `$WATCHFLOOR_DB`, else the settings file's `[store] url`, else
/// `$XDG_DATA_HOME/watchfloor/watchfloor.db` (`~/.local/share/watchfloor/watchfloor.db`). Each may be a file path or
/// a `postgresql://` URL. Every process of a duty room must resolve the same store.
public enum StoreLocation {
    public static func resolve(explicit: String?, configured: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["WATCHFLOOR_DB"], !env.isEmpty { return env }
        if let configured, !configured.isEmpty { return configured }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { dataHome = xdg }
        else { dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        return dataHome + "/watchfloor/watchfloor.db"
    }

    /// True when `--db`, `$WATCHFLOOR_DB` or `[store] url` chose the store (not the per-user default).
    public static func isChosen(explicit: String?, configured: String?,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        [explicit, environment["WATCHFLOOR_DB"], configured].contains { !($0 ?? "").isEmpty }
    }
}
