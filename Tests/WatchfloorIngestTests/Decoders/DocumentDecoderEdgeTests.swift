import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

func decodeDoc(_ format: IngestFormat, _ text: String, context: DecodeContext = Corpus.context) -> DecodeResult {
    Decoders.decode(file: Array(text.utf8), name: "doc", format: format, context: context)
}

@Suite struct XMLParserTests {
    @Test func elementsAttributesNamespacesEntities() throws {
        let xml = """
        <?xml version="1.0"?><!-- c --><?pi x?>
        <a:root xmlns:a="urn:a" xmlns="urn:d" k = 'v&amp;w'>
          <child x="1">t&lt;&gt;&quot;&apos;&#20013;&#x6587;<![CDATA[<raw> & ]]></child>
          <empty/>
          <b:x xmlns:b="urn:b"/>
        </a:root>
        """
        let root = try XMLParser.parse(Array(xml.utf8))
        #expect(root.localName == "root")
        #expect(root.namespace == "urn:a")
        #expect(root.attributes["k"] == "v&w")
        #expect(root.child("child")?.namespace == "urn:d")
        #expect(root.child("child")?.text == "t<>\"'中文<raw> & ")
        #expect(root.child("x")?.namespace == "urn:b")
        #expect(root.child("empty")?.line == 4)
    }

    @Test(arguments: [
        ("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DTD"),
        ("<a><!ENTITY x \"y\"></a>", "refused"),
        ("<a>&ext;</a>", "undefined entity '&ext;'"),
        ("<a><b></a>", "does not match"),
        ("<a>", "unclosed element"),
        ("<a></a><b/>", "content after the root element"),
        ("<a x=1/>", "must be quoted"),
        ("<a x='1' x='2'/>", "duplicate attribute"),
        ("<p:a/>", "undeclared namespace prefix"),
        ("<a>&#0;</a>", "invalid character reference"),
        ("", "no root element"),
    ])
    func refuses(_ xml: String, _ message: String) {
        #expect(throws: XMLError.self) { try XMLParser.parse(Array(xml.utf8)) }
        do { _ = try XMLParser.parse(Array(xml.utf8)) } catch let e as XMLError {
            #expect(e.message.contains(message), "\(xml): \(e)")
        } catch {}
    }

    @Test func billionLaughsIsRefusedWithoutExpansion() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for i in 1...9 { xml += " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1 == 0 ? "" : String(i - 1));", count: 10) + "\">\n" }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let r = decodeDoc(.cap, xml)
        #expect(r.records.isEmpty)
        #expect(r.rejections.first?.reason.contains("DTD") == true)
        // Without the DOCTYPE the reference is simply undefined.
        #expect(decodeDoc(.cap, "<alert>&lol9;</alert>").rejections.first?.reason.contains("undefined entity") == true)
    }

    @Test func depthLimit() {
        let ok = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect(throws: Never.self) { try XMLParser.parse(Array(ok.utf8)) }
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let r = decodeDoc(.cap, deep)
        #expect(r.rejections.first?.reason.contains("nested deeper than 64") == true)
    }

    @Test func encodings() throws {
        // ISO-8859-1: é is 0xE9.
        let latin: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        #expect(try XMLParser.parse(latin).text == "café")
        // GBK produced by iconv from UTF-8.
        let gbkBody = try #require(iconvFromUTF8("<a>暴雨红色预警</a>", to: "GBK"))
        let gbk = Array("<?xml version=\"1.0\" encoding=\"GBK\"?>".utf8) + gbkBody
        #expect(try XMLParser.parse(gbk).text == "暴雨红色预警")
        // Declared UTF-8 but not: refused with the byte offset.
        let bad: [UInt8] = Array("<a>".utf8) + [0xB1, 0xA9] + Array("</a>".utf8)
        #expect(throws: XMLError(line: 1, message: "invalid UTF-8 at byte 3")) { try XMLParser.parse(bad) }
        #expect(throws: XMLError.self) { try XMLParser.parse([0xFF, 0xFE, 0x3C, 0x00]) }
    }
}

