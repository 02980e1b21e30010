import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Feeds as the real world sends them: CAP Cancels without <info>, Open311 create requests, BOMs, GBK syslog,
/// CSVs cut mid-character, RFC 3164 zones.
@Suite struct RealWorldFeedTests {
    static let gbkFirewall: [UInt8] = [0xB7, 0xC0, 0xBB, 0xF0, 0xC7, 0xBD, 0xB8, 0xE6, 0xBE, 0xAF]   // 防火墙告警

    // MARK: CAP (item 1)

    @Test func aCancelWithoutInfoIsACancel() {
        let doc = """
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>CN-RAIN-1-C</identifier><sender>qx@cma.cn</sender>
            <sent>2026-07-20T10:00:00+08:00</sent><status>Actual</status><msgType>Cancel</msgType><scope>Public</scope>
            <note>预警解除</note><references>qx@cma.cn,CN-RAIN-1,2026-07-20T09:00:00+08:00</references></alert>
            """
        let r = decodeDoc(.cap, doc)
        #expect(r.rejections.isEmpty)
        #expect(r.records == [.incidentCancel(source: "cap", sourceRefs: ["CN-RAIN-1"], at: ISOTime.parse("2026-07-20T10:00:00+08:00")!,
                                              reason: "预警解除")])
        let alertWithoutInfo = doc.replacingOccurrences(of: "<msgType>Cancel", with: "<msgType>Alert")
        #expect(decodeDoc(.cap, alertWithoutInfo).rejections.first?.reason.contains("without any <info>") == true)
    }

    // MARK: Open311 create (item 2)

    static let context = DecodeContext(sourceName: "http", receivedAt: ISOTime.parse("2026-11-22T09:30:00+08:00")!)

    @Test func jsonCreateRequestBecomesANewCaseAndIsAnsweredWithItsID() throws {
        let body = """
            {"service_code":"noise","description":"夜间施工噪音","lat":"30.27","long":120.15,"address_string":"城关镇东街12号",
             "phone":"13812341234","email":"li@example.cn","first_name":"李","last_name":"明"}
            """
        let d = try #require(Open311Create.decode(body: Array(body.utf8), contentType: "application/json", name: "POST", context: Self.context))
        guard case .hotline(let h) = try #require(d.result.records.first), case .created(let ticket) = d.outcomes.first else {
            Issue.record("no case"); return
        }
        #expect(h.ticket == ticket && ticket.hasPrefix("GR-") && ticket.count == 13)
        #expect(h.status == .new && h.phone == "13812341234" && h.caller == "李 明" && h.category == "noise")
        #expect(h.summary == "夜间施工噪音 (城关镇东街12号)" && h.receivedAt == Self.context.receivedAt)
        let (status, json) = Open311Create.response(d.outcomes, storeError: nil)
        #expect(status == 201)
        #expect(try JSONParser.parse(json).array?.first?["service_request_id"]?.string == ticket)
        // The same request posted again is the same case.
        let again = try #require(Open311Create.decode(body: Array(body.utf8), contentType: nil, name: "POST", context: Self.context))
        #expect(again.outcomes == d.outcomes)
    }

    @Test func formEncodedCreateRequest() throws {
        let body = "service_code=pothole&description=%E8%B7%AF%E9%9D%A2%E5%9D%91%E6%B4%BC+%E5%8D%B1%E9%99%A9&lat=30.1&long=120.2&phone=13900001111"
        let d = try #require(Open311Create.decode(body: Array(body.utf8), contentType: "application/x-www-form-urlencoded; charset=utf-8",
                                                  name: "POST", context: Self.context))
        guard case .hotline(let h) = try #require(d.result.records.first) else { Issue.record("no case"); return }
        #expect(h.summary == "路面坑洼 危险 (30.1,120.2)" && h.phone == "13900001111")
        #expect(FormURLEncoding.parse("a=1&b=x+y&c=%zz&=skip&d") == ["a": "1", "b": "x y", "c": "%zz", "d": ""])
    }

    @Test func anArrayOfCreateRequestsLandsOrDeadLettersEveryElement() throws {
        let body = """
            [{"service_code":"noise","address_string":"东街","description":"噪音"},
             {"service_code":"noise","description":"没有地点"},
             {"service_code":"light","lat":"95","long":"10"},
             "not an object",
             {"service_code":"light","lat":"30","long":"120"}]
            """
        let d = try #require(Open311Create.decode(body: Array(body.utf8), contentType: "application/json", name: "POST", context: Self.context))
        #expect(d.result.records.count == 2)
        #expect(d.result.rejections.map(\.reason) == [
            "no location: GeoReport v2 needs lat and long, address_string or address_id",
            "lat/long '95', '10' are not a latitude and a longitude",
            "not a GeoReport v2 create request (needs service_code, and no service_request_id)"])
        #expect(d.result.rejections.map(\.position) == ["POST request[1]", "POST request[2]", "POST request[3]"])
        let (status, json) = Open311Create.response(d.outcomes, storeError: nil)
        let items = try #require(try JSONParser.parse(json).array)
        #expect(status == 400 && items.count == 5)
        #expect(items[0]["service_request_id"] != nil && items[1]["code"]?.int == 400 && items[4]["service_request_id"] != nil)
        // The same body through the spool (format open311): the same records and dead letters, nothing skipped.
        let spooled = Decoders.decode(file: Array(body.utf8), name: "POST", format: .open311, context: Self.context)
        #expect(spooled.records.count == 2 && spooled.rejections.count == 3 && spooled.skipped.isEmpty)
    }

    @Test func responseShapedListsStillGoThroughTheListDecoder() {
        let list = #"[{"service_request_id":"638344","status":"open","service_name":"Pothole","requested_datetime":"2010-04-14T06:37:38-08:00"}]"#
        #expect(Open311Create.decode(body: Array(list.utf8), contentType: "application/json", name: "POST", context: Self.context) == nil)
        // `curl --data-binary` labels it form-encoded: a body that opens like JSON is still read as JSON.
        #expect(Open311Create.decode(body: Array(list.utf8), contentType: "application/x-www-form-urlencoded", name: "POST", context: Self.context) == nil)
        let create = #" {"service_code":"light","lat":"30","long":"120"}"#
        let d = Open311Create.decode(body: Array(create.utf8), contentType: "application/x-www-form-urlencoded", name: "POST", context: Self.context)
        #expect(d?.result.records.count == 1)
        let services = #"[{"service_code":"001","service_name":"Cans left out 24x7","metadata":false,"type":"realtime"}]"#
        #expect(decodeDoc(.open311, services).skipped == ["open311-service-list": 1])
    }

    // MARK: Encodings (item 7)

    @Test func aBOMBeforeTheFirstJSONLineIsNotPartOfIt() {
        let jsonl = "\u{FEFF}" + #"{"kind":"incident","source":"110","source_ref":"B1","category":"public_safety","level":3,"title":"一","reported_at":"2026-11-20T08:00:00+08:00"}"# + "\n"
            + #"{"kind":"incident","source":"110","source_ref":"B2","category":"public_safety","level":3,"title":"二","reported_at":"2026-11-20T08:00:00+08:00"}"# + "\n"
        let r = decodeDoc(.jsonl, jsonl)
        #expect(r.records.count == 2 && r.rejections.isEmpty)
        let eve = "\u{FEFF}" + #"{"timestamp":"2026-11-20T08:00:00.000000+0800","event_type":"alert","src_ip":"1.2.3.4","dest_ip":"10.0.0.1","proto":"TCP","alert":{"signature_id":1,"signature":"x","severity":1}}"#
        #expect(decodeLine(.eve, eve).records.count == 1)
        #expect(decodeDoc(.eve, eve + "\n").records.count == 1)
    }

    @Test func gbkSyslogIsReadAsGB18030() throws {
        let line: [UInt8] = Array("<134>Nov 22 09:00:00 fw01 CEF:0|Hillstone|SG-6000|5.5|1001|".utf8) + Self.gbkFirewall
            + Array("|7|src=203.0.113.9 dst=10.99.10.11".utf8)
        let r = line.withUnsafeBytes { SyslogDecoder().decode(line: $0, position: "frame 1", context: Corpus.context) }
        let alert = try #require(onlyAlert(r), "\(r.rejections)")
        #expect(alert.signature == "防火墙告警")
    }

    @Test func aCSVCutInsideItsLastCharacterKeepsItsGoodRows() throws {
        var bytes = Array("工单编号,受理时间,诉求类型,诉求内容\n".utf8)
        for n in 1...3 { bytes += Array("2026112200\(n),2026-11-22 09:0\(n):00,投诉,第\(n)件：噪音扰民\n".utf8) }
        bytes += Array("20261122004,2026-11-22 09:04:00,投诉,最后一行被截".utf8) + Array("断".utf8).prefix(2)
        let r = Decoders.decode(file: bytes, name: "12345.csv", format: .hotlineCSV, context: Corpus.context)
        #expect(r.records.count == 3)
        #expect(r.rejections.count == 1)
        #expect(r.rejections.first?.reason.hasPrefix("the last line is cut inside a character") == true)
        #expect(r.rejections.first?.position.hasPrefix("12345.csv last line") == true)
    }

    @Test func rfc3164ZoneIsPerListener() throws {
        let line = "<13>Nov 22 01:00:00 host app: CEF:0|V|P|1|7|probe|5|src=1.2.3.4"
        var utc = Corpus.context
        utc.syslogYear = 2026
        utc.assumedUTCOffsetSeconds = 0
        #expect(onlyAlert(decodeLine(.syslog, line, context: utc))?.at == ISOTime.parse("2026-11-22T01:00:00Z"))
        var county = Corpus.context
        county.syslogYear = 2026
        #expect(onlyAlert(decodeLine(.syslog, line, context: county))?.at == ISOTime.parse("2026-11-22T01:00:00+08:00"))

        let toml = try TOML.parse("""
            [daemon]
            [[daemon.syslog]]
            name = "abroad"
            port = 5514
            assume_utc_offset = "+00:00"
            [[daemon.syslog]]
            name = "local"
            protocol = "tcp"
            port = 5515
            """)
        let config = try DaemonConfig.parse(toml, baseDirectory: "/tmp")
        #expect(config.pipeline.context(source: "abroad", receivedAt: nil).rfc3164OffsetSeconds == 0)
        #expect(config.pipeline.context(source: "local", receivedAt: nil).rfc3164OffsetSeconds == ISOTime.chinaOffsetSeconds)
        let bad = try TOML.parse("[daemon]\n[[daemon.syslog]]\nport = 1\nassume_utc_offset = \"8\"")
        #expect(throws: DaemonConfig.ConfigError.self) { try DaemonConfig.parse(bad, baseDirectory: "/tmp") }
        #expect(UTCOffset.seconds("-05:30") == -19_800 && UTCOffset.seconds("Z") == 0 && UTCOffset.seconds("+0800") == 28_800)
    }
}

