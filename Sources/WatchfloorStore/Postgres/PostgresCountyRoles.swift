import WatchfloorCore

/// Row-level security for counties in a city store on PostgreSQL: a database role per county, so an operator who
/// is given a county's login cannot see or change another county's rows even with `psql`, outside Watchfloor.
///
/// Two mechanisms, one per kind of access (README "A city with several counties"):
/// - Watchfloor itself (CLI, UI, daemon) connects as the city's role, which owns the tables, and enforces
///   `operator_counties` in the store layer (`CountyAccess`) on both engines: an operator is a name in the audit
///   trail, not a database login.
/// - Direct SQL by a county's own login is held by the server: `county_roles` maps a role to its county (NULL: the
///   city, every county), and a policy on every table of items lets a role see and write only rows of its county.
///   The table owner (the city role that ran the migrations) is not subject to the policies.
///
/// A county role gets SELECT on the item tables and the events, and with `writes` INSERT and UPDATE on the items
/// (never on `events`: the audit chain is appended by Watchfloor alone, and never DELETE). Reference data it may
/// read: grids, store settings, the schema version. Tables that carry no county (hourly alert counts, opinion
/// responses, checkpoints, counters, operator limits) are not granted at all.
public enum PostgresCountyRoles {
    /// Tables whose rows carry a county (the "county-codes" migration), with the policy on each.
    static let itemTables = ["incidents", "hotline_cases", "alerts", "opinion_topics", "opinion_posts", "notes", "dead_letters"]
    static let readOnlyTables = ["events", "grids", "store_settings", PostgresDialect.schemaVersionTable]

    /// A role name Watchfloor will create and grant to: lower-case letters, digits and `_`, as PostgreSQL folds
    /// unquoted names, so the role is written the same in `psql` and in pg_hba.conf.
    public static func validatedRole(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        let ok = (1...63).contains(bytes.count) && !(0x30...0x39).contains(bytes[0])
            && bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
        guard ok, !name.hasPrefix("pg_") else {
            throw StoreError.invalid("a county role must be 1–63 lower-case letters, digits or _ (not starting with a digit or pg_), not \(Sanitize.line(name).debugDescription)")
        }
        return name
    }

    /// Maps `role` to `county` (nil: the city, every county), creating the login role when the server has none,
    /// granting what it may use and installing the policies; audited as `county.role` by `actor`. Idempotent.
    public static func grant(_ store: Store, role rawRole: String, county rawCounty: String?, writes: Bool, actor: String) throws {
        let role = try validatedRole(rawRole)
        let county = try rawCounty.map { try CountyCode.validated($0) }
        try store.write { c in
            let pg = try session(c, store: store)
            if let own = try CountyAccess.limit(c, actor: actor) {
                throw CountyRefused(actor: actor, allowed: own, requested: county, item: nil)
            }
            try installPolicies(c, pg)
            if try c.scalarInt("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?", [.text(role)]) == 0 {
                try pg.exec("CREATE ROLE \(role) LOGIN")
            } else if county != nil, try c.scalarInt("""
                SELECT COUNT(*) FROM pg_roles WHERE rolname = ? AND (rolsuper OR rolbypassrls
                    OR pg_has_role(rolname, (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'events'), 'MEMBER'))
                """, [.text(role)]) ?? 0 > 0 {
                // Policies do not bind a superuser, a BYPASSRLS role or the tables' owner: saying it is held to a
                // county would be false.
                throw StoreError.invalid("role \(role) bypasses row-level security (a superuser, BYPASSRLS, or the owner of this store's tables), so it cannot be held to county \(county ?? ""); give the county a login role of its own")
            }
            let schema = try schemaName(c)
            try pg.exec("REVOKE ALL ON \(grantable(itemTables + readOnlyTables)) FROM \(role)")
            try pg.exec("GRANT USAGE ON SCHEMA \(schema) TO \(role)")
            try pg.exec("GRANT SELECT ON \(grantable(itemTables + readOnlyTables)) TO \(role)")
            if writes { try pg.exec("GRANT INSERT, UPDATE ON \(grantable(itemTables)) TO \(role)") }
            try c.run("INSERT INTO county_roles(role, county) VALUES (?, ?) ON CONFLICT(role) DO UPDATE SET county = excluded.county",
                      [.text(role), county.map(SQLValue.text) ?? .null])
            try EventLog.append(c, at: store.clock(), topic: "county.role", entityKind: "role", entityID: role, actor: actor,
                                data: ["county": county.map(JSONValue.string) ?? .null, "writes": .bool(writes)], audited: true)
        }
    }

