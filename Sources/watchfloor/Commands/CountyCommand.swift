import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

/// `watchfloor store copy`: moves a county's own store into the city's.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move a county's store into a city store.", subcommands: [Copy.self])

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a county's store into a city store, its events with their audit hashes (all or nothing).",
            discussion: """
            Every item lands stamped with --county; events keep their order, hashes and original seq (origin_seq), so \
            `watchfloor audit verify` on the city store checks the county's chain as it was. A county goes in once: \
            a second copy is refused, as is an id the city already holds.
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The county's own store (an SQLite file).") var from: String
        @Option(help: "The city store: a path (SQLite) or a postgresql:// URL.") var to: String
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            try reportingErrors(global) {
                // `--county` (a global option) names the county copied.
                guard let county = global.county else { throw CLIError("store copy needs --county CODE: the county whose store --from is") }
                let code = try CountyCode.validated(county)
                let settings = try global.settings()
                let source: Store
                do { source = try Store(path: from, sla: settings.slaClock, create: false, access: .readOnly) }
                catch { throw CLIError(StoreError.describe(error, path: from)) }
                let target: Store
                do { target = try Store(path: to, sla: settings.slaClock, create: true, access: .readWrite) }
                catch { throw CLIError(StoreError.describe(error, path: to)) }
                let r = try StoreCopy.copy(from: source, to: target, county: code, actor: global.actor)
                if json {
                    printJSON(["county": .string(r.county), "items": .int(Int64(r.items)), "events": .int(Int64(r.events)),
                               "audited_events": .int(Int64(r.auditedEvents)), "renumbered_alerts": .int(Int64(r.renumberedAlerts)),
                               "rows": .object(Dictionary(uniqueKeysWithValues: r.rows.map { ($0.table, JSONValue.int(Int64($0.count))) }))])
                    return
                }
                print("copied county \(r.county) from \(from) into \(StoreEngine.displayable(to)): \(r.items) items, \(r.events) events (\(r.auditedEvents) audited)")
                for row in r.rows where row.count > 0 { print("  \(DisplayWidth.pad(row.table, to: 18)) \(row.count)") }
                if r.renumberedAlerts > 0 {
                    print("  \(r.renumberedAlerts) alerts got new numbers (theirs were taken); their copied events keep the old ones")
                }
            }
        }
    }
}

/// `watchfloor county`: the store's own county and operators limited to one county.
struct CountyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "county", abstract: "Counties in this store: its own county, operators limited to one.",
        subcommands: [Home.self, Limit.self, Role.self, Show.self])

    struct Home: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record this store's own county (once): its unstamped items belong to it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The county's 6-digit code.") var code: String

        func run() throws {
            try reportingErrors(global) {
                let store = try global.openStore(create: true)
                try CountyAccess.setHomeCounty(store, code)
                print("\(store.path): county \(code)")
            }
        }
    }

    struct Limit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Limit an operator to one county (audited); --lift lets them see the whole store again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's name (as in --operator / $WATCHFLOOR_OPERATOR).") var name: String
        @Argument(help: "The county's 6-digit code.") var code: String?
        @Flag(help: "Remove the operator's limit.") var lift = false

        func validate() throws {
            if lift == (code != nil) { throw ValidationError("give a county code, or --lift") }
        }

        func run() throws {
            try reportingErrors(global) {
                let store = try global.openStore()
                try CountyAccess.setLimit(store, operator: name, county: lift ? nil : code, actor: global.actor)
                print(lift ? "\(name): may see every county" : "\(name): limited to county \(code!)")
            }
        }
    }

    struct Role: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "PostgreSQL only: give a database login one county's rows, enforced by the server (audited).",
            discussion: """
            Creates the login role when the server has none (it needs a password or another way in, set by whoever \
            runs the server), grants it this store's item tables and installs row-level security, so that with psql \
            or any other client the role sees and changes only its county's rows. --city lets the role see every \
            county; --revoke takes its grants away. Watchfloor itself connects as the city's role and restricts \
            operators with `county limit` instead.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The database role (lower-case letters, digits, _).") var role: String
        @Argument(help: "The county's 6-digit code.") var code: String?
        @Flag(help: "The role sees every county (a city role).") var city = false
        @Flag(help: "Let the role also insert and update its county's items (never events).") var writes = false
        @Flag(help: "Take the role's grants on this store away.") var revoke = false

        func validate() throws {
            if [code != nil, city, revoke].filter({ $0 }).count != 1 { throw ValidationError("give a county code, --city, or --revoke") }
        }

        func run() throws {
            try reportingErrors(global) {
                let store = try global.openStore()
                if revoke {
                    try PostgresCountyRoles.revoke(store, role: role, actor: global.actor)
                    return print("role \(role): no longer granted this store")
                }
                try PostgresCountyRoles.grant(store, role: role, county: code, writes: writes, actor: global.actor)
                print("role \(role): \(code.map { "county \($0)" } ?? "every county")\(writes ? ", reads and writes" : ", reads only")")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The store's county, operator limits and counties copied in.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            try reportingErrors(global) {
                let store = try global.openStore()
                let summary = try store.read { c in try CountySummary.read(c) }
                if json { return printJSON(summary.json) }
                print("home county: \(summary.home ?? "—")")
                for (op, county) in summary.limits { print("operator \(op): county \(county)") }
                for (role, county) in summary.roles { print("role \(role): \(county.map { "county \($0)" } ?? "every county")") }
                for copy in summary.copies { print("copied in: county \(copy.county) from \(copy.source) (\(copy.events) events)") }
            }
        }
    }
}