/// Red-team pass on Open311 create requests: a re-report on a later day, a JSON request without service_code.
@Suite struct Open311CreateRedTeamTests {
    static let body = Array(#"{"service_code":"streetlight","description":"路灯不亮","address_string":"城关镇东街"}"#.utf8)

    func ticket(_ at: String) throws -> String {
        let context = DecodeContext(sourceName: "http", receivedAt: ISOTime.parse(at)!)
        let d = try #require(Open311Create.decode(body: Self.body, contentType: "application/json", name: "POST", context: context))
        guard case .created(let t) = try #require(d.outcomes.first) else { Issue.record("refused"); return "" }
        return t
    }

    @Test func theSameWordsOnALaterDayAreANewCaseButARetryIsNot() throws {
        let first = try ticket("2026-11-22T09:30:00+08:00")
        #expect(try ticket("2026-11-22T09:30:05+08:00") == first, "a client's retry is the same case")
        #expect(try ticket("2026-11-22T23:59:00+08:00") == first)
        #expect(try ticket("2026-11-29T09:30:00+08:00") != first, "a week later (the first case long closed) is a new case")
    }

    @Test func aJSONCreateRequestWithoutServiceCodeSaysSo() throws {
        let context = DecodeContext(sourceName: "http", receivedAt: ISOTime.parse("2026-11-22T09:30:00+08:00")!)
        let d = try #require(Open311Create.decode(body: Array(#"{"description":"x","lat":30,"long":100}"#.utf8), contentType: "application/json",
                                                  name: "POST", context: context))
        #expect(d.outcomes == [.rejected(reason: "missing service_code")])
        // An Open311 error answer is not a create request.
        #expect(Open311Create.decode(body: Array(#"[{"code":400,"description":"bad"}]"#.utf8), contentType: "application/json",
                                     name: "POST", context: context) == nil)
    }
}
