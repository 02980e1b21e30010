import Foundation

/// Where the shared store lives: `--db`, else `$WATCHFLOOR_DB`, else `$XDG_DATA_HOME/watchfloor/watchfloor.db`
/// (`~/.local/share/watchfloor/watchfloor.db`). Every process of a duty room must resolve the same file.
public enum StoreLocation {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["WATCHFLOOR_DB"], !env.isEmpty { return env }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { dataHome = xdg }
        else { dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        return dataHome + "/watchfloor/watchfloor.db"
    }
}
