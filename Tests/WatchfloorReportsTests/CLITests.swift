import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorReports

/// Runs the built `watchfloor` binary against the fixture's store and settings.
struct CLI {
    let fixture: Fixture

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    func run(_ args: [String], operator op: String = "liuyang") throws -> Result {
        guard let binary = Paths.watchfloorBinary else {
            throw CLIMissing()
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        let sub = Array(args.prefix { !$0.hasPrefix("-") })
        let rest = Array(args.dropFirst(sub.count))
        p.arguments = sub + ["--db", fixture.dbPath, "--config", fixture.configPath, "--operator", op] + rest
        var env = ProcessInfo.processInfo.environment
        env["WATCHFLOOR_DB"] = nil; env["WATCHFLOOR_CONFIG"] = nil; env["WATCHFLOOR_OPERATOR"] = nil
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: [UInt8](o), stderr: String(decoding: e, as: UTF8.self))
    }

    func json(_ args: [String]) throws -> [JSONValue] {
        let r = try run(args)
        guard r.status == 0 else { throw CLIFailed(args: args, stderr: r.stderr) }
        return try JSONParser.parse(r.text).array ?? []
    }

    struct CLIMissing: Error, CustomStringConvertible {
        var description: String { "the watchfloor binary was not found next to the tests or in .build/debug (swift build first)" }
    }
    struct CLIFailed: Error, CustomStringConvertible {
        var args: [String]; var stderr: String
        var description: String { "watchfloor \(args.joined(separator: " ")) failed: \(stderr)" }
    }
}

@Suite(.serialized) struct CLIAgreementTests {
    /// The report's counts are what `watchfloor list … --json` shows for the same window.
    @Test(arguments: StoreEngine.allCases) func countsAgreeWithList(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        let report = try service.report(.id(Fixture.shiftID), now: fx.clock.now)
        let w = report.window
        let cli = CLI(fixture: fx)
        let window = ["--since", w.since.iso, "--until", w.until.iso, "--limit", "100000", "--json"]

        let reported = try cli.json(["list", "incidents"] + window)
        #expect(reported.count == report.totals.new)
        for row in report.byCategory {
            #expect(reported.filter { $0["category"]?.string == row.category.rawValue }.count == row.counts.new, "\(row.category)")
        }
        for row in report.byLevel {
            #expect(reported.filter { $0["level"]?.int == Int64(row.level.rawValue) }.count == row.counts.new, "\(row.level)")
        }

        // Nothing in the fixture was resolved after the window, so "open at the end" is today's open list up to then.
        let open = try cli.json(["list", "incidents", "--open", "--until", w.until.iso, "--limit", "100000", "--json"])
        #expect(open.count == report.totals.open)
        let major = open.filter { ($0["level"]?.int ?? 9) <= 2 }.compactMap { $0["id"]?.string }.sorted()
        #expect(major == report.openMajor.map(\.id).sorted())
        for status in [IncidentStatus.new, .acknowledged, .dispatched] {
            #expect(open.filter { $0["status"]?.string == status.rawValue }.count == report.openByStatus[status] ?? 0, "\(status)")
        }

        // Hotline: open cases received before the end, due before the next shift ends.
        let hotline = try cli.json(["list", "hotline", "--open", "--until", w.until.iso, "--limit", "100000", "--json"])
        let due = hotline.filter { h in
            guard let d = h["stage_due_at"]?.string.flatMap({ ISOTime.parse($0) }) else { return false }
            return d < w.nextUntil
        }.compactMap { $0["ticket"]?.string }
        #expect(due == report.hotlineDue.map(\.ticket))

        // Alerts that fired in the window are among those `list alerts` shows as active in it.
        let alerts = try cli.json(["list", "alerts"] + window)
        #expect(report.alerts.alerts <= alerts.count)
        #expect(report.alerts.alerts == 3)
    }
}

