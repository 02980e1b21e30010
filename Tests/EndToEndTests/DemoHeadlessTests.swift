import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// `watchfloor demo --no-ui`: the sample county lands exactly, the feeds replay on top, and the bus shows it live —
/// in an SQLite file and in a PostgreSQL store (`--db postgresql://…`).
@Suite struct DemoHeadlessTests {
    @Test(arguments: StoreEngine.allCases) func demoSeedsTheCountyAndReplaysTheFeeds(engine: StoreEngine) throws {
        let dir = temporaryDirectory("demo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scratch = try ScratchLocation(engine: engine, file: dir + "/demo.db")
        defer { withExtendedLifetime(scratch) {} }
        let db = scratch.location
        let config = Binaries.packageRoot.appendingPathComponent("sampledata/watchfloor.toml").path
        let r = try run(Binaries.path("watchfloor"), ["demo", "--no-ui", "--duration", "4", "--replay-minutes", "0.05",
                                                       "--config", config, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("seeded"))
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("grid.upserted") })
        #expect(lines.contains { $0.contains("incident.created") })
        #expect(lines.contains { $0.contains("alert.raised") })
        func count(_ what: String, _ extra: [String] = []) throws -> Int {
            let out = try run(Binaries.path("watchfloor"), ["list", what, "--json", "--limit", "100000", "--db", db] + extra)
            return try JSONParser.parse(out.stdout).array?.count ?? -1
        }
        #expect(try count("grids") == 69)
        // 246 sample incidents plus the CAP warnings (an Update folds into its Alert, so 3 distinct warnings).
        #expect(try count("incidents") >= 246 + 3)
        #expect(try count("hotline") >= 383 + 60)
        #expect(try count("deadletters") == 0)
        let capIncidents = try JSONParser.parse(try run(Binaries.path("watchfloor"), ["list", "incidents", "--json", "--search", "预警", "--db", db]).stdout).array ?? []
        #expect(capIncidents.contains { $0["title"]?.string?.contains("橙色") == true })
        #expect(capIncidents.contains { $0["status"]?.string == "closed" })   // the 大风 warning was cancelled
    }
}
