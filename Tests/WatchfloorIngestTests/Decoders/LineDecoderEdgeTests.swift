import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

func decodeLine(_ format: IngestFormat, _ text: String, context: DecodeContext = Corpus.context) -> DecodeResult {
    var copy = text
    return copy.withUTF8 { Decoders.lineDecoder(for: format)!.decode(line: UnsafeRawBufferPointer($0), position: "line 1", context: context) }
}

func onlyAlert(_ r: DecodeResult) -> AlertObservation? {
    guard r.records.count == 1, case .alert(let a) = r.records[0] else { return nil }
    return a
}

@Suite struct CEFLEEFTests {
    @Test func cefHeaderAndExtensionEscapes() throws {
        let line = #"<134>1 2026-11-20T08:00:00+08:00 fw01 cef - - - CEF:0|Sec\|Co|IDS\\X|1.0|4001|Pipe \| and back\\slash|7|src=10.0.0.1 spt=1234 dst=10.0.0.2 dpt=80 proto=TCP act=blocked msg=a\=b c\\d\nnext cs1Label=Rule cs1=allow all rt=1795000000000"#
        let a = try #require(onlyAlert(decodeLine(.syslog, line)))
        #expect(a.signatureID == 4001)
        #expect(a.signature == #"Pipe | and back\slash"#)
        #expect(a.level == .two)                  // 7
        #expect(a.src == "10.0.0.1:1234")
        #expect(a.dest == "10.0.0.2:80")
        #expect(a.action == "blocked")
        #expect(a.sensor == "fw01")
        #expect(a.at == Timestamp(milliseconds: 1_795_000_000_000))
        #expect(a.category == "Sec|Co IDS\\X")
        let ext = CEFParser.parseExtension(ArraySlice(Array(#"msg=a\=b c\\d\nnext cs1=allow all"#.utf8)))
        #expect(ext["msg"] == "a=b c\\d\nnext")
        #expect(ext["cs1"] == "allow all")
    }

    @Test func cefTextSeverityAndTextSignatureID() throws {
        let a = try #require(onlyAlert(decodeLine(.cef, "CEF:0|V|P|1|sig-abc|Name|Very-High|src=1.2.3.4 dst=5.6.7.8")))
        #expect(a.level == .one)
        #expect(a.signature == "[sig-abc] Name")
        #expect(a.signatureID == SignatureHash.fnv31("V|P|sig-abc"))
        #expect(a.at == Corpus.context.receivedAt)   // no rt, no syslog time
    }

    @Test func cefRejections() {
        #expect(decodeLine(.cef, "CEF:0|V|P|1|1|Name").rejections.first?.reason.contains("of 8") == true)
        #expect(decodeLine(.cef, "CEF:0|V|P|1|1|Name|11|src=1.1.1.1").rejections.first?.reason.contains("severity '11'") == true)
        #expect(decodeLine(.cef, "CEF:9|V|P|1|1|Name|5|").rejections.first?.reason.contains("unsupported CEF version") == true)
        var noClock = Corpus.context
        noClock.receivedAt = nil
        #expect(decodeLine(.cef, "CEF:0|V|P|1|1|N|5|src=1.1.1.1", context: noClock).rejections.first?.reason.contains("without a time") == true)
    }

    @Test func leef2CustomDelimiter() throws {
        let line = "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=192.0.2.1^dst=198.51.100.2^srcPort=5555^dstPort=443^sev=9^cat=Scan^devTime=1795000000000"
        let a = try #require(onlyAlert(decodeLine(.syslog, line)))
        #expect(a.src == "192.0.2.1:5555")
        #expect(a.dest == "198.51.100.2:443")
        #expect(a.level == .one)
        #expect(a.category == "Scan")
        #expect(a.signatureID == 41)
        let hex = try #require(onlyAlert(decodeLine(.syslog, "LEEF:2.0|V|P|1|42|x7C|src=1.1.1.1|dst=2.2.2.2|sev=2")))
        #expect(hex.dest == "2.2.2.2")
        #expect(hex.level == .four)
        #expect(decodeLine(.syslog, "LEEF:2.0|V|P|1|42|xZZZ|src=1.1.1.1").rejections.first?.reason.contains("delimiter") == true)
    }

    @Test func leef1TabDelimited() throws {
        let a = try #require(onlyAlert(decodeLine(.syslog, "Jun 02 16:34:55 nss: LEEF:1.0|Z|FW|5|Drop|src=1.1.1.1\tdst=2.2.2.2\tsev=5")))
        #expect(a.level == .three)
        #expect(a.src == "1.1.1.1")
        #expect(a.signature == "Drop")
    }
}

@Suite struct SyslogHeaderTests {
    @Test func rfc5424StructuredDataEscapes() throws {
        let line = #"<165>1 2003-10-11T22:14:15.003Z host app 42 ID47 [ex@32473 a="x\]y" b="q\"uote" c="back\\slash"][p@1 class="high"] msg"#
        let h = try SyslogHeader.parse(Array(line.utf8), context: Corpus.context)
        #expect(h.flavour == .rfc5424)
        #expect(h.hostname == "host")
        #expect(h.appName == "app")
        #expect(h.structuredData.count == 2)
        #expect(h.structuredData[0].params.map(\.1) == ["x]y", "q\"uote", #"back\slash"#])
        #expect(h.structuredData[1].id == "p@1")
        #expect(String(decoding: Array(line.utf8)[h.messageStart...], as: UTF8.self) == "msg")
        #expect(h.timestamp == ISOTime.parse("2003-10-11T22:14:15.003Z"))
    }

    @Test func rfc5424BadStructuredData() {
        let r = decodeLine(.syslog, #"<165>1 - host app - - [ex a="unterminated] msg"#)
        #expect(r.rejections.first?.reason.contains("structured data") == true)
    }

    @Test func rfc3164Variants() throws {
        let ctx = Corpus.context   // receivedAt 2026 → year 2026
        let a = try SyslogHeader.parse(Array("<34>Oct 11 22:14:15 mymachine su: 'su root' failed".utf8), context: ctx)
        #expect(a.flavour == .rfc3164)
        #expect(a.hostname == "mymachine")
        #expect(a.timestamp == ISOTime.parse("2026-10-11T22:14:15+08:00"))
        let b = try SyslogHeader.parse(Array("<164>Jan 18 2024 11:50:03 firepower : %FTD-4-419002: x".utf8), context: ctx)
        #expect(b.timestamp == ISOTime.parse("2024-01-18T11:50:03+08:00"))
        #expect(b.hostname == "firepower")
        let c = try SyslogHeader.parse(Array("Jun 02 16:34:55 zscaler-nss: LEEF:1.0|x".utf8), context: ctx)
        #expect(c.hostname == nil)   // `zscaler-nss:` is a tag
        let asa = decodeLine(.syslog, "<167>Jan  5 08:52:35 10.22.8.216 %ASA-7-609001: Built local-host inside:10.22.8.205")
        #expect(asa.skipped == ["cisco-asa": 1])
        #expect(decodeLine(.syslog, "<999>bad").rejections.first?.reason.contains("PRI") == true)
    }

    @Test func invalidUTF8Rejected() {
        let bytes: [UInt8] = Array("<13>Dec  2 16:31:03 host app: ".utf8) + [0xFF, 0xFE]
        let r = bytes.withUnsafeBytes { SyslogDecoder().decode(line: $0, position: "line 9", context: Corpus.context) }
        #expect(r.rejections.first?.reason == "invalid UTF-8 at byte 30, and not GBK/GB18030 either")
        #expect(r.rejections.first?.position == "line 9")
    }
}

@Suite struct SyslogFramingTests {
    @Test func octetCountingAcrossReads() {
        let stream = Array("16 <1>1 - - - - - -17 <4>11 - - - - - -".utf8)
        // Feed it in every possible two-read split; the frames must always come out the same.
        for cut in 0...stream.count {
            let (f1, rest) = SyslogFraming.split(Array(stream[..<cut]))
            let (f2, tail) = SyslogFraming.split(Array(rest) + Array(stream[cut...]))
            #expect((f1 + f2).map { String(decoding: $0, as: UTF8.self) } == ["<1>1 - - - - - -", "<4>11 - - - - - -"], "cut \(cut)")
            #expect(tail.isEmpty)
        }
    }

    @Test func newlineFramingKeepsPartialLine() {
        let (frames, rest) = SyslogFraming.split(Array("<13>a\r\n<13>b\n<13>par".utf8))
        #expect(frames.map { String(decoding: $0, as: UTF8.self) } == ["<13>a", "<13>b"])
        #expect(String(decoding: rest, as: UTF8.self) == "<13>par")
    }

    @Test func octetCountedFrameMayContainNewline() throws {
        let data = try Corpus.bytes("syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_newline_ok.input.txt")
        let (frames, rest) = SyslogFraming.split(data)
        #expect(frames.count == 1)
        #expect(String(decoding: frames[0], as: UTF8.self) == "<1>3 - - - - - - hello\nworld")
        #expect(rest.isEmpty)
    }

    @Test func corpusMaxLengthFrame() throws {
        let data = try Corpus.bytes("syslog_cef/telegraf-syslog-testcases/octet_counting_maxlength_ok.input.txt")
        let (frames, rest) = SyslogFraming.split(data)
        #expect(frames.map(\.count) == [15873])
        #expect(rest.isEmpty)
    }
}

@Suite struct EVEAndNativeEdgeTests {
    @Test func eveRejections() {
        #expect(decodeLine(.eve, "[1,2]").rejections.first?.reason == "EVE event is not a JSON object")
        #expect(decodeLine(.eve, #"{"event_type":"alert","timestamp":"2026-11-20T08:00:00+0800"}"#).rejections.first?.reason.contains("alert object") == true)
        #expect(decodeLine(.eve, #"{"event_type":"alert","timestamp":"yesterday","alert":{}}"#).rejections.first?.reason.contains("not ISO-8601") == true)
        #expect(decodeLine(.eve, #"{"timestamp":"2026-11-20T08:00:00+0800"}"#).rejections.first?.reason == "missing event_type")
        #expect(decodeLine(.eve, #"{"event_type":"alert"} trailing"#).rejections.first?.reason.contains("trailing") == true)
        #expect(decodeLine(.eve, #"{"event_type":"flow"}"#).skipped == ["flow": 1])
    }

    @Test func eveHostIPv6AndICMP() throws {
        let line = #"{"timestamp":"2026-11-20T08:00:00.5+0800","event_type":"alert","host":"ids-1","src_ip":"2001:db8::1","src_port":4444,"dest_ip":"10.0.0.1","proto":"ICMP","alert":{"signature_id":7,"signature":"s","severity":1,"action":"blocked"}}"#
        let a = try #require(onlyAlert(decodeLine(.eve, line)))
        #expect(a.sensor == "ids-1")
        #expect(a.src == "[2001:db8::1]:4444")
        #expect(a.dest == "10.0.0.1")
        #expect(a.level == .two)
        #expect(a.at == Timestamp(milliseconds: ISOTime.parse("2026-11-20T00:00:00Z")!.milliseconds + 500))
    }

    @Test func eveGeneratorLinesDecode() {
        let lines = EVEStreamGenerator.lines(count: 2000, distinctKeys: 50, seed: 7)
        #expect(lines == EVEStreamGenerator.lines(count: 2000, distinctKeys: 50, seed: 7))
        let sizes = lines.map(\.count)
        #expect(sizes.min()! >= 600 && sizes.max()! <= 1000, "\(sizes.min()!)…\(sizes.max()!)")
        var keys = Set<String>()
        let decoder = EVEDecoder()
        for line in lines {
            let r = line.withUnsafeBytes { decoder.decode(line: $0, position: "g", context: Corpus.context) }
            guard let a = onlyAlert(r) else { Issue.record("\(r.rejections)"); return }
            keys.insert(DedupKeySpec().key(for: a))
        }
        #expect(keys.count <= 50 && keys.count > 10)
    }

    @Test func nativeKinds() throws {
        let inc = decodeLine(.jsonl, #"{"kind":"incident","source":"110联动","category":"public_safety","level":2,"title":"打架","reported_at":"2026-11-20T08:12:00+08:00"}"#)
        guard case .incident(let i, _) = inc.records.first else { Issue.record("\(inc)"); return }
        #expect(i.id == "")
        #expect(i.status == .new)
        let h = decodeLine(.jsonl, #"{"kind":"hotline","ticket":"12345-1","received_at":"2026-11-20T08:12:00+08:00","type":"complaint","summary":"噪音","status":"replied","replied_at":"2026-11-21T09:00:00+08:00"}"#)
        guard case .hotline(let c) = h.records.first else { Issue.record("\(h)"); return }
        #expect(c.stageStartedAt == ISOTime.parse("2026-11-21T09:00:00+08:00"))
        let g = decodeLine(.jsonl, #"{"kind":"grid","id":"990102003001004","name":"第4网格","geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[1,2]]]}}"#)
        guard case .grid(let grid) = g.records.first else { Issue.record("\(g)"); return }
        #expect(grid.level == .grid)
        #expect(grid.parent == "990102003001")
        let a = decodeLine(.jsonl, #"{"kind":"alert","at":"2026-11-20T08:12:00Z","sensor":"s","signature_id":1,"signature":"x","level":3,"src":"1.1.1.1","dest":"2.2.2.2:80"}"#)
        #expect(a.records.count == 1)
    }

    @Test(arguments: [
        (#"{"kind":"incident","source":"s","category":"public_safety","level":2,"reported_at":"2026-11-20T08:12:00+08:00"}"#, "missing required field 'title'"),
        (#"{"kind":"incident","source":"s","category":"weather","level":2,"title":"t","reported_at":"2026-11-20T08:12:00+08:00"}"#, "field 'category' has unknown value 'weather'"),
        (#"{"kind":"incident","source":"s","category":"other","level":5,"title":"t","reported_at":"2026-11-20T08:12:00+08:00"}"#, "field 'level' must be 1–4"),
        (#"{"kind":"hotline","ticket":"1","received_at":"soon","type":"help","summary":"x"}"#, "field 'received_at' is not an ISO-8601 time"),
        (#"{"kind":"grid","id":"12345","name":"x"}"#, "grid code"),
        (#"{"kind":"alert","at":"2026-11-20T08:12:00Z","sensor":"s","signature_id":"1","signature":"x","level":3,"src":"a","dest":"b"}"#, "'signature_id' must be an integer"),
        (#"{"kind":"parcel"}"#, "unknown kind 'parcel'"),
        (#"[]"#, "not a JSON object"),
        (#"{"no":"kind"}"#, "missing required field 'kind'"),
    ])
    func nativeRejections(_ line: String, _ reason: String) {
        let r = decodeLine(.jsonl, line)
        #expect(r.records.isEmpty)
        #expect(r.rejections.first?.reason.contains(reason) == true, "\(r.rejections)")
        #expect(r.rejections.first?.position == "line 1")
    }

    @Test func fileSplittingAndOversizedLine() {
        let good = #"{"event_type":"dns"}"#
        var file = Array((good + "\r\n\n   \n").utf8)
        file += Array(repeating: UInt8(ascii: "a"), count: 2 << 20)
        file += Array(("\n" + good + "\n").utf8)
        let r = Decoders.decode(file: file, name: "f", format: .eve)
        #expect(r.skipped == ["dns": 2])
        #expect(r.rejections.count == 1)
        #expect(r.rejections.first?.position == "line 4")
        #expect(r.rejections.first?.reason.contains("longer than the 1048576-byte limit") == true)
        #expect(r.rejections.first?.raw.count == 4096)
    }

    @Test func deeplyNestedEVE() {
        let line = #"{"event_type":"alert","x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        #expect(decodeLine(.eve, line).rejections.first?.reason.contains("nesting deeper than 64") == true)
    }

    @Test func registry() {
        for f in IngestFormat.allCases {
            #expect((Decoders.lineDecoder(for: f) != nil) == f.isLineFormat)
            #expect((Decoders.documentDecoder(for: f) != nil) == !f.isLineFormat)
        }
        #expect(IngestFormat(rawValue: "hotline-csv") == .hotlineCSV)
    }
}
