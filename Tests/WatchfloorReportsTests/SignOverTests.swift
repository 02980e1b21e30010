import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorReports

@Suite struct SignOverTests {
    @Test(arguments: StoreEngine.allCases) func exportWritesFileAndAuditsTheExactBytes(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        let path = fx.dir + "/out.html"
        let result = try service.export(shift: .id(Fixture.shiftID), format: .html, lang: .en, actor: "liuyang", to: path)
        let onDisk = try #require(FileManager.default.contents(atPath: path))
        #expect([UInt8](onDisk) == result.bytes)
        #expect(result.sha256 == SHA256.hexDigest(result.bytes))
        #expect(result.record.windowKey == Fixture.shiftID)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))

        let v = try service.verify(file: path)
        #expect(v.ok)
        #expect(v.exports.map(\.actor) == ["liuyang"])
        #expect(v.exports.first?.format == "html")
        #expect(v.exports.first?.since == local("2026-11-21T20:00"))

        let accepted = try service.accept(file: path, actor: "wangwei")
        #expect(!accepted.alreadyAccepted)
        #expect(accepted.export.seq == result.record.seq)
        #expect(try service.verify(file: path).acceptances.map(\.actor) == ["wangwei"])
        #expect(try fx.store.withConnection { try AuditChain.verify($0) }.ok)

        #expect(throws: HandoverError.notExported(sha256: SHA256.hexDigest(result.bytes + [0x0A]))) {
            try service.accept(bytes: result.bytes + [0x0A], actor: "wangwei")
        }
        #expect(try service.verify(bytes: Array(result.bytes.dropLast())).ok == false)
    }

    @Test(arguments: StoreEngine.allCases) func brokenChainMakesTheRecordUntrusted(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        let result = try service.export(shift: .id(Fixture.shiftID), format: .markdown, lang: .zh, actor: "liuyang")
        _ = try fx.store.write { c in
            try c.run("UPDATE events SET actor='mallory' WHERE seq=?", [.int(result.record.seq)])
        }
        let v = try service.verify(bytes: result.bytes)
        #expect(!v.ok)
        #expect(v.chainProblem?.contains("#\(result.record.seq)") == true)
    }

    /// Exporting is not an action the report counts: a second export of the same (even running) window is identical.
    @Test(arguments: StoreEngine.allCases) func exportsAreDeterministic(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        for format in HandoverFormat.allCases {
            let a = try service.export(shift: .id(Fixture.shiftID), format: format, lang: .zh, actor: "liuyang")
            let b = try service.export(shift: .id(Fixture.shiftID), format: format, lang: .zh, actor: "zhangmin",
                                       now: local("2027-01-01T00:00"))
            #expect(a.bytes == b.bytes, "\(format)")
        }
        // While the window runs, the clock inside it (not the export events) decides.
        fx.at("2026-11-22T03:10:20")
        let running1 = try service.document(shift: .current, format: .json, lang: .en)
        _ = try service.export(shift: .current, format: .json, lang: .en, actor: "liuyang")
        fx.at("2026-11-22T03:10:50")
        let running2 = try service.document(shift: .current, format: .json, lang: .en)
        #expect(running1 == running2)
        let json = try JSONParser.parse(String(decoding: running2, as: UTF8.self))
        #expect(json["window"]?["as_of"]?.string == local("2026-11-22T03:10").iso)
        #expect(json["window"]?["shift_id"]?.string == Fixture.shiftID)
    }
}

@Suite struct RenderingTests {
    @Test(arguments: StoreEngine.allCases) func hostileTextNeverReachesAnyFormat(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        for format in HandoverFormat.allCases {
            for lang in Language.allCases {
                let bytes = try service.document(shift: .id(Fixture.shiftID), format: format, lang: lang, now: fx.clock.now)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!bytes.contains(0x1B), "\(format) \(lang) contains ESC")
                #expect(!bytes.contains(0x07), "\(format) \(lang) contains BEL")
                #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) }, "\(format) \(lang) contains a C1 control")
                #expect(!text.contains("pwned"), "\(format) \(lang) leaks the OSC payload")
                #expect(text.contains("疑似食物中毒"), "\(format) \(lang) lost the visible text")
            }
        }
    }

    /// A megabyte title that reached the store before it capped titles is still capped in every format.
    @Test(arguments: StoreEngine.allCases) func hugeStoredTitlesAreCappedInTheHandover(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        _ = try fx.store.write { c in
            try c.run("UPDATE incidents SET title = ? WHERE title LIKE '%疑似食物中毒%'", [.text("疑似食物中毒" + String(repeating: "长", count: 1 << 20))])
        }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        for format in HandoverFormat.allCases {
            let bytes = try service.document(shift: .id(Fixture.shiftID), format: format, lang: .zh, now: fx.clock.now)
            #expect(bytes.count < 64 * 1024, "\(format): \(bytes.count) bytes")
            #expect(String(decoding: bytes, as: UTF8.self).contains("已截断 truncated"), "\(format)")
        }
    }

    @Test(arguments: StoreEngine.allCases) func csvStartsWithBOMAndKeepsIDsAsText(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        let bytes = try service.document(shift: .id(Fixture.shiftID), format: .csv, lang: .zh, now: fx.clock.now)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.contains("\"\t20261120000011\""))
        #expect(text.contains("\"\t990102001003002\""))
        #expect(text.contains("\r\n"))
        #expect(CSVRenderer.field("=1+2", forceText: false) == "\"\t=1+2\"")
        #expect(CSVRenderer.field("a,\"b\"", forceText: false) == "\"a,\"\"b\"\"\"")
    }

    @Test func markdownAndHTMLEscape() {
        #expect(MarkdownRenderer.escape("a|b*c_<x>") == "a\\|b\\*c\\_\\<x\\>")
        #expect(HTMLRenderer.escape("<script>\"&'") == "&lt;script&gt;&quot;&amp;&#39;")
    }

    @Test func latencyUsesNearestRank() {
        let l = HandoverReport.LatencyStats(samples: [300, 60, 240, 2400, 120, 180, 600, 90, 30, 45])
        #expect(l.count == 10)
        #expect(l.medianSeconds == 120)
        #expect(l.p90Seconds == 600)
        #expect(HandoverReport.LatencyStats(samples: []).medianSeconds == nil)
    }
}

@Suite struct AlertRollupTests {
    /// Whole hours come from the rollup, partial hours from the events: any window sums like the raw events do.
    @Test(arguments: [("2026-11-21T20:00", "2026-11-22T08:00"), ("2026-11-21T20:30", "2026-11-22T01:30"),
                      ("2026-11-21T20:30", "2026-11-22T00:59"), ("2026-11-21T21:00", "2026-11-21T21:01"),
                      ("2026-11-22T00:10", "2026-11-22T00:50"), ("2026-11-21T18:00", "2026-11-22T09:00")])
    func windowSumsMatchTheEvents(since: String, until: String) throws {
        let fx = try Fixture()
        defer { fx.remove() }
        let w = HandoverWindow(since: local(since), until: local(until))
        let report = try HandoverBuilder(settings: fx.settings).build(store: fx.store, window: w, now: fx.clock.now)
        let raw = try fx.store.withConnection {
            try $0.scalarInt("""
                SELECT COALESCE(SUM(COALESCE(data->>'$.delta', 1)), 0) FROM events WHERE entity_kind='alert'
                AND topic IN ('alert.raised','alert.updated','alert.reopened') AND at >= ? AND at < ?
                """, [.int(w.since.milliseconds), .int(w.until.milliseconds)]) ?? -1
        }
        #expect(Int64(report.alerts.observations) == raw)
    }
}
