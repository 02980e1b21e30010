/// Which database engine holds a store: an embedded SQLite file (the default, one duty room's host) or a
/// PostgreSQL server (a city's command centre with several counties, a standby). Chosen by the store location:
/// a `postgresql://` or `postgres://` URL selects PostgreSQL, anything else is a file path.
public enum StoreEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgresql

    public static func of(location: String) -> StoreEngine {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") ? .postgresql : .sqlite
    }

    public var description: String { rawValue }

    /// `location` fit to print: a PostgreSQL URL without its password.
    public static func displayable(_ location: String) -> String {
        guard of(location: location) == .postgresql, let scheme = location.range(of: "://"),
              let at = location[scheme.upperBound...].firstIndex(of: "@") else { return location }
        let userinfo = location[scheme.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return location }
        return String(location[..<colon]) + ":***" + String(location[at...])
    }
}