/// Converts with the iconv(1) tool, the way an operator would produce a GBK export.
func iconvFromUTF8(_ text: String, to encoding: String) -> [UInt8]? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", encoding]
    let input = Pipe(), output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    do { try p.run() } catch { return nil }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? [UInt8](data) : nil
}

@Suite struct CAPEdgeTests {
    static func alert(msgType: String = "Alert", refs: String? = nil, infos: String) -> String {
        """
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>CN-1</identifier><sender>qx@cma.cn</sender>
        <sent>2026-07-20T10:00:00+08:00</sent><status>Actual</status><msgType>\(msgType)</msgType><scope>Public</scope>
        \(refs.map { "<references>\($0)</references>" } ?? "")\(infos)</alert>
        """
    }
    static func info(_ lang: String, _ headline: String, category: String = "Met", severity: String = "Severe") -> String {
        """
        <info><language>\(lang)</language><category>\(category)</category><event>暴雨</event><urgency>Immediate</urgency>
        <severity>\(severity)</severity><certainty>Likely</certainty><headline>\(headline)</headline>
        <description>预计未来3小时</description><instruction>注意防范</instruction>
        <area><areaDesc>城关镇</areaDesc><polygon>30,110 30,111 31,111 30,110</polygon></area></info>
        """
    }

    @Test func picksChineseInfoAndMaps() throws {
        let r = decodeDoc(.cap, Self.alert(infos: Self.info("en-US", "Rainstorm") + Self.info("zh-CN", "暴雨橙色预警")))
        guard case .incident(let i, _) = r.records.first else { Issue.record("\(r)"); return }
        #expect(i.title == "暴雨橙色预警")
        #expect(i.level == .two)
        #expect(i.category == .naturalDisaster)
        #expect(i.location == "城关镇")
        #expect(i.detail.contains("预计未来3小时") && i.detail.contains("注意防范") && i.detail.contains("also in: en-US"))
        #expect(i.reportedAt == ISOTime.parse("2026-07-20T10:00:00+08:00"))
    }

    @Test func categoryMapping() {
        for (cap, ours) in [("Health", IncidentCategory.publicHealth), ("Security", .publicSafety), ("CBRNE", .productionSafety),
                            ("Transport", .productionSafety), ("Other", .other), ("Geo", .naturalDisaster)] {
            let r = decodeDoc(.cap, Self.alert(infos: Self.info("zh-CN", "x", category: cap)))
            guard case .incident(let i, _) = r.records.first else { Issue.record("\(r)"); continue }
            #expect(i.category == ours, "\(cap)")
        }
    }

    @Test func updateAndCancel() {
        let u = decodeDoc(.cap, Self.alert(msgType: "Update", refs: "qx@cma.cn,CN-0,2026-07-20T09:00:00+08:00 qx@cma.cn,CN-00,2026-07-20T08:00:00+08:00",
                                           infos: Self.info("zh-CN", "x")))
        guard case .incident(_, let supersedes) = u.records.first else { Issue.record("\(u)"); return }
        #expect(supersedes == ["CN-0", "CN-00"])
        let c = decodeDoc(.cap, Self.alert(msgType: "Cancel", refs: "qx@cma.cn,CN-0,2026-07-20T09:00:00+08:00", infos: Self.info("zh-CN", "x")))
        #expect(c.records == [.incidentCancel(source: "cap", sourceRefs: ["CN-0"], at: ISOTime.parse("2026-07-20T10:00:00+08:00")!, reason: nil)])
        #expect(decodeDoc(.cap, Self.alert(msgType: "Update", infos: Self.info("zh-CN", "x"))).rejections.first?.reason == "Update without <references>")
    }

