import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Every file in corpus/suricata through the EVE decoder. Counts come from reading the files: the
/// `*.alerts-only.json` arrays and their ndjson re-serialisations hold only alerts; the telegraf and tenzir files
/// are single (often pretty-printed) events of the named type.
@Suite struct SuricataCorpusTests {
    static let expectations: [Expect] = [
        Expect(file: "suricata/assemblyline-service-suricata/alert_dns.eve.json", records: 1, skipped: ["dns": 2, "flow": 1, "netflow": 2]),
        Expect(file: "suricata/assemblyline-service-suricata/alert_flow.eve.json", records: 1, skipped: ["flow": 1, "netflow": 2]),
        Expect(file: "suricata/assemblyline-service-suricata/alert_http.eve.json", records: 1, skipped: ["fileinfo": 1, "flow": 1, "http": 1, "netflow": 1]),
        Expect(file: "suricata/assemblyline-service-suricata/alert_smtp.eve.json", records: 2, skipped: ["fileinfo": 1, "flow": 1, "netflow": 2, "smtp": 2]),
        Expect(file: "suricata/suricata-sample-data/first-org-conf-2015.alerts-only.json", records: 136),
        Expect(file: "suricata/suricata-sample-data/first-org-conf-2015.alerts.ndjson", records: 136),
        Expect(file: "suricata/suricata-sample-data/honeypot-2018.alerts-only.json", records: 44),
        Expect(file: "suricata/suricata-sample-data/honeypot-2018.alerts.ndjson", records: 44),
        Expect(file: "suricata/suricata-sample-data/wrccdc-2017.alerts-only.json", records: 161),
        Expect(file: "suricata/suricata-sample-data/wrccdc-2017.alerts.ndjson", records: 161),
        Expect(file: "suricata/suricata-sample-data/wrccdc-2018.alerts-only.json", records: 207),
        Expect(file: "suricata/suricata-sample-data/wrccdc-2018.alerts.ndjson", records: 207),
        Expect(file: "suricata/telegraf/test1.json", records: 0, skipped: ["stats": 1]),
        Expect(file: "suricata/telegraf/test2.json", records: 0, skipped: ["stats": 1]),
        Expect(file: "suricata/telegraf/test3.json", records: 1),
        Expect(file: "suricata/telegraf/v2__alert.json", records: 1),
        Expect(file: "suricata/telegraf/v2__dns.json", records: 0, skipped: ["dns": 1]),
        Expect(file: "suricata/telegraf/v2__drop.json", records: 0, skipped: ["drop": 1]),
        Expect(file: "suricata/telegraf/v2__flow.json", records: 0, skipped: ["flow": 1]),
        Expect(file: "suricata/telegraf/v2__http.json", records: 0, skipped: ["http": 1]),
        Expect(file: "suricata/telegraf/v2__status.json", records: 0, skipped: ["stats": 1]),
        Expect(file: "suricata/tenzir/dns-with-no-schema-column.json", records: 0, skipped: ["dns": 1]),
        Expect(file: "suricata/tenzir/rrdata-eve.json", records: 0, skipped: ["dns": 2]),
        Expect(file: "suricata/tenzir/vast-integration-eve.first6lines.json", records: 1,
               skipped: ["dns": 1, "fileinfo": 1, "flow": 1, "http": 1, "netflow": 1]),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "suricata")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        check(e, try Corpus.decode(e.file, as: .eve))
    }

    @Test func honeypotFirstAlertMapping() throws {
        let r = try Corpus.decode("suricata/suricata-sample-data/honeypot-2018.alerts.ndjson", as: .eve)
        guard case .alert(let a) = r.records.first else { Issue.record("no alert"); return }
        #expect(a.sensor == "corpus-sensor")
        #expect(a.signatureID == 2001219)
        #expect(a.signature == "ET SCAN Potential SSH Scan")
        #expect(a.category == "Attempted Information Leak")
        #expect(a.level == .three)            // EVE severity 2 → Ⅲ
        #expect(a.src == "8.42.77.171:49678")
        #expect(a.dest == "138.68.3.71:22")
        #expect(a.proto == "TCP")
        #expect(a.action == "allowed")
        // No offset in the EVE timestamp: the county zone (+8) applies.
        #expect(a.at == ISOTime.parse("2019-01-02T03:50:11.315+08:00"))
        #expect(a.raw?.hasPrefix("{\"timestamp\":\"2019-01-02T03:50:11.315110\"") == true)
    }

    @Test func ndjsonAndArrayAgree() throws {
        let a = try Corpus.decode("suricata/suricata-sample-data/wrccdc-2018.alerts-only.json", as: .eve)
        let b = try Corpus.decode("suricata/suricata-sample-data/wrccdc-2018.alerts.ndjson", as: .eve)
        func strip(_ r: DecodeResult) -> [AlertObservation] {
            r.records.compactMap { if case .alert(var o) = $0 { o.raw = nil; return o }; return nil }
        }
        #expect(strip(a) == strip(b))
    }
}
