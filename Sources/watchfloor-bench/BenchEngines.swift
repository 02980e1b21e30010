import Foundation
import WatchfloorStore

/// `--engine sqlite|postgresql|both` for the store benchmarks: the same measurement on each engine in one run.
/// PostgreSQL stores are fresh schemas on the server given by `--postgres URL`, else `$WATCHFLOOR_BENCH_POSTGRES_URL`,
/// else `$WATCHFLOOR_TEST_POSTGRES_URL` (`eval "$(scripts/pg-throwaway start)"` starts a throwaway one).
enum BenchEngines {
    static func engines(in args: [String]) throws -> [StoreEngine] {
        let value = BenchSupport.option("engine", in: args) ?? "sqlite"
        if value == "both" { return StoreEngine.allCases }
        guard let e = StoreEngine(rawValue: value) else {
            throw StoreError.invalid("--engine takes sqlite, postgresql or both (got \(value))")
        }
        return [e]
    }

    static func server(in args: [String]) throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let url = BenchSupport.option("postgres", in: args) ?? env["WATCHFLOOR_BENCH_POSTGRES_URL"] ?? env["WATCHFLOOR_TEST_POSTGRES_URL"] {
            return url
        }
        throw StoreError.invalid("""
            --engine postgresql needs a server: --postgres URL or $WATCHFLOOR_BENCH_POSTGRES_URL \
            (a throwaway one: eval "$(scripts/pg-throwaway start)")
            """)
    }

    /// A fresh store location on `engine`: a file in `dir`, or a new schema; `cleanup` removes the schema.
    static func location(_ engine: StoreEngine, dir: String, name: String, args: [String]) throws -> (location: String, cleanup: () -> Void) {
        switch engine {
        case .sqlite:
            return (dir + "/\(name).db", {})
        case .postgresql:
            let server = try server(in: args)
            let schema = PostgresSchemas.uniqueName("bench_" + name.replacingOccurrences(of: "-", with: "_"))
            let url = try PostgresSchemas.create(server: server, name: schema)
            return (url, { PostgresSchemas.drop(server: server, name: schema) })
        }
    }
}