    @Test func badSeverityAndPolygon() {
        #expect(decodeDoc(.cap, Self.alert(infos: Self.info("zh-CN", "x", severity: "Huge"))).rejections.first?.reason.contains("<severity> 'Huge'") == true)
        let badPoly = Self.alert(infos: Self.info("zh-CN", "x")).replacingOccurrences(of: "30,110 30,111 31,111 30,110", with: "30,110 31,111")
        #expect(decodeDoc(.cap, badPoly).rejections.first?.reason.contains("<polygon>") == true)
    }
}

@Suite struct HotlineCSVTests {
    static let header = "工单编号,来电时间,来电人,联系电话,诉求类型,问题分类,诉求内容,所属区域,承办单位,办理状态,办结时限,回访结果,满意度\n"

    @Test func chineseExportWithBOMQuotesAndNewlines() throws {
        let csv = "\u{FEFF}" + Self.header
            + "12345-20261120-0001,2026-11-20 08:12:00,张三,13812341234,投诉,城市管理,\"夜间施工噪音，\"\"很吵\"\"\n已多次反映\",990102003001004,县住建局,已转办,2026-11-25,,\n"
            + "12345-20261120-0002,2026/11/20 09:00,李四,,咨询,社保,社保卡如何补办,城关镇,县人社局,办结,,已回访,基本满意\r\n"
        let r = decodeDoc(.hotlineCSV, csv)
        #expect(r.rejections.isEmpty, "\(r.rejections)")
        guard r.records.count == 2, case .hotline(let a) = r.records[0], case .hotline(let b) = r.records[1] else {
            Issue.record("\(r)"); return
        }
        #expect(a.ticket == "12345-20261120-0001")
        #expect(a.summary == "夜间施工噪音，\"很吵\"\n已多次反映")
        #expect(a.type == .complaint)
        #expect(a.status == .transferred)
        #expect(a.gridID == "990102003001004")
        #expect(a.department == "县住建局")
        #expect(a.phone == "13812341234")
        #expect(a.receivedAt == ISOTime.parse("2026-11-20T08:12:00+08:00"))
        #expect(b.type == .inquiry)
        #expect(b.status == .closed)
        #expect(b.gridID == nil)          // a place name, not a grid code
        #expect(b.satisfaction == .basicallySatisfied)
        #expect(b.callbackResult == "已回访")
    }

    @Test func gbkExportViaIconv() throws {
        let text = Self.header + "A-1,2026-11-20 08:12:00,王五,,求助,供水,家里停水三天了,,县水务局,待受理,,,\n"
        let gbk = try #require(iconvFromUTF8(text, to: "GBK"))
        #expect(UTF8Check.firstInvalidOffset(gbk) != nil)
        let r = Decoders.decode(file: gbk, name: "export.csv", format: .hotlineCSV, context: Corpus.context)
        guard case .hotline(let h) = r.records.first else { Issue.record("\(r)"); return }
        #expect(h.summary == "家里停水三天了")
        #expect(h.type == .help)
        #expect(h.status == .new)
        #expect(h.caller == "王五")
    }

