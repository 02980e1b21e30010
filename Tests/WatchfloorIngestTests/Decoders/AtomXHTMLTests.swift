import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Atom `type="xhtml"` content is XML mixed content: text runs between child elements. It must read in document
/// order (`一<b>二</b>三`, never `一三 二`), with the XML's entities decoded exactly once, CDATA as literal text, and
/// markup inside it reduced like any feed HTML (scripts dropped, links kept as text).
@Suite struct AtomXHTMLTests {
    static let received = ISOTime.parse("2026-11-22T08:00:00+08:00")!
    let context = DecodeContext(sourceName: "feeds", receivedAt: AtomXHTMLTests.received)

    func entry(_ content: String, tag: String = "content") -> Post? {
        let doc = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>县融媒</title>
            <entry><id>e1</id><title>标题</title><updated>2026-11-21T10:00:00+08:00</updated>
            <\(tag) type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\(content)</div></\(tag)>
            </entry></feed>
            """
        let r = FeedDecoder().decode(document: Array(doc.utf8), name: "atom", context: context)
        return r.records.compactMap { if case .post(let p) = $0 { p } else { nil } }.first
    }

    @Test func theParserKeepsWhereEachChildStoodInTheText() throws {
        let root = try XMLParser.parse(Array("<p>一<b>二</b>三<i>四<u>五</u>六</i>七<br/></p>".utf8))
        #expect(root.text == "一三七")
        #expect(root.mixedContent == [.text("一"), .element(root.children[0]), .text("三"), .element(root.children[1]),
                                      .text("七"), .element(root.children[2])])
        let inner = root.children[1]
        #expect(inner.mixedContent.count == 3)
        #expect(inner.mixedContent.first == .text("四") && inner.mixedContent.last == .text("六"))
        // An element built by hand (no offsets) lists its text first, then its children.
        let byHand = XMLElement(qualifiedName: "p", localName: "p", namespace: nil, attributes: [:],
                                children: [XMLElement.empty], text: "t", line: 1)
        #expect(byHand.mixedContent == [.text("t"), .element(XMLElement.empty)])
    }

    @Test func textBetweenInlineElementsKeepsDocumentOrder() {
        #expect(entry("石门水库<b>运行正常</b>，网传<em>决堤</em>系谣言。")?.text == "石门水库运行正常，网传决堤系谣言。")
        #expect(entry("a<span>b<i>c<b>d</b>e</i>f</span>g")?.text == "abcdefg")
        #expect(entry("<p>第一段<b>加粗</b>尾</p><p>第二段</p>")?.text == "第一段加粗尾\n第二段")
        #expect(entry("县水务局<a href=\"https://yunling.example/n?a=1&amp;b=2\">通报</a>：已核实")?.text
                == "县水务局通报 (https://yunling.example/n?a=1&b=2)：已核实")
        #expect(entry("见图<img src=\"x.png\" alt=\"现场\"/>后续")?.text == "见图 [现场] 后续")
    }

    @Test func entitiesAreDecodedOnceAndCDATAIsLiteralText() {
        #expect(entry("R&amp;D 与 &lt;b&gt; 标签 &#x6C34;&#24211;")?.text == "R&D 与 <b> 标签 水库")
        #expect(entry("&amp;lt;不会再解码&amp;gt;")?.text == "&lt;不会再解码&gt;")
        #expect(entry("前<![CDATA[<script>x</script> & 中]]><b>后</b>")?.text == "前<script>x</script> & 中后")
        #expect(entry("一<!-- 注释 <b>不见</b> -->二<?pi data?>三")?.text == "一二三")
    }

    @Test func hostileMarkupInsideXHTMLIsReduced() {
        #expect(entry("水库<script>alert('>')</script><style>p{}</style>决堤")?.text == "水库决堤")
        #expect(entry("<a href=\"javascript:alert(1)\">点我</a>看")?.text == "点我看")
        #expect(entry("<p onclick=\"x()\" title=\"&quot;&gt;&lt;script&gt;\">正文</p>")?.text == "正文")
        // Escapes are not XML characters, raw or as references: the document is refused with the parser's reason.
        for hostile in ["控制&#x1B;[31m字符", "控制\u{1B}]0;x\u{07}字符"] {
            let doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>x</id><content type=\"xhtml\"><div>\(hostile)</div></content></entry></feed>"
            let r = FeedDecoder().decode(document: Array(doc.utf8), name: "atom", context: context)
            #expect(r.records.isEmpty && r.rejections.first?.reason.contains("not a well-formed feed") == true, "\(r.rejections)")
        }
        let deep = String(repeating: "<span>", count: 40) + "深" + String(repeating: "</span>", count: 40)
        #expect(entry("前" + deep + "后")?.text == "前深后")
        let tooDeep = String(repeating: "<span>", count: XMLParser.maxDepth) + "深" + String(repeating: "</span>", count: XMLParser.maxDepth)
        #expect(entry(tooDeep) == nil)   // beyond the parser's depth limit the feed is refused, never a crash
        // Entities bombs need a DTD, which the parser refuses: the whole feed is rejected with the reason.
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaa\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\"><div>&a;</div></content></entry></feed>"
        let r = FeedDecoder().decode(document: Array(bomb.utf8), name: "bomb", context: context)
        #expect(r.records.isEmpty && r.rejections.first?.reason.contains("not a well-formed feed") == true)
    }

    @Test func titlesAndSummariesInXHTMLKeepOrderToo() {
        let doc = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>t</id><updated>2026-11-21T10:00:00+08:00</updated>
            <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">青石镇<b>石门村</b>通报</div></title>
            <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">道路<i>已</i>恢复</div></summary></entry></feed>
            """
        let r = FeedDecoder().decode(document: Array(doc.utf8), name: "atom", context: context)
        let p = r.records.compactMap { if case .post(let p) = $0 { p } else { nil } }.first
        #expect(p?.title == "青石镇石门村通报")
        #expect(p?.text == "道路已恢复")
    }

    @Test func vendoredXHTMLFeedsDecode() throws {
        func fixture(_ name: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/feeds/gofeed/\(name)")))
        }
        let cases: [(String, String)] = [
            ("atom10_feed_entry_content_xhtml_inline_markup.xml", "Entry Content"),
            // Markup escaped inside XHTML is text the author wrote, not markup: it stays as written.
            ("atom10_feed_entry_content_xhtml_escaped_markup.xml", "<p>Entry Content</p>"),
            ("atom10_feed_entry_summary_xhtml_inline_markup.xml", "Entry Summary"),
            ("atom10_feed_entry_title_xhtml_inline_markup.xml", "Entry Title"),
        ]
        for (file, text) in cases {
            let r = FeedDecoder().decode(document: try fixture(file), name: file, context: context)
            #expect(r.rejections.isEmpty, "\(file): \(r.rejections)")
            let p = try #require(r.records.compactMap { if case .post(let p) = $0 { p } else { nil } }.first, "\(file)")
            #expect(p.text == text, "\(file)")
        }
    }
}
