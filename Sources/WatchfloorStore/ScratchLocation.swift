import Foundation

/// A throwaway store location on either engine, removed when released: a file in `directory` (SQLite) or a fresh
/// schema on the test server (PostgreSQL, `PostgresSchemas.testServer`). Tests open one per test; the same test
/// body then runs on both engines.
public final class ScratchLocation: @unchecked Sendable {
    public let engine: StoreEngine
    /// A path or a `postgresql://` URL: give it to `Store(path:)`, a `BusWatcher`, or a child process's `--db`.
    public let location: String
    private let schema: (server: String, name: String)?

    public init(engine: StoreEngine, file: String) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            location = file
            schema = nil
        case .postgresql:
            let server = try PostgresSchemas.testServer()
            let name = PostgresSchemas.uniqueName("t")
            location = try PostgresSchemas.create(server: server, name: name)
            schema = (server, name)
        }
    }

    deinit { if let schema { PostgresSchemas.drop(server: schema.server, name: schema.name) } }
}
