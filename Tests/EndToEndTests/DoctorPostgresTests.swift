import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// `watchfloor doctor --db postgresql://…` checks what matters on a server instead of a file's mode, WAL and disk:
/// the server reached, the store's schema, the bus's NOTIFY trigger, durability, and row-level security.
@Suite struct DoctorPostgresTests {
    let watchfloor = Binaries.path("watchfloor")

    func storeChecks(_ url: String) throws -> [String: JSONValue] {
        let r = try run(watchfloor, ["doctor", "--json", "--db", url, "--min-free-mb", "1"], environment: DoctorTests.goodTerminal)
        let checks = try JSONParser.parse(r.stdout)["checks"]?.array ?? []
        return Dictionary(checks.filter { $0["area"]?.string == "store" }.map { ($0["name"]?.string ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func aHealthyStoreOnTheServerIsDescribedTruly() throws {
        let dir = temporaryDirectory("doctor-pg")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scratch = try ScratchLocation(engine: .postgresql, file: dir + "/w.db")
        defer { withExtendedLifetime(scratch) {} }
        _ = try Store(path: scratch.location)
        let store = try storeChecks(scratch.location)
        #expect(store["server"]?["status"]?.string == "ok" && store["server"]?["detail"]?.string?.contains("PostgreSQL 1") == true, "\(store)")
        #expect(store["schema"]?["detail"]?.string == "version \(Store.currentSchemaVersion)")
        #expect(store["bus"]?["status"]?.string == "ok")
        #expect(store["counties"]?["detail"]?.string?.contains("no county roles") == true)
        // The throwaway test cluster runs with fsync off, and doctor says so rather than calling it durable.
        let fsync = try Connection(postgresURL: scratch.location).queryOne("SELECT current_setting('fsync')") { $0.string(0) }
        #expect(store["durability"]?["status"]?.string == (fsync == "off" ? "warning" : "ok"), "\(store)")
        // Nothing of the SQLite file checks.
        #expect(store["wal"] == nil && store["permissions"] == nil && store["path"] == nil)
    }

    @Test func rowLevelSecurityTurnedOffUnderACountyRoleFails() throws {
        let dir = temporaryDirectory("doctor-pg-rls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try PostgresSchemas.testServer()
        let scratch = try ScratchLocation(engine: .postgresql, file: dir + "/w.db")
        let role = "wf_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased() + "_doc"
        defer {
            withExtendedLifetime(scratch) {}
            try? Connection(postgresURL: server).execute("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)")
        }
        let granted = try run(watchfloor, ["county", "role", role, "990102", "--db", scratch.location])
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(try storeChecks(scratch.location)["counties"]?["detail"]?.string == "row-level security holds \(role) → 990102")
        try Connection(postgresURL: scratch.location).execute("ALTER TABLE alerts DISABLE ROW LEVEL SECURITY")
        let off = try storeChecks(scratch.location)["counties"]
        #expect(off?["status"]?.string == "fail" && off?["detail"]?.string?.contains("off on alerts") == true, "\(String(describing: off))")
    }

    @Test func anUnreachableServerAndAnEmptySchemaFailWithAFix() throws {
        let gone = try storeChecks("postgresql://watchfloor:s3cret@%2Fnonexistent-socket-dir/watchfloor")
        #expect(gone["server"]?["status"]?.string == "fail" && gone["server"]?["fix"]?.string?.contains("psql") == true, "\(gone)")
        #expect(!"\(gone)".contains("s3cret"))
        let dir = temporaryDirectory("doctor-pg-empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scratch = try ScratchLocation(engine: .postgresql, file: dir + "/w.db")
        defer { withExtendedLifetime(scratch) {} }
        let empty = try storeChecks(scratch.location)
        #expect(empty["schema"]?["status"]?.string == "fail" && empty["schema"]?["detail"]?.string?.contains("no Watchfloor store") == true, "\(empty)")
    }
}
