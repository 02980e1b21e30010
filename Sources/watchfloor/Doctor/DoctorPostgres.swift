import Foundation
import WatchfloorCore
import WatchfloorStore

/// `watchfloor doctor` on a PostgreSQL store: what can go wrong there instead of a file's mode, WAL and disk — the
/// server reached, the schema version, the bus's NOTIFY trigger, whether this login may write, whether the server
/// makes commits durable, and which counties row-level security holds to which roles. It only reads.
extension DoctorCommand {
    func postgresStoreChecks(url: String) -> [DoctorCheck] {
        let area = "store"
        let shown = StoreEngine.displayable(url)
        let c: Connection
        do { c = try Connection(postgresURL: url, role: "watchfloor-doctor") } catch {
            return [.fail(area, "server", StoreError.describe(error, path: url),
                          fix: "check that the PostgreSQL server runs and that the URL's host, port, database, user and password are right (psql '\(shown)' says the same from the server's side)")]
        }
        var out: [DoctorCheck] = []
        do {
            let server = try c.queryOne("SELECT current_setting('server_version'), current_user, current_schema()") {
                ($0.string(0), $0.string(1), $0.stringOptional(2))
            }
            guard let server else { return [] }
            let (version, user, schema) = server
            out.append(.ok(area, "server", "PostgreSQL \(version) at \(shown), as \(user)"))
            guard let schema, try c.scalarInt("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'events'") ?? 0 > 0 else {
                out.append(.fail(area, "schema", "no Watchfloor store in schema \(schema ?? "(none on the search path)")",
                                 fix: "run any watchfloor command with write access once (e.g. watchfloor list incidents) or start watchfloord: it creates the store"))
                return out
            }
            out.append(schemaVersionCheck(area, Int(try c.scalarInt("PRAGMA user_version") ?? 0)))
            let notify = try c.scalarInt("""
                SELECT COUNT(*) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
                WHERE t.relname = 'events' AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND g.tgname = 'events_notify'
                """) ?? 0
            out.append(notify > 0 ? .ok(area, "bus", "events wake subscribers by LISTEN/NOTIFY on schema \(schema)")
                       : .fail(area, "bus", "the events table has no NOTIFY trigger: UIs learn of changes only by polling",
                               fix: "restore the store from a dump made by Watchfloor, or copy it into a fresh schema (watchfloor store copy)"))
            let canWrite = try c.scalarInt("SELECT CASE WHEN has_table_privilege('events', 'INSERT') THEN 1 ELSE 0 END") == 1
            if !canWrite {
                out.append(.warning(area, "access", "\(user) may not write this store: listing and showing work, actions do not",
                                    fix: "connect as the city's role (the one that owns the tables) to act"))
            }
            if let (fsync, sync) = try c.queryOne("SELECT current_setting('fsync'), current_setting('synchronous_commit')", [], {
                ($0.string(0), $0.string(1))
            }) {
                if fsync == "off" {
                    out.append(.warning(area, "durability", "the server runs with fsync off: a crash of its host can lose or corrupt committed records",
                                        fix: "set fsync = on in postgresql.conf (off is for throwaway test clusters only)"))
                } else {
                    out.append(.ok(area, "durability", "fsync on, synchronous_commit \(sync)"))
                }
            }
            out.append(try countyRoleCheck(c, area))
        } catch {
            out.append(.fail(area, "open", StoreError.describe(error, path: url), fix: "check that \(shown) is the city's store and this login may read it"))
        }
        return out
    }

    func schemaVersionCheck(_ area: String, _ version: Int) -> DoctorCheck {
        let current = Store.currentSchemaVersion
        if version == current { return .ok(area, "schema", "version \(version)") }
        if version < current {
            return .fail(area, "schema", "version \(version), older than this Watchfloor's \(current)",
                         fix: "run any watchfloor command with write access once (e.g. watchfloor list incidents) or restart watchfloord: it migrates the store")
        }
        return .fail(area, "schema", "version \(version), newer than this Watchfloor's \(current)",
                     fix: "upgrade this Watchfloor to the version that wrote the store")
    }

    /// Which roles row-level security holds to which county, and whether the policies are on every item table.
    func countyRoleCheck(_ c: Connection, _ area: String) throws -> DoctorCheck {
        let roles = try PostgresCountyRoles.list(c)
        guard !roles.isEmpty else {
            return .ok(area, "counties", "no county roles: operators are held to a county by `watchfloor county limit` (in Watchfloor, not against psql)")
        }
        let unprotected = try c.query("""
            SELECT relname FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND relkind = 'r'
            AND relname IN ('incidents', 'hotline_cases', 'alerts', 'opinion_topics', 'opinion_posts', 'notes', 'dead_letters', 'events')
            AND NOT relrowsecurity ORDER BY relname
            """) { $0.string(0) }
        let described = roles.map { "\($0.role) → \($0.county ?? "every county")" }.joined(separator: ", ")
        guard unprotected.isEmpty else {
            return .fail(area, "counties", "row-level security is off on \(unprotected.joined(separator: ", ")): county roles (\(described)) can read every county there",
                         fix: "run watchfloor county role ROLE CODE again for any role: it reinstalls the policies")
        }
        return .ok(area, "counties", "row-level security holds \(described)")
    }
}
