import Foundation
import Testing
import WatchfloorCore
#if canImport(Glibc)
import Glibc
#endif

/// Public-opinion feeds through the running daemon, from every kind of source: an RSS feed and a monitoring CSV
/// dropped into the spool, post lines appended to a tailed file, and posts POSTed with curl to /v1/records.
@Suite struct OpinionDaemonTests {
    @Test func postsArriveFromTheSpoolTheTailAndHTTPExactlyOnce() throws {
        let http = DaemonHarness.freePort()
        let d = try DaemonProcess { dir in
            try? FileManager.default.createDirectory(atPath: dir + "/spool", withIntermediateDirectories: true)
            return """
                [daemon]
                [[daemon.spool]]
                name = "spool"
                path = "spool"
                poll_ms = 20
                [[daemon.tail]]
                name = "posts"
                path = "\(dir)/posts.jsonl"
                format = "jsonl"
                poll_ms = 10
                [daemon.http]
                port = \(http)
                """
        }
        let line = { (i: Int) in
            "{\"kind\":\"post\",\"platform\":\"weibo\",\"id\":\"t\(i)\",\"text\":\"网传青石镇石门村水库决堤，下游被淹 \(i)\",\"published_at\":\"2026-11-21T10:0\(i):00+08:00\",\"reposts\":50}\n"
        }
        try (0..<3).map(line).joined().write(toFile: d.dir + "/posts.jsonl", atomically: false, encoding: .utf8)
        try d.start()
        let sample = Binaries.packageRoot.appendingPathComponent("sampledata/feeds/opinion").path
        for name in ["yunling-news.rss", "monitor-export.posts.csv"] {
            try FileManager.default.copyItem(atPath: "\(sample)/\(name)", toPath: d.dir + "/spool/\(name).tmp")
            #expect(rename(d.dir + "/spool/\(name).tmp", d.dir + "/spool/\(name)") == 0)
        }
        let curl = try #require(DaemonHarness.which("curl"), "curl is needed")
        let body = line(3) + line(4) + "{\"kind\":\"post\",\"platform\":\"weibo\"}\n"
        let (_, answer, _) = try DaemonHarness.run(curl, ["-s", "-w", "\\n%{http_code}", "--data-binary", "@-", "http://127.0.0.1:\(http)/v1/records"],
                                                   stdin: Data(body.utf8))
        #expect(answer.hasSuffix("400") && answer.contains("\"accepted\":2") && answer.contains("missing required field 'text'"))
        // The same posts again over HTTP: counted once.
        _ = try DaemonHarness.run(curl, ["-s", "--data-binary", "@-", "http://127.0.0.1:\(http)/v1/records"], stdin: Data((line(3) + line(4)).utf8))
        let expected: Int64 = 5 + 8 + 30
        let landed = try DaemonHarness.waitUntil(30) { try d.scalar("SELECT COUNT(*) FROM opinion_posts") == expected }
        let count = try d.scalar("SELECT COUNT(*) FROM opinion_posts")
        #expect(landed, "posts: \(count); log:\n\(d.logText)")
        #expect(try d.scalar("SELECT COUNT(*) FROM opinion_posts WHERE platform='云岭融媒'") == 8)
        #expect(try d.scalar("SELECT COUNT(*) FROM opinion_posts WHERE platform='今日头条'") == 30)
        #expect(try d.scalar("SELECT MAX(posts) FROM opinion_topics WHERE category='natural_disaster'") >= 5)
        #expect(try d.scalar("SELECT COUNT(*) FROM dead_letters") == 1)
        #expect(d.terminate() == 0)
    }
}
