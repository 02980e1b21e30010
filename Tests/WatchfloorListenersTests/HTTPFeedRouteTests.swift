import Foundation
import Testing
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore
@testable import WatchfloorListeners

/// `POST /v1/records` with public-opinion feeds (RSS 2.0, RSS 1.0, Atom) and post CSV exports, sent with `curl`
/// as a monitoring service would: chosen by `?format=` or the Content-Type, through the same pipeline as native
/// records — stored once however often re-sent, bad documents dead-lettered, tokens limited to their kinds.
@Suite(.serialized) struct HTTPFeedRouteTests {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // WatchfloorListenersTests, Tests, file
        return url
    }()
    static func file(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }
    static let countyFeed = file("sampledata/feeds/opinion/yunling-news.rss")
    static let countyCSV = file("sampledata/feeds/opinion/monitor-export.posts.csv")
    static func gofeed(_ name: String) -> String { file("Tests/Fixtures/feeds/gofeed/\(name)") }

    static func post(_ url: String, file: String, type: String? = nil, token: String? = nil) throws -> (code: Int, body: String) {
        var args = ["--data-binary", "@" + file]
        if let type { args += ["-H", "Content-Type: \(type)"] }
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        return try HTTPListenerTests.curl(args + [url])
    }

    static func answer(_ body: String) -> [String: JSONValue] {
        Array(body.utf8).withUnsafeBytes { (try? JSONParser.parse($0))?.object } ?? [:]
    }

    func posts(_ rig: ListenerRig) -> Int64 { rig.int("SELECT COUNT(*) FROM opinion_posts") }

    @Test func anRSSFeedLandsByContentTypeOnceHoweverOftenItIsSent() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http())
        let url = "http://127.0.0.1:\(listener.port)/v1/records"
        let first = try Self.post(url, file: Self.countyFeed, type: "application/rss+xml; charset=utf-8")
        #expect(first.code == 200, "\(first.body)")
        let a = Self.answer(first.body)
        #expect(a["accepted"]?.int == 8 && a["kinds"]?.object?["post"]?.int == 8, "\(first.body)")
        #expect(posts(rig) == 8)
        #expect(rig.int("SELECT COUNT(*) FROM opinion_posts WHERE platform = '云岭融媒' AND post_id = 'yunling-news-2026-11-001'") == 1)
        // The same feed fetched again (as a poller does): the items are the same posts.
        let again = try Self.post(url, file: Self.countyFeed, type: "application/rss+xml")
        #expect(again.code == 200, "\(again.body)")
        #expect(posts(rig) == 8)
        #expect(rig.int("SELECT COUNT(*) FROM dead_letters") == 0)
    }

    @Test func everyFeedFlavourLandsByTheFormatParameter() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http())
        let base = "http://127.0.0.1:\(listener.port)/v1/records"
        // curl's default type (form-urlencoded) would mean native records; `format` says otherwise.
        let cases = [("rss_channel_item_description_escaped_markup.xml", "rss"), ("rdf_item_description_escaped_markup.xml", "rdf"),
                     ("atom10_feed_entry_content_html_escaped_markup.xml", "atom")]
        for (i, (name, format)) in cases.enumerated() {
            let r = try Self.post(base + "?format=\(format)", file: Self.gofeed(name))
            #expect(r.code == 200, "\(name): \(r.body)")
            #expect(posts(rig) == Int64(i + 1), "\(name)")
        }
        // Atom via its media type as well.
        let atom = try Self.post(base, file: Self.gofeed("atom10_feed_entry_content_xhtml_inline_markup.xml"), type: "application/atom+xml")
        #expect(atom.code == 200, "\(atom.body)")
        #expect(posts(rig) == 4)
    }

    @Test func aPostCSVExportLandsWithTheDefaultAndAConfiguredColumnMapping() throws {
        var config = PipelineConfig()
        // A platform whose export names its columns in its own way ([daemon.opinion.csv]).
        config.postCSV.text = ["帖文内容"]
        config.postCSV.publishedAt = ["抓取时间"]
        config.postCSV.id = ["序号"]
        config.postCSV.title = ["帖文标题"]
        let rig = try ListenerRig(pipeline: config)
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http())
        let url = "http://127.0.0.1:\(listener.port)/v1/records"
        let custom = rig.dir + "/custom.csv"
        try "序号,帖文内容,抓取时间\nX-1,城关镇路口积水严重 🌧️,2026-11-21 09:15:00\nX-2,\"含逗号, 和\"\"引号\"\"的帖子\",2026-11-21 09:16:00\n"
            .write(toFile: custom, atomically: true, encoding: .utf8)
        let r = try Self.post(url, file: custom, type: "text/csv")
        #expect(r.code == 200, "\(r.body)")
        #expect(posts(rig) == 2)
        #expect(rig.int("SELECT COUNT(*) FROM opinion_posts WHERE post_id = 'X-2' AND text = '含逗号, 和\"引号\"的帖子'") == 1)
        // The sample county's export uses headers the configured mapping does not know: refused whole, with the
        // reason, and kept as a dead letter.
        let unknown = try Self.post(url + "?format=post-csv", file: Self.countyCSV)
        #expect(unknown.code == 400 && unknown.body.contains("header has no text column"), "\(unknown.body)")
        #expect(rig.int("SELECT COUNT(*) FROM dead_letters") == 1)
        #expect(posts(rig) == 2)
    }

    @Test func theSampleExportLandsRowByRowAndBadRowsAreDeadLettered() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http())
        let url = "http://127.0.0.1:\(listener.port)/v1/records?format=csv"
        let r = try Self.post(url, file: Self.countyCSV)
        #expect(r.code == 200, "\(r.body)")
        #expect(posts(rig) == 30)
        let bad = rig.dir + "/bad.csv"
        try "编号,正文,发布时间,转发数\nB-1,好的一行,2026-11-21 10:00:00,3\nB-2,坏的时间,昨天下午,1\nB-3,坏的计数,2026-11-21 10:02:00,很多\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let mixed = try Self.post(url, file: bad)
        #expect(mixed.code == 400, "\(mixed.body)")
        let a = Self.answer(mixed.body)
        #expect(a["accepted"]?.int == 1 && a["rejected"]?.int == 2, "\(mixed.body)")
        #expect(posts(rig) == 31)
        #expect(rig.int("SELECT COUNT(*) FROM dead_letters") == 2)
    }

    @Test func aBrokenOrHostileFeedIsRefusedWithItsReasonAndNothingElseIsLost() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http())
        let url = "http://127.0.0.1:\(listener.port)/v1/records"
        let dtd = rig.dir + "/dtd.xml"
        try #"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>"#
            .write(toFile: dtd, atomically: true, encoding: .utf8)
        let refused = try Self.post(url, file: dtd, type: "application/xml")
        #expect(refused.code == 400 && refused.body.contains("not a well-formed feed"), "\(refused.body)")
        #expect(!refused.body.contains("root:"))
        let cut = rig.dir + "/cut.xml"
        let whole = try String(contentsOfFile: Self.countyFeed, encoding: .utf8)
        try String(whole.prefix(whole.count / 2)).write(toFile: cut, atomically: true, encoding: .utf8)
        #expect(try Self.post(url, file: cut, type: "application/rss+xml").code == 400)
        #expect(posts(rig) == 0)
        #expect(rig.int("SELECT COUNT(*) FROM dead_letters") == 2)
        // The next good feed on the same listener lands.
        #expect(try Self.post(url, file: Self.countyFeed, type: "application/rss+xml").code == 200)
        #expect(posts(rig) == 8)
        // An unknown format is named, nothing is decoded.
        let unknown = try Self.post(url + "?format=cap", file: Self.countyFeed)
        #expect(unknown.code == 400 && unknown.body.contains("jsonl, rss, post-csv"), "\(unknown.body)")
    }

    @Test func tokensLimitFeedsToSendersThatMayPostPosts() throws {
        let monitor = "wf_opinion_monitor_token"
        let tokens = HTTPListenerTests.tokens + [AccessToken(source: "opinion-monitor", kinds: ["post"], sha256: SHA256.hex(monitor))]
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(HTTPListenerTests.http(tokens: tokens))
        let url = "http://127.0.0.1:\(listener.port)/v1/records?format=rss"
        #expect(try Self.post(url, file: Self.countyFeed).code == 401)
        let fire = try Self.post(url, file: Self.countyFeed, token: HTTPListenerTests.fireToken)
        #expect(fire.code == 403 && fire.body.contains("may not send post records"), "\(fire.body)")
        #expect(posts(rig) == 0)
        let ok = try Self.post(url, file: Self.countyFeed, token: monitor)
        #expect(ok.code == 200, "\(ok.body)")
        #expect(posts(rig) == 8)
        #expect(rig.environment.metrics.value("http", .authForbiddenKind) == 1 && rig.environment.metrics.value("http", .authMissing) == 1)
    }

    @Test func theFormatComesFromTheParameterThenTheMediaType() throws {
        #expect(try RecordsBodyFormat.choose(format: nil, contentType: nil) == .jsonl)
        #expect(try RecordsBodyFormat.choose(format: nil, contentType: "application/x-www-form-urlencoded") == .jsonl)
        #expect(try RecordsBodyFormat.choose(format: nil, contentType: "application/x-ndjson") == .jsonl)
        #expect(try RecordsBodyFormat.choose(format: nil, contentType: "Application/RSS+XML ; charset=GBK") == .feed)
        #expect(try RecordsBodyFormat.choose(format: nil, contentType: "text/csv;charset=gb18030") == .postCSV)
        #expect(try RecordsBodyFormat.choose(format: "jsonl", contentType: "text/csv") == .jsonl)
        #expect(try RecordsBodyFormat.choose(format: "POST-CSV", contentType: nil) == .postCSV)
        #expect(throws: RecordsBodyFormat.UnknownFormat.self) { try RecordsBodyFormat.choose(format: "hotline-csv", contentType: nil) }
    }
}
