import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// Row-level security on PostgreSQL (#15): `watchfloor county role` gives a database login one county's rows, and
/// the real `psql` client, logged in as that role, can neither read nor change another county's rows, nor the
/// audit trail, nor lift the policy. Roles are the server's, so each test's names are its own and dropped after.
@Suite struct CountyRoleTests {
    let watchfloor = Binaries.path("watchfloor")
    static let psql = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql"

    /// `url` with its user replaced by `role` (the throwaway server trusts its Unix socket, so no password).
    static func url(_ url: String, as role: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return String(url[..<scheme.upperBound]) + role + "@" + host + rest.dropFirst(authority.count)
    }

    /// One statement through psql as `role`: its exit status, unaligned rows, and stderr.
    static func psql(_ store: String, as role: String, _ sql: String) throws -> ProcessResult {
        try run(psql, [url(store, as: role), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    @Test func aCountyRoleInPsqlSeesAndChangesOnlyItsCounty() throws {
        let dir = temporaryDirectory("county-role")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try PostgresSchemas.testServer()
        let scratch = try ScratchLocation(engine: .postgresql, file: dir + "/city.db")
        let city = scratch.location
        let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        let (r102, r103, rCity) = ("wf_\(tag)_102", "wf_\(tag)_103", "wf_\(tag)_city")
        defer {
            withExtendedLifetime(scratch) {}
            _ = try? Self.psql(server, as: "watchfloor", "DROP OWNED BY \(r102), \(r103), \(rCity); DROP ROLE IF EXISTS \(r102), \(r103), \(rCity)")
        }
        let counties = CountyCLITests()
        let a = try counties.countyStore(dir, "990102", incidentRef: "a-1")
        let b = try counties.countyStore(dir, "990103", incidentRef: "b-1")
        try Store(path: b).withConnection { try $0.execute("UPDATE incidents SET id = 'INC-990103-0001'") }
        func wf(_ args: String...) throws -> ProcessResult { try run(watchfloor, args + ["--operator", "admin", "--db", city]) }
        for (path, code) in [(a, "990102"), (b, "990103")] {
            let copied = try run(watchfloor, ["store", "copy", "--from", path, "--to", city, "--county", code, "--operator", "admin"])
            #expect(copied.status == 0, "\(copied.stderr)")
        }
        for args in [[r103, "990103", "--writes"], [r102, "990102"], [rCity, "--city"]] {
            let granted = try run(watchfloor, ["county", "role"] + args + ["--operator", "admin", "--db", city])
            #expect(granted.status == 0, "\(granted.stderr)")
        }
        func rows(_ role: String, _ sql: String) throws -> [String] {
            let r = try Self.psql(city, as: role, sql)
            #expect(r.status == 0, "\(role): \(sql): \(r.stderr)")
            return r.stdout.split(separator: "\n").map(String.init)
        }
        func refused(_ role: String, _ sql: String, _ reason: String) throws {
            let r = try Self.psql(city, as: role, sql)
            #expect(r.status != 0 && r.stderr.contains(reason), "\(role) was not refused \(sql): \(r.stdout)\(r.stderr)")
        }

        // Reads: each county role sees its own rows and events only; the city role sees both.
        #expect(try rows(r103, "SELECT ticket FROM hotline_cases ORDER BY ticket") == ["12345-990103"])
        #expect(try rows(r102, "SELECT ticket FROM hotline_cases ORDER BY ticket") == ["12345-990102"])
        #expect(try rows(rCity, "SELECT ticket FROM hotline_cases ORDER BY ticket") == ["12345-990102", "12345-990103"])
        #expect(try rows(r103, "SELECT id FROM incidents") == ["INC-990103-0001"])
        #expect(try rows(r103, "SELECT COUNT(*) FROM alerts WHERE county <> '990103' OR county IS NULL") == ["0"])
        #expect(try rows(r103, "SELECT DISTINCT county FROM events") == ["990103"])
        #expect(try rows(r103, "SELECT COUNT(*) FROM hotline_cases WHERE ticket = '12345-990102'") == ["0"])

        // Writes: another county's rows are out of reach (0 rows), and nothing can be moved or put into it.
        #expect(try rows(r103, "WITH u AS (UPDATE hotline_cases SET department = '越权' WHERE ticket = '12345-990102' RETURNING 1) SELECT COUNT(*) FROM u") == ["0"])
        #expect(try rows(r103, "WITH u AS (UPDATE hotline_cases SET department = '县住建局' WHERE ticket = '12345-990103' RETURNING 1) SELECT COUNT(*) FROM u") == ["1"])
        try refused(r103, "UPDATE hotline_cases SET county = '990102' WHERE ticket = '12345-990103'", "row-level security")
        try refused(r103, """
            INSERT INTO hotline_cases(ticket, received_at, channel, type, summary, status, stage_started_at, updated_at, county)
            VALUES ('12345-forged', 0, 'phone', 'complaint', '伪造', 'new', 0, 0, '990102')
            """, "row-level security")
        // An unstamped row would be the city's own in a city store: not the county's to add either.
        try refused(r103, """
            INSERT INTO hotline_cases(ticket, received_at, channel, type, summary, status, stage_started_at, updated_at)
            VALUES ('12345-unstamped', 0, 'phone', 'complaint', '无县', 'new', 0, 0)
            """, "row-level security")
        // The audit trail, the operator limits, deleting, and the policy itself are not the county's to touch.
        try refused(r103, "UPDATE events SET actor = 'someone' WHERE county = '990103'", "permission denied")
        try refused(r103, "DELETE FROM hotline_cases", "permission denied")
        try refused(r103, "SELECT * FROM operator_counties", "permission denied")
        try refused(r103, "ALTER TABLE hotline_cases DISABLE ROW LEVEL SECURITY", "must be owner")
        try refused(r103, "SET ROLE watchfloor", "permission denied")
        // A role granted reads only cannot write even its own county.
        try refused(r102, "UPDATE hotline_cases SET department = 'x' WHERE ticket = '12345-990102'", "permission denied")

        // Through Watchfloor (the city's role) nothing of 990102 changed, the chain verifies, the roles are listed.
        let shown = try JSONParser.parse(try wf("show", "12345-990102", "--json").stdout)
        #expect(shown["department"]?.isNull != false)
        #expect(try JSONParser.parse(try wf("show", "12345-990103", "--json").stdout)["department"]?.string == "县住建局")
        let verify = try wf("audit", "verify")
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout)\(verify.stderr)")
        let summary = try JSONParser.parse(try wf("county", "show", "--json").stdout)
        let roles = (summary["roles"]?.array ?? []).compactMap { r in r["role"]?.string.map { ($0, r["county"]?.string ?? "city") } }
        #expect(roles.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" } == ["\(r102)=990102", "\(r103)=990103", "\(rCity)=city"])

        // Revoked, the role reads nothing of this store: without the schema its tables are not even found.
        #expect(try wf("county", "role", r103, "--revoke").status == 0)
        try refused(r103, "SELECT COUNT(*) FROM hotline_cases", "does not exist")
        #expect(try rows(r102, "SELECT COUNT(*) FROM hotline_cases") == ["1"], "other roles keep their grants")
    }

    @Test func countyRolesAreRefusedOnSQLiteAndToALimitedOperator() throws {
        let dir = temporaryDirectory("county-role-sqlite")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try CountyCLITests().countyStore(dir, "990102", incidentRef: "a-1")
        let onSQLite = try run(watchfloor, ["county", "role", "wf_never", "990102", "--db", db])
        #expect(onSQLite.status == 1 && onSQLite.stderr.contains("row-level security") && onSQLite.stderr.contains("county limit"),
                "\(onSQLite.stderr)")
        let bad = try run(watchfloor, ["county", "role", "Robert'); DROP TABLE", "990102", "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("lower-case letters"), "\(bad.stderr)")

        let scratch = try ScratchLocation(engine: .postgresql, file: dir + "/city.db")
        defer { withExtendedLifetime(scratch) {} }
        #expect(try run(watchfloor, ["county", "limit", "li", "990103", "--operator", "admin", "--db", scratch.location]).status == 0)
        let limited = try run(watchfloor, ["county", "role", "wf_never", "--city", "--operator", "li", "--db", scratch.location])
        #expect(limited.status == 4 && limited.stderr.contains("limited to county 990103"), "\(limited.stderr)")
        // The store's own role (the tables' owner, here a superuser) is never bound by the policies: refused, not
        // reported as held to a county.
        let user = try #require(try Connection(postgresURL: scratch.location).queryOne("SELECT current_user") { $0.string(0) })
        let owner = try run(watchfloor, ["county", "role", user, "990102", "--operator", "admin", "--db", scratch.location])
        #expect(owner.status == 1 && owner.stderr.contains("bypasses row-level security"), "\(owner.stderr)")
    }
}
