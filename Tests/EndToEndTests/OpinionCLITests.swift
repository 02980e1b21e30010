import Foundation
import Testing
import WatchfloorCore

/// The sample county's public-opinion feeds through `watchfloor ingest`, then the topic workflow as a script would
/// drive it: `opinion list/show --json`, each step, a lost race (exit 3), and the raised incident's detail.
@Suite struct OpinionCLITests {
    let watchfloor = Binaries.path("watchfloor")

    @Test func sampleFeedsToTopicsIncidentsAndTheWorkflow() throws {
        let dir = temporaryDirectory("opinion-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let sample = Binaries.packageRoot.appendingPathComponent("sampledata").path
        func wf(_ args: [String], as who: String = "wangwei") throws -> ProcessResult { try run(watchfloor, args + ["--db", db, "--operator", who]) }
        #expect(try wf(["ingest", sample + "/county.jsonl"]).status == 0)
        let ingest = try wf(["ingest", sample + "/feeds/opinion/posts.jsonl", "--json"])
        #expect(ingest.status == 0)
        #expect(try wf(["ingest", "--format", "rss", sample + "/feeds/opinion/yunling-news.rss"]).status == 0)
        #expect(try wf(["ingest", "--format", "post-csv", sample + "/feeds/opinion/monitor-export.posts.csv"]).status == 0)

        let topics = try JSONParser.parse(try wf(["opinion", "list", "--all", "--json"]).stdout).array ?? []
        #expect(topics.count >= 15)
        let hottest = try #require(topics.first)
        #expect(hottest["category"]?.string == "natural_disaster")   // the reservoir rumour
        #expect(hottest["grid_id"]?.string == "990102002002")
        let id = try #require(hottest["id"]?.string)
        let incident = try #require(hottest["incident_id"]?.string)
        #expect((hottest["posts"]?.int ?? 0) >= 60)
        // It cooled: the clarification came and the rumour stopped.
        #expect((hottest["heat_now"]?.double ?? 999) < (hottest["peak_heat"]?.double ?? 0))

        let shown = try JSONParser.parse(try wf(["opinion", "show", id, "--json"]).stdout)
        let posts = shown["posts_list"]?.array ?? []
        #expect(posts.contains { $0["author"]?.string == "云岭发布" })
        #expect(posts.allSatisfy { $0["url"]?.string?.hasPrefix("https://") ?? true })
        let text = try wf(["opinion", "show", id, "--lang", "zh"]).stdout
        #expect(text.contains("帖文") && text.contains("https://"))
        #expect(!text.contains("\u{1B}"))

        let detail = try JSONParser.parse(try wf(["show", incident, "--json"]).stdout)
        #expect(detail["category"]?.string == "public_opinion")
        #expect(detail["detail"]?.string?.contains("热门帖文") == true)

        #expect(try wf(["opinion", "assess", id, "--note", "核实中"]).status == 0)
        let version = try JSONParser.parse(try wf(["opinion", "show", id, "--json"]).stdout)["version"]?.int ?? 0
        let responded = try JSONParser.parse(try wf(["opinion", "respond", id, "--channel", "云岭发布官方微博",
                                                     "--text", "经核实，石门水库运行正常，网传决堤系谣言。", "--json",
                                                     "--expect-version", String(version)]).stdout)
        #expect(responded["status"]?.string == "responding")
        let late = try wf(["opinion", "respond", id, "--channel", "x", "--text", "y", "--expect-version", String(version)], as: "lina")
        #expect(late.status == 3 && late.stderr.contains("wangwei"))
        #expect(try wf(["opinion", "close", id]).status == 4)          // refused by rule: responding cannot close, monitor first
        #expect(try wf(["opinion", "monitor", id]).status == 0)
        #expect(try wf(["opinion", "close", id]).status == 0)
        let final = try JSONParser.parse(try wf(["opinion", "show", id, "--json"]).stdout)
        #expect(final["status"]?.string == "closed")
        #expect(final["responses"]?.array?.first?["channel"]?.string == "云岭发布官方微博")
        #expect(try wf(["opinion", "list", "--status", "bogus"]).status == 1)
        #expect(try wf(["audit", "verify"]).status == 0)
    }
}