    /// Takes `role`'s grants on this store away and forgets its county (the role itself, shared by the whole
    /// server, stays); audited as `county.role` with a null county.
    public static func revoke(_ store: Store, role rawRole: String, actor: String) throws {
        let role = try validatedRole(rawRole)
        try store.write { c in
            let pg = try session(c, store: store)
            if let own = try CountyAccess.limit(c, actor: actor) {
                throw CountyRefused(actor: actor, allowed: own, requested: nil, item: nil)
            }
            try installPolicies(c, pg)
            if try c.scalarInt("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?", [.text(role)]) ?? 0 > 0 {
                try pg.exec("REVOKE ALL ON \(grantable(itemTables + readOnlyTables)) FROM \(role)")
                try pg.exec("REVOKE USAGE ON SCHEMA \(try schemaName(c)) FROM \(role)")
            }
            try c.run("DELETE FROM county_roles WHERE role = ?", [.text(role)])
            try EventLog.append(c, at: store.clock(), topic: "county.role", entityKind: "role", entityID: role, actor: actor,
                                data: ["county": .null, "revoked": .bool(true)], audited: true)
        }
    }

    /// Role → county, as `watchfloor county show` prints it; empty on SQLite and before the first grant.
    public static func list(_ c: Connection) throws -> [(role: String, county: String?)] {
        guard c.engine == .postgresql, try c.scalarInt("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'county_roles'") ?? 0 > 0
        else { return [] }
        return try c.query("SELECT role, county FROM county_roles ORDER BY role") { ($0.string(0), $0.stringOptional(1)) }
    }

    static func session(_ c: Connection, store: Store) throws -> PGSession {
        guard let pg = c.pg else {
            throw StoreError.invalid("county roles are PostgreSQL roles with row-level security; \(store.path) is an SQLite file, where `watchfloor county limit` restricts an operator")
        }
        return pg
    }

    static func schemaName(_ c: Connection) throws -> String {
        let name = try c.queryOne("SELECT current_schema()") { $0.string(0) } ?? "public"
        return quoted(name)
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func grantable(_ tables: [String]) -> String { "TABLE " + tables.joined(separator: ", ") }

    /// The role table, the visibility function and one policy per item table; run again, it replaces them. The
    /// function runs as its owner (SECURITY DEFINER, its search path pinned to this store's schema) so a county
    /// role needs no grant on `county_roles` or `store_settings` to be checked; the policy passes it
    /// `current_user`, the role the statement runs as. A row with no county stamped is the store's home county's,
    /// or in a city store the city's own, which only the city sees.
    static func installPolicies(_ c: Connection, _ pg: PGSession) throws {
        let schema = try schemaName(c)
        var sql = """
            CREATE TABLE IF NOT EXISTS county_roles(role TEXT PRIMARY KEY, county TEXT);
            CREATE OR REPLACE FUNCTION watchfloor_county_visible(who TEXT, row_county TEXT) RETURNS BOOLEAN
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(schema), pg_temp AS $$
                SELECT EXISTS (SELECT 1 FROM county_roles r WHERE r.role = who AND (r.county IS NULL
                    OR r.county = COALESCE(row_county, (SELECT value FROM store_settings WHERE name = 'home_county'))))
            $$;

            """
        for table in itemTables + ["events"] {
            sql += """
                ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
                DROP POLICY IF EXISTS county_rows ON \(table);
                CREATE POLICY county_rows ON \(table)
                    USING (watchfloor_county_visible(current_user::text, county))
                    WITH CHECK (watchfloor_county_visible(current_user::text, county));

                """
        }
        try pg.exec(sql)
    }
}