@Suite(.serialized) struct SignOverCLITests {
    @Test(arguments: StoreEngine.allCases) func exportVerifyTamperAccept(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let cli = CLI(fixture: fx)
        let file = fx.dir + "/handover.md"

        let export = try cli.run(["export", "handover", "--shift", Fixture.shiftID, "--lang", "zh", "-o", file])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.isEmpty)
        let bytes = try #require(FileManager.default.contents(atPath: file))
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("# 交接班报告 · 夜班 2026-11-21"))

        let ok = try cli.run(["handover", "verify", file])
        #expect(ok.status == 0, "\(ok.text)\(ok.stderr)")
        #expect(ok.text.contains("刘洋 (liuyang)"))
        #expect(ok.text.contains(Fixture.shiftID))

        // The exported event names the window, format, language, hash and actor.
        let events = try fx.store.withConnection { try EventLog.events($0, after: 0, limit: 100_000) }
        let exported = try #require(events.last { $0.topic == "handover.exported" })
        #expect(exported.entityKind == "handover")
        #expect(exported.entityID == Fixture.shiftID)
        #expect(exported.actor == "liuyang")
        #expect(exported.hash != nil)
        let data = try JSONParser.parse(exported.data)
        #expect(data["sha256"]?.string == SHA256.hexDigest([UInt8](bytes)))
        #expect(data["format"]?.string == "md")
        #expect(data["lang"]?.string == "zh")
        #expect(data["window"]?["shift_id"]?.string == Fixture.shiftID)

        // One byte changed: verify fails, accept refuses.
        var edited = [UInt8](bytes)
        edited[edited.count / 2] ^= 0x01
        let tampered = fx.dir + "/tampered.md"
        try Data(edited).write(to: URL(fileURLWithPath: tampered))
        let bad = try cli.run(["handover", "verify", tampered])
        #expect(bad.status == 1)
        #expect(bad.text.contains("NOT VERIFIED"))
        let refused = try cli.run(["handover", "accept", tampered], operator: "wangwei")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("never exported"))

        // The incoming lead accepts: an audited event with the file's hash.
        let accepted = try cli.run(["handover", "accept", file, "--json"], operator: "wangwei")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let after = try fx.store.withConnection { try EventLog.events($0, after: 0, limit: 100_000) }
        let acc = try #require(after.last { $0.topic == "handover.accepted" })
        #expect(acc.actor == "wangwei")
        #expect(acc.hash != nil)
        #expect(try JSONParser.parse(acc.data)["sha256"]?.string == SHA256.hexDigest([UInt8](bytes)))
        let again = try cli.run(["handover", "accept", file], operator: "wangwei")
        #expect(again.status == 0)
        #expect(again.text.contains("already accepted"))
        #expect(try fx.store.withConnection { try EventLog.events($0, after: 0, limit: 100_000) }.filter { $0.topic == "handover.accepted" }.count == 1)

        let verified = try cli.run(["handover", "verify", file, "--json"])
        #expect(verified.status == 0)
        let v = try JSONParser.parse(verified.text)
        #expect(v["ok"]?.bool == true)
        #expect(v["acceptances"]?.array?.first?["actor"]?.string == "wangwei")

        let audit = try cli.run(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.text)")
    }

    @Test(arguments: StoreEngine.allCases) func stdoutExportIsRecordedAndDeterministic(engine: StoreEngine) throws {
        let fx = try Fixture(engine: engine)
        defer { fx.remove() }
        let cli = CLI(fixture: fx)
        let args = ["export", "handover", "--shift", Fixture.shiftID, "--format", "csv", "--lang", "en"]
        let a = try cli.run(args), b = try cli.run(args, operator: "wangwei")
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(Array(a.stdout.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let file = fx.dir + "/h.csv"
        try Data(a.stdout).write(to: URL(fileURLWithPath: file))
        let v = try cli.run(["handover", "verify", file, "--json"])
        #expect(v.status == 0)
        #expect(try JSONParser.parse(v.text)["exports"]?.array?.count == 2)

        let badShift = try cli.run(["export", "handover", "--shift", "2026-11-21-lunch"])
        #expect(badShift.status == 1)
        #expect(badShift.stderr.contains("unknown shift"))
        let window = try cli.run(["export", "handover", "--since", "2026-11-21T20:00:00+08:00", "--until",
                                  "2026-11-22T08:00:00+08:00", "--format", "json"])
        #expect(window.status == 0)
        #expect(try JSONParser.parse(window.text)["window"]?["shift_id"]?.isNull == true)
    }
}
