import Foundation

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

    /// `location` fit to print: a PostgreSQL URL without its password (in the user part or a `password=` parameter).
    public static func displayable(_ location: String) -> String {
        guard of(location: location) == .postgresql, let scheme = location.range(of: "://") else { return location }
        var shown = location
        let authority = shown[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            shown.replaceSubrange(shown.index(after: colon)..<at, with: "***")
        }
        guard let query = shown.firstIndex(of: "?") else { return shown }
        let pairs = shown[shown.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("password=") ? "password=***" : String($0) }
        return String(shown[...query]) + pairs.joined(separator: "&")
    }

    /// `text` (a server's or libpq's message) with any password of the URL `location` masked, should one be echoed.
    public static func withoutPassword(_ text: String, of location: String?) -> String {
        guard let location, of(location: location) == .postgresql else { return text }
        var shown = text
        for secret in passwords(in: location) { shown = shown.replacingOccurrences(of: secret, with: "***") }
        return shown
    }

    /// The password spellings in a PostgreSQL URL: `user:PASS@` and `password=PASS` (each as written, the
    /// percent-decoded form too).
    static func passwords(in location: String) -> [String] {
        var found: [String] = []
        if let scheme = location.range(of: "://") {
            let rest = location[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                found.append(String(authority[authority.index(after: colon)..<at]))
            }
        }
        if let query = location.firstIndex(of: "?") {
            for pair in location[location.index(after: query)...].split(separator: "&") where pair.hasPrefix("password=") {
                found.append(String(pair.dropFirst("password=".count)))
            }
        }
        found = found.filter { !$0.isEmpty }
        found += found.compactMap { $0.removingPercentEncoding }.filter { !found.contains($0) }
        return found.sorted { $0.count > $1.count }
    }
}
