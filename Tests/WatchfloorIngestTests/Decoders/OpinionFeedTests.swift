import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// The public-opinion decoders on third-party feeds, the sample county's feeds, and hostile input.
@Suite struct OpinionFeedTests {
    static let received = ISOTime.parse("2026-11-22T08:00:00+08:00")!
    let context = DecodeContext(sourceName: "feeds", receivedAt: OpinionFeedTests.received)

    func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/feeds/gofeed/\(name)")))
    }

    func posts(_ r: DecodeResult) -> [Post] { r.records.compactMap { if case .post(let p) = $0 { p } else { nil } } }

    @Test func thirdPartyFeedsOfEveryFlavourDecode() throws {
        let cases: [(String, String)] = [
            ("rss_channel_item_description_escaped_markup.xml", "Item Description"),
            ("rss_channel_item_description_cdata_escaped_markup.xml", "<p>Item Description</p>"),   // escaped twice: text, not markup
            ("rdf_item_description_escaped_markup.xml", "Item Description"),
            ("atom10_feed_entry_content_html_escaped_markup.xml", "Entry Content"),
            ("atom10_feed_entry_content_xhtml_inline_markup.xml", "Entry Content"),
            ("issue_303_encoded_no_namespace.xml", "First"),   // <encoded> outside the content: namespace is not the body
        ]
        for (file, text) in cases {
            let r = FeedDecoder().decode(document: try fixture(file), name: file, context: context)
            #expect(r.rejections.isEmpty, "\(file): \(r.rejections)")
            let p = try #require(posts(r).first, "\(file)")
            #expect(p.text == text, "\(file)")
            #expect(p.publishedAt == Self.received, "\(file): undated items take the time they were received")
            #expect(p.platform == "feeds")
        }
        let rdf = try #require(posts(FeedDecoder().decode(document: try fixture("rdf_item_description_escaped_markup.xml"), name: "rdf", context: context)).first)
        #expect(rdf.url == "http://example.org/entry/1")
        // Atom 0.3 with an RFC 822 date in <updated>, and no text at all: rejected with the reason.
        let atom03 = FeedDecoder().decode(document: try fixture("atom03_feed_entry_updated.xml"), name: "atom03", context: context)
        #expect(atom03.records.isEmpty)
        #expect(atom03.rejections.first?.reason == "item has neither a title nor a description")
        #expect(FeedDate.parse("Sun, 06 Jul 2014 12:56:00 GMT", defaultOffsetSeconds: 0)?.iso.hasPrefix("2014-07-06T12:56:00") == true)
    }

    @Test func theSampleCountyFeedKeepsLinksAsTextAndDropsScripts() throws {
        let bytes = [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("sampledata/feeds/opinion/yunling-news.rss")))
        let r = FeedDecoder().decode(document: bytes, name: "yunling-news.rss", context: DecodeContext(sourceName: "rss"))
        #expect(r.rejections.isEmpty)
        let items = posts(r)
        #expect(items.count == 8)
        #expect(items.allSatisfy { $0.platform == "云岭融媒" && $0.author == "云岭县融媒体中心" })
        let clarification = try #require(items.first { $0.title?.contains("石门水库") == true })
        #expect(clarification.text.contains("石门水库运行正常"))
        #expect(clarification.text.contains("县水务局通报 (https://yunling-news.example/2026/11/shimen)"))
        #expect(!clarification.text.contains("track("))
        #expect(!clarification.text.contains("<"))
        #expect(clarification.postID == "yunling-news-2026-11-001")
        #expect(clarification.publishedAt == ISOTime.parse("2026-11-21T01:30:00+08:00"))
    }

    @Test func hostileHTMLIsReducedSafely() {
        let bomb = String(repeating: "&amp;amp;", count: 10_000)
        #expect(!HTMLText.text(bomb).contains("&amp;amp;&amp;"))   // decoded once, never recursively
        #expect(HTMLText.text("&amp;lt;script&amp;gt;") == "&lt;script&gt;")
        let nested = String(repeating: "<div><span>", count: 40_000) + "深" + String(repeating: "</span></div>", count: 40_000)
        #expect(HTMLText.text(nested) == "深")
        #expect(HTMLText.text("<p onclick=\"x()\">水库<script>alert('>')</script><style>p{}</style><!-- <b>hidden</b> -->决堤</p>") == "水库决堤")
        #expect(HTMLText.text("<a href=\"javascript:alert(1)\">点我</a> <a href='https://a.example/x'>原文</a>") == "点我 原文 (https://a.example/x)")
        #expect(HTMLText.text("\u{1B}]0;pwned\u{07}标题\u{1B}[2J&#27;[31m") == "标题")   // an escape spelled as an entity is removed too
        #expect(HTMLText.text("unclosed <b tag and < bare") == "unclosed")  // an unclosed tag swallows the rest, never leaks markup
        let huge = String(repeating: "字", count: 2_000_000)
        let cut = HTMLText.text(huge)
        #expect(cut.hasSuffix("…") && cut.count <= HTMLText.maxCharacters + 1)
    }

    @Test func badDocumentsAreRejectedWithAReasonAndGoodItemsLand() {
        func decode(_ s: String) -> DecodeResult { FeedDecoder().decode(document: Array(s.utf8), name: "f", context: DecodeContext(sourceName: "f")) }
        let dtd = decode("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaa\">]><rss><channel><item><title>&a;</title></item></channel></rss>")
        #expect(dtd.records.isEmpty && dtd.rejections.first?.reason.contains("not a well-formed feed") == true)
        #expect(decode("<html><body>not a feed</body></html>").rejections.first?.reason.contains("is not <rss>") == true)
        let mixed = decode("""
            <rss version="2.0"><channel><title>县新闻</title>
            <item><title>一</title><pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate></item>
            <item><title>二</title><pubDate>yesterday-ish</pubDate></item>
            <item><title>三</title></item>
            <item><pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate></item>
            </channel></rss>
            """)
        #expect(posts(mixed).map(\.text) == ["一"])
        #expect(mixed.rejections.map(\.reason) == ["item date 'yesterday-ish' is neither RFC 822 nor ISO 8601",
                                                   "item has no date (pubDate/published/updated)",
                                                   "item has neither a title nor a description"])
        var invalid = Array("<rss><channel><item><title>坏</title></item></channel></rss>".utf8)
        invalid.insert(0xFF, at: 25)
        #expect(FeedDecoder().decode(document: invalid, name: "f", context: context).rejections.first?.reason.contains("invalid UTF-8") == true)
    }

    @Test func aGBKFeedWithADeclaredEncodingIsConverted() throws {
        var doc = Array("<?xml version=\"1.0\" encoding=\"GBK\"?><rss version=\"2.0\"><channel><title>".utf8)
        doc += [0xd4, 0xc6, 0xc1, 0xeb, 0xc8, 0xda, 0xc3, 0xbd]                       // 云岭融媒
        doc += Array("</title><item><title>".utf8)
        doc += [0xca, 0xaf, 0xc3, 0xc5, 0xcb, 0xae, 0xbf, 0xe2, 0xbe, 0xf6, 0xb5, 0xcc]   // 石门水库决堤
        doc += Array("</title><pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate></item></channel></rss>".utf8)
        let p = try #require(posts(FeedDecoder().decode(document: doc, name: "gbk.rss", context: context)).first)
        #expect(p.platform == "云岭融媒")
        #expect(p.text == "石门水库决堤")
    }

    @Test func nativePostRecordsAndTheirErrors() {
        func decode(_ line: String) -> DecodeResult {
            Array(line.utf8).withUnsafeBytes { NativeJSONLDecoder().decode(line: $0, position: "line 1", context: DecodeContext()) }
        }
        let ok = decode(#"{"kind":"post","platform":"weibo","author":"网友","text":"水库决堤 😱","url":"https://weibo.example/1","published_at":"2026-11-21T10:00:00+08:00","reposts":3,"comments":2,"likes":1,"grid_id":"990102002002","repost_of":"w0"}"#)
        let p = try? #require(posts(ok).first)
        #expect(p?.postID == "https://weibo.example/1")
        #expect(p?.engagement == 3 * 2 + 2 * 2 + 0)
        #expect(p?.repostOf == "w0")
        #expect(decode(#"{"kind":"post","platform":"weibo","published_at":"2026-11-21T10:00:00+08:00"}"#).rejections.first?.reason == "missing required field 'text'")
        #expect(decode(#"{"kind":"post","platform":"weibo","text":"x","published_at":"2026-11-21T10:00:00+08:00","likes":-1}"#).rejections.first?.reason == "field 'likes' must not be negative, got -1")
        #expect(decode(#"{"kind":"post","platform":"weibo","text":"x","published_at":"2026-11-21T10:00:00+08:00","grid_id":"石门村"}"#).rejections.first?.reason.contains("grid code") == true)
        // Without id or url the id is a stable hash of the content: a re-sent line is the same post.
        let a = posts(decode(#"{"kind":"post","platform":"weibo","text":"同一条","published_at":"2026-11-21T10:00:00+08:00"}"#)).first?.postID
        let b = posts(decode(#"{"kind":"post","platform":"weibo","text":"同一条","published_at":"2026-11-21T10:00:00+08:00"}"#)).first?.postID
        #expect(a != nil && a == b)
    }

    @Test func theMonitoringCSVExportUsesTheColumnMapping() throws {
        let bytes = [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("sampledata/feeds/opinion/monitor-export.posts.csv")))
        let r = PostCSVDecoder().decode(document: bytes, name: "export.csv", context: DecodeContext(sourceName: "monitor"))
        #expect(r.rejections.isEmpty)
        #expect(posts(r).count == 30)
        #expect(posts(r).allSatisfy { $0.platform == "今日头条" && $0.postID.hasPrefix("JK") })
        let csv = "编号,平台,作者,正文,发布时间,转发数,点赞数\r\n1,weibo,甲,水库决堤,2026/11/21 10:00:00,12,1.2万\r\n2,weibo,乙,,2026/11/21 10:00:00,1,1\r\n3,weibo,丙,塌方,2026/11/21 10:00:00,很多,1\r\n"
        let m = PostCSVDecoder().decode(document: Array(csv.utf8), name: "x.csv", context: DecodeContext(sourceName: "m"))
        #expect(posts(m).first?.likes == 12_000)
        #expect(m.rejections.map(\.reason) == ["row 2: missing 正文", "row 3: 转发数 '很多' is not a count"])
        var custom = PipelineConfig().context(source: "m", receivedAt: nil)
        custom.postCSV.text = ["帖子内容"]
        #expect(PostCSVDecoder().decode(document: Array(csv.utf8), name: "x.csv", context: custom).rejections.first?.reason.contains("no text column") == true)
    }

    @Test func opinionSettingsAreReadFromTheDaemonSection() throws {
        let toml = try TOML.parse("""
            [daemon.opinion]
            thresholds = [10, 20, 30, 40]
            hamming_threshold = 9
            exclude = ["彩排"]
            [daemon.opinion.watch]
            natural_disaster = ["溃堤"]
            campus = ["校园霸凌"]
            [daemon.opinion.places]
            "石门水库" = "990102002002"
            [daemon.opinion.csv]
            text = ["帖子内容"]
            """)
        let c = try DaemonConfig.parse(toml, baseDirectory: "/tmp")
        #expect(c.pipeline.opinion.thresholds == HeatThresholds(four: 10, three: 20, two: 30, one: 40))
        #expect(c.pipeline.opinion.clustering.threshold == 9)
        #expect(c.pipeline.opinion.rules.exclusions == ["彩排"])
        #expect(c.pipeline.opinion.rules.categories.first { $0.name == "natural_disaster" }?.words.contains("溃堤") == true)
        #expect(c.pipeline.opinion.rules.categories.last?.name == "campus")
        #expect(c.pipeline.opinion.rules.places.map(\.gridID) == ["990102002002"])
        #expect(c.pipeline.postCSV.text == ["帖子内容"])
        #expect(throws: DaemonConfig.ConfigError.self) { try DaemonConfig.parse(try TOML.parse("[daemon.opinion]\nthresholds = [3, 2, 1, 0]"), baseDirectory: "/") }
        #expect(throws: DaemonConfig.ConfigError.self) { try DaemonConfig.parse(try TOML.parse("[daemon.opinion]\nthreshold = 1"), baseDirectory: "/") }
    }

    @Test func postsGoThroughThePipelineExactlyOnceWithDeadLetters() throws {
        let t = try TempStore()
        let pipeline = try IngestPipeline(store: t.store, config: PipelineConfig())
        let lines = """
            {"kind":"post","platform":"weibo","id":"1","text":"石门水库决堤","published_at":"2026-11-21T10:00:00+08:00"}
            {"kind":"post","platform":"weibo","id":"2","published_at":"2026-11-21T10:00:00+08:00"}
            {"kind":"post","platform":"weibo","id":"1","text":"石门水库决堤","published_at":"2026-11-21T10:00:00+08:00","likes":10}

            """
        try pipeline.ingestNow([IngestUnit(source: "posts", format: .jsonl, payload: .lines(Array(lines.utf8), firstLine: 1, baseOffset: 0), origin: "p.jsonl")])
        try pipeline.ingestNow([IngestUnit(source: "posts", format: .jsonl, payload: .lines(Array(lines.utf8), firstLine: 1, baseOffset: 0), origin: "p.jsonl")])
        #expect(try t.int("SELECT COUNT(*) FROM opinion_posts") == 1)
        #expect(try t.int("SELECT likes FROM opinion_posts") == 10)
        #expect(try t.int("SELECT COUNT(*) FROM dead_letters WHERE reason = 'missing required field ''text'''") == 2)
        #expect(SpoolSource.format(forFileName: "county.rss") == .feed)
        #expect(SpoolSource.format(forFileName: "x.atom.xml") == .feed)
        #expect(SpoolSource.format(forFileName: "export.posts.csv") == .postCSV)
        #expect(SpoolSource.format(forFileName: "12345.csv") == .hotlineCSV)
    }
}