    @Test func rowErrorsNameTheColumn() {
        let csv = Self.header
            + "A-1,2026-11-20 08:12:00,,,投诉,,,,,,,,\n"
            + "A-2,2026-11-20 08:12:00,,,抱怨,,内容,,,,,,\n"
            + "A-3,2026-11-20 08:12:00,,,投诉,,内容,,,审核中,,,\n"
            + "A-4,明天,,,投诉,,内容,,,,,,\n"
            + "A-5,2026-11-20 08:12:00,,,建议,,内容,,,已回访,,,满意\n"
        let r = decodeDoc(.hotlineCSV, csv)
        #expect(r.records.count == 1)
        #expect(r.rejections.map(\.reason) == ["row 1: missing 诉求内容", "row 2: unknown 诉求类型 '抱怨'",
                                               "row 3: unknown 办理状态 '审核中'", "row 4: 来电时间 '明天' is not a time"])
        #expect(r.rejections.map(\.position) == ["row 1", "row 2", "row 3", "row 4"])
    }

    @Test func headerAndCSVErrors() {
        #expect(decodeDoc(.hotlineCSV, "a,b\n1,2\n").rejections.first?.reason.contains("no ticket column") == true)
        #expect(decodeDoc(.hotlineCSV, Self.header + "\"unterminated").rejections.first?.reason.contains("unterminated quoted field") == true)
        #expect(decodeDoc(.hotlineCSV, "").rejections.first?.reason.contains("no header") == true)
        #expect(Decoders.decode(file: [0xFF, 0xFF, 0xFF], name: "x", format: .hotlineCSV).rejections.first?.reason.contains("neither UTF-8 nor GBK") == true)
    }

    @Test func csvParserRFC4180() throws {
        let rows = try CSVParser.parse(Array("a,\"b,c\",\"d\"\"e\"\r\n\r\n\"multi\nline\",,x\n".utf8))
        #expect(rows.map(\.fields) == [["a", "b,c", "d\"e"], ["multi\nline", "", "x"]])
        #expect(rows.map(\.line) == [1, 3])
    }
}

@Suite struct GeoJSONEdgeTests {
    @Test func gridCodesAndRejections() {
        let doc = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"grid_id":"990102003001004","name":"东街社区第4网格","worker":"赵六","households":512},
           "geometry":{"type":"Polygon","coordinates":[[[110.1,30.1],[110.2,30.1],[110.2,30.2],[110.1,30.1]]]}},
          {"type":"Feature","properties":{"code":"990102003","名称":"城关镇"},"geometry":null},
          {"type":"Feature","properties":{"name":"无编号"},"geometry":null},
          {"type":"Feature","properties":{"id":"9901","name":"x"},"geometry":{"type":"Point","coordinates":[1,2]}}
        ]}
        """
        let r = decodeDoc(.geojson, doc)
        #expect(r.records.count == 2)
        #expect(r.rejections.map(\.position) == ["feature 2", "feature 3"])
        #expect(r.rejections.first?.reason.contains("no id") == true)
        guard case .grid(let g) = r.records.first, case .grid(let t) = r.records.last else { return }
        #expect(g.level == .grid && g.parent == "990102003001" && g.worker == "赵六" && g.households == 512)
        #expect(g.geometry == #"{"coordinates":[[[110.1,30.1],[110.2,30.1],[110.2,30.2],[110.1,30.1]]],"type":"Polygon"}"#)
        #expect(t.level == .township && t.name == "城关镇" && t.parent == "990102")
    }

    @Test func notGeoJSON() {
        #expect(decodeDoc(.geojson, "{\"type\":\"Topology\"}").rejections.first?.reason.contains("'Topology'") == true)
        #expect(decodeDoc(.geojson, "{").rejections.first?.reason.contains("invalid JSON") == true)
    }
}

@Suite struct Open311EdgeTests {
    @Test func jsonStatusesAndTypes() {
        let doc = """
        [{"service_request_id":"1","status":"closed","service_name":"Question about trash","requested_datetime":"2012-05-22 23:57:23.97",
          "updated_datetime":"2012-05-23T10:00:00-05:00","description":"When?"},
         {"service_request_id":"2","status":"pending","requested_datetime":"2012-05-22T10:00:00Z"},
         {"service_request_id":"3","status":"open"}]
        """
        let r = decodeDoc(.open311, doc)
        #expect(r.records.count == 1)
        #expect(r.rejections.map(\.reason) == ["request 2: status 'pending' is neither open nor closed", "request 3: missing requested_datetime"])
        guard case .hotline(let h) = r.records.first else { return }
        #expect(h.type == .inquiry)
        #expect(h.status == .closed)
        #expect(h.closedAt == ISOTime.parse("2012-05-23T10:00:00-05:00"))
        #expect(h.receivedAt == ISOTime.parse("2012-05-22T23:57:23.970+08:00"))
    }
}
