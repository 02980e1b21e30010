import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Every file in corpus/syslog_cef through the syslog decoder (octet-counted files are recognised and split with
/// `SyslogFraming`). Counts were worked out from the files: only CEF/LEEF payloads become alerts; plain device
/// logs are skipped by vendor; header-less continuation lines and broken RFC 5424 headers are rejected.
@Suite struct SyslogCorpusTests {
    static let expectations: [Expect] = [
        Expect(file: "syslog_cef/apache-metron/AsaOutput", records: 0, skipped: ["cisco-asa": 100]),
        // 77 lines carry `fenotify-…: CEF:0|FireEye|…`, the other 13 are FireEye's own `::~~` format.
        Expect(file: "syslog_cef/apache-metron/FireeyeExampleOutput", records: 77, skipped: ["fireeye": 13]),
        Expect(file: "syslog_cef/apache-metron/ISESampleOutput", records: 0, skipped: ["cisco-ise": 308]),
        Expect(file: "syslog_cef/apache-metron/LancopeExampleOutput", records: 0, skipped: ["lancope": 40]),
        Expect(file: "syslog_cef/apache-metron/PaloaltoOutput", records: 0, skipped: ["paloalto-threat": 50, "paloalto-traffic": 50]),
        Expect(file: "syslog_cef/apache-metron/SnortOutput", records: 0, skipped: ["snort-csv": 3]),
        Expect(file: "syslog_cef/apache-metron/SourcefireExampleOutput", records: 0, skipped: ["sourcefire": 2]),
        Expect(file: "syslog_cef/apache-metron/SourcefireParserTest.txt", records: 0, skipped: ["snort": 1, "sourcefire": 2]),
        Expect(file: "syslog_cef/apache-metron/Syslog5424Output", records: 0, skipped: ["syslog": 3]),
        Expect(file: "syslog_cef/apache-metron/adallom.cef", records: 1),
        Expect(file: "syslog_cef/apache-metron/asa_raw", records: 0, skipped: ["cisco-asa": 128]),
        Expect(file: "syslog_cef/apache-metron/cyberark.cef", records: 1),
        Expect(file: "syslog_cef/apache-metron/leefOutput", records: 4),
        Expect(file: "syslog_cef/apache-metron/palo.cef", records: 1),
        Expect(file: "syslog_cef/apache-metron/sample.leef", records: 4),
        Expect(file: "syslog_cef/apache-metron/waf.cef", records: 1),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/non_transparent_best_effort_tcp_1st_avg_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/non_transparent_best_effort_tcp_1st_min_ok_2nd_min_ok.input.txt", records: 0, skipped: ["syslog": 2]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/non_transparent_strict_tcp_1st_avg_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_avg_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_max_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_min_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_min_ok_2nd_min_ok.input.txt", records: 0, skipped: ["syslog": 2]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_newline_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        // "16 <1>217 <11>1 - - - - - -": the first frame is 16 bytes of a broken header, the rest is short.
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_underflow_malfunction.input.txt", records: 0, rejections: 2),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_underflow_nok.input.txt", records: 0, rejections: 1, reason: "incomplete octet-counted frame"),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_best_effort_tcp_1st_utf8_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/octet_counting_maxlength_ok.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc3164_best_effort_udp.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc3164_non_transparent_strict_tcp.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc3164_octet_counting_strict_tcp.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_toolong_appname.input.txt", records: 0, rejections: 1, reason: "APP-NAME longer than 48"),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_udp.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_udp_max.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_udp_min_incomplete.input.txt", records: 0, rejections: 1, reason: "incomplete RFC 5424 header"),
        // Two messages in one UDP packet without a separator: one message whose MSG contains the second.
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_udp_one_per_packet.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_best_effort_udp_trim_message.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/telegraf-syslog-testcases/rfc5424_long_appname.input.txt", records: 0, skipped: ["syslog": 1]),
        Expect(file: "syslog_cef/tenzir/checkpoint.cef.log", records: 3),
        Expect(file: "syslog_cef/tenzir/cynet.cef.log", records: 1),
        // Stack-trace continuation lines have no header: the source must join multi-line messages first.
        Expect(file: "syslog_cef/tenzir/multiline.log", records: 0, rejections: 5, skipped: ["syslog": 2], reason: "no syslog header"),
        Expect(file: "syslog_cef/tenzir/syslog-rfc3164.log", records: 2, skipped: ["cisco-ftd": 1, "syslog": 9]),
        Expect(file: "syslog_cef/tenzir/syslog-rfc5424-test.txt", records: 0, skipped: ["syslog": 5]),
        Expect(file: "syslog_cef/tenzir/zscaler-nss.leef.log", records: 1),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "syslog_cef")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        check(e, try Corpus.decode(e.file, as: .syslog))
    }

    @Test func cefFormatIsTheSameDecoder() throws {
        let a = try Corpus.decode("syslog_cef/tenzir/checkpoint.cef.log", as: .cef)
        let b = try Corpus.decode("syslog_cef/tenzir/checkpoint.cef.log", as: .syslog)
        #expect(a == b)
    }

    @Test func impervaCEFMapping() throws {
        let r = try Corpus.decode("syslog_cef/apache-metron/waf.cef", as: .syslog)
        guard case .alert(let a) = r.records.first else { Issue.record("no alert"); return }
        #expect(a.level == .two)                   // High
        #expect(a.src == "10.31.45.69:34435")
        #expect(a.dest == "17.43.200.42:88")
        #expect(a.proto == "TCP")
        #expect(a.action == "alert")
        #expect(a.category == "Alert")
        #expect(a.signature.contains("Secure Login"))
        #expect(a.at == ISOTime.parse("2016-03-31T13:04:55+08:00"))
    }

    @Test func zscalerLEEF1Mapping() throws {
        let r = try Corpus.decode("syslog_cef/tenzir/zscaler-nss.leef.log", as: .syslog)
        guard case .alert(let a) = r.records.first else { Issue.record("no alert"); return }
        #expect(a.src == "10.11.12.13:30513")
        #expect(a.dest == "10.66.69.21:53")
        #expect(a.level == .four)                 // LEEF without sev
    }
}
