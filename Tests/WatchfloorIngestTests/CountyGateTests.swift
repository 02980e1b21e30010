import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// `[daemon] county`: a county daemon writes only its county; records of another county become dead letters.
@Suite struct CountyGateTests {
    func incident(_ ref: String, grid: String?) -> String {
        var o = #"{"kind":"incident","source":"网格上报","source_ref":"\#(ref)","category":"dispute","level":4,"#
        o += #""title":"邻里纠纷 \#(ref)","reported_at":"2026-11-22T09:00:00+08:00""#
        if let grid { o += #","grid_id":"\#(grid)""# }
        return o + "}"
    }

    @Test(arguments: StoreEngine.allCases) func recordsOfAnotherCountyAreDeadLetteredWithTheReasonAndTheRestLands(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var config = PipelineConfig()
        config.county = "990102"
        let p = try IngestPipeline(store: t.store, config: config)
        let lines = [incident("a", grid: "990102001001001"), incident("b", grid: "990103002001001"),
                     incident("c", grid: nil), incident("d", grid: "990102")]
        let (decoded, _) = try p.ingestNow([IngestUnit(source: "spool", format: .jsonl,
                                                       payload: .lines(Lines.bytes(lines), firstLine: 1, baseOffset: 0), origin: "x.jsonl")])
        #expect(decoded.records.count == 3)
        #expect(try t.int("SELECT COUNT(*) FROM incidents") == 3)
        let letters = try t.store.withConnection { c in try c.query("SELECT reason FROM dead_letters") { $0.string(0) } }
        #expect(letters == ["incident in grid 990103002001001 belongs to county 990103; this daemon writes only county 990102"])
        #expect(try t.int("SELECT COUNT(*) FROM incidents WHERE source_ref = 'b'") == 0)
    }

    @Test func withoutACountyEverythingLands() throws {
        var result = DecodeResult(records: [.grid(Grid(id: "990103001", name: "镇", level: .township))])
        CountyGate.apply(&result, county: nil)
        #expect(result.records.count == 1 && result.rejections.isEmpty)
        CountyGate.apply(&result, county: "990102")
        #expect(result.records.isEmpty && result.rejections.count == 1)
    }

    @Test func theDaemonSettingIsSixDigits() throws {
        #expect(try DaemonConfigTests.parse("[daemon]\ncounty = \"990102\"").pipeline.county == "990102")
        do {
            _ = try DaemonConfigTests.parse("[daemon]\ncounty = \"9901\"")
            Issue.record("a 4-digit county was accepted")
        } catch let e as DaemonConfig.ConfigError {
            #expect(e.key == "county" && e.description.contains("6-digit"))
        }
    }
}
