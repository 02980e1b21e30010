import WatchfloorCore

/// What `watchfloor county show` prints: the store's county, operator limits, counties copied in.
public struct CountySummary: Sendable {
    public var home: String?
    public var limits: [(operator: String, county: String)]
    public var copies: [(county: String, source: String, events: Int)]
    /// PostgreSQL roles held to a county by row-level security (nil: every county); empty on SQLite.
    public var roles: [(role: String, county: String?)]

    public static func read(_ c: Connection) throws -> CountySummary {
        CountySummary(
            home: try CountyAccess.homeCounty(c),
            limits: try c.query("SELECT operator, county FROM operator_counties ORDER BY operator") { ($0.string(0), $0.string(1)) },
            copies: try c.query("SELECT county, source, events FROM county_copies ORDER BY county") { ($0.string(0), $0.string(1), $0.int(2)) },
            roles: try PostgresCountyRoles.list(c))
    }

    public var json: JSONValue {
        ["home_county": .from(home),
         "limits": .array(limits.map { ["operator": .string($0.operator), "county": .string($0.county)] }),
         "copies": .array(copies.map { ["county": .string($0.county), "source": .string($0.source), "events": .int(Int64($0.events))] }),
         "roles": .array(roles.map { ["role": .string($0.role), "county": .from($0.county)] })]
    }
}
