import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// corpus/open311: GeoReport v2 XML/JSON through the Open311 decoder, the NYC CSVs through the hotline CSV
/// decoder with the `nyc311` preset.
@Suite struct Open311CorpusTests {
    static let r = "open311/codeforamerica-open311-ruby/"
    static let s = "open311/open311status/"
    static let expectations: [Expect] = [
        Expect(file: r + "403.xml", records: 0, rejections: 1, reason: "HTTP status line"),
        Expect(file: r + "get_service_request.xml", records: 1),
        Expect(file: r + "get_service_request_not_found.xml", records: 0, rejections: 1, reason: "Open311 error response 404"),
        Expect(file: r + "post_service_request.xml", records: 0, skipped: ["open311-post-response": 1]),
        Expect(file: r + "request_id_from_token.xml", records: 0, skipped: ["open311-token": 1]),
        Expect(file: r + "service_definition.xml", records: 0, skipped: ["open311-service-definition": 1]),
        Expect(file: r + "service_requests.xml", records: 2),
        Expect(file: r + "service_requests_empty.xml", records: 0),
        Expect(file: r + "services.xml", records: 0, skipped: ["open311-service-list": 1]),
        Expect(file: "open311/nyc311-tuplex/311-service-requests.sample.csv", records: 199),
        Expect(file: "open311/nyc311-tuplex/311_nyc_sample.first300.csv", records: 300),
        Expect(file: s + "requests_many.xml", records: 2),
        Expect(file: s + "requests_single.xml", records: 1),
        Expect(file: s + "service_list.json", records: 0, skipped: ["open311-service-list": 1]),
        Expect(file: s + "service_requests.json", records: 2),
        Expect(file: s + "services_giessen.xml", records: 0, skipped: ["open311-service-list": 1]),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "open311")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        if e.file.hasSuffix(".csv") {
            var ctx = Corpus.context
            ctx.hotlineCSV = .nyc311
            check(e, try Corpus.decode(e.file, as: .hotlineCSV, context: ctx))
        } else {
            check(e, try Corpus.decode(e.file, as: .open311))
        }
    }

    @Test func requestMapping() throws {
        let res = try Corpus.decode(Self.s + "requests_single.xml", as: .open311)
        guard case .hotline(let h) = res.records.first else { Issue.record("no case"); return }
        #expect(h.ticket == "101005420892")
        #expect(h.status == .accepted)
        #expect(h.category == "Road - Pot hole")
        #expect(h.department == "311 Toronto")
        #expect(h.type == .complaint)
        #expect(h.summary.contains("Warden Ave / Freeman St"))
        #expect(h.receivedAt == ISOTime.parse("2018-07-30T00:01:00-04:00"))
    }

    @Test func nycRowMapping() throws {
        var ctx = Corpus.context
        ctx.hotlineCSV = .nyc311
        let res = try Corpus.decode("open311/nyc311-tuplex/311-service-requests.sample.csv", as: .hotlineCSV, context: ctx)
        guard case .hotline(let h) = res.records.first else { Issue.record("no case"); return }
        #expect(h.ticket == "26589651")
        #expect(h.category == "Noise - Street/Sidewalk")
        #expect(h.summary == "Loud Talking")
        #expect(h.department == "NYPD")
        #expect(h.status == .transferred)        // Assigned
        #expect(h.receivedAt == ISOTime.parse("2013-10-31T02:08:41-05:00"))
    }
}

/// corpus/geojson: the three FeatureCollections decode feature by feature; the `.metadata.json` sidecars are not
/// GeoJSON and are rejected as such.
@Suite struct GeoJSONCorpusTests {
    static let d = "geojson/click_that_hood/"
    static let expectations: [Expect] = [
        Expect(file: d + "berlin.geojson", records: 95),
        Expect(file: d + "berlin.metadata.json", records: 0, rejections: 1, reason: "not a GeoJSON FeatureCollection"),
        Expect(file: d + "san-francisco.geojson", records: 37),
        Expect(file: d + "san-francisco.metadata.json", records: 0, rejections: 1, reason: "not a GeoJSON FeatureCollection"),
        Expect(file: d + "taiwan.geojson", records: 22),
        Expect(file: d + "taiwan.metadata.json", records: 0, rejections: 1, reason: "not a GeoJSON FeatureCollection"),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "geojson")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        check(e, try Corpus.decode(e.file, as: .geojson))
    }

    @Test func taiwanFeature() throws {
        let res = try Corpus.decode(Self.d + "taiwan.geojson", as: .geojson)
        guard case .grid(let g) = res.records.first else { Issue.record("no grid"); return }
        #expect(g.name == "Taipei City")
        #expect(g.id == "3")                      // cartodb_id
        #expect(g.level == .grid)
        #expect(g.parent == nil)
        #expect(g.geometry?.hasPrefix("{\"coordinates\":[[[[121.559147,25.209356]") == true)
    }

    @Test func chineseNamesViaMapping() throws {
        var ctx = Corpus.context
        ctx.geoJSON.name = ["name_traditional_chinese"]
        let res = try Corpus.decode(Self.d + "taiwan.geojson", as: .geojson, context: ctx)
        guard case .grid(let g) = res.records.first else { Issue.record("no grid"); return }
        #expect(g.name == "台北市")
    }
}

/// corpus/wazuh: there is no Wazuh decoder (not an ingest format); read as native JSONL, every record is refused
/// for its missing `kind`, which is what the daemon would dead-letter if a Wazuh file were misconfigured as jsonl.
@Suite struct WazuhCorpusTests {
    static let expectations: [Expect] = [
        Expect(file: "wazuh/wazuh-indexer/events-generator-alerts.first8lines.json", records: 0, rejections: 8, reason: "missing required field 'kind'"),
        Expect(file: "wazuh/wazuh-indexer/wazuh-event.sample.json", records: 0, rejections: 1, reason: "missing required field 'kind'"),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "wazuh")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        check(e, try Corpus.decode(e.file, as: .jsonl))
    }
}
