import Foundation

/// Fresh, named schemas on a PostgreSQL server, each a complete store of its own: the tests open one per test and
/// the benchmarks one per run, on one server, without creating databases. A store URL pointing into a schema
/// carries it as libpq's `options=-csearch_path=…`, so every process given that URL (daemon, CLI, UI) opens the
/// same store.
public enum PostgresSchemas {
    /// Creates schema `name` (letters, digits, `_`) and returns the store URL for it.
    public static func create(server url: String, name: String) throws -> String {
        let c = try Connection(postgresURL: url)
        try c.execute("DROP SCHEMA IF EXISTS \(name) CASCADE; CREATE SCHEMA \(name)")
        return storeURL(server: url, schema: name)
    }

    public static func drop(server url: String, name: String) {
        guard let c = try? Connection(postgresURL: url) else { return }
        try? c.execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
    }

    public static func storeURL(server url: String, schema: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
    }

    /// A schema name unique to this call: `prefix` plus random hex.
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }

    /// The test server (`$WATCHFLOOR_TEST_POSTGRES_URL`, set by `scripts/test` from `scripts/pg-throwaway`), or an
    /// error saying how to get one: tests on PostgreSQL fail rather than skip without a server.
    public static func testServer(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let url = environment["WATCHFLOOR_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw StoreError.invalid("""
                no PostgreSQL server for the tests: WATCHFLOOR_TEST_POSTGRES_URL is not set. Run the suite with \
                scripts/test (it starts a throwaway cluster), or by hand: eval "$(scripts/pg-throwaway start)"; \
                swift test …; scripts/pg-throwaway stop "$WATCHFLOOR_TEST_PG_DIR"
                """)
        }
        return url
    }
}
