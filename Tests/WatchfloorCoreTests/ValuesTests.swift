import Testing
@testable import WatchfloorCore

@Suite struct ValuesTests {
    @Test func isoVariants() {
        let base = ISOTime.parse("2026-11-22T06:00:00Z")!
        #expect(ISOTime.parse("2026-11-22T14:00:00+08:00") == base)
        #expect(ISOTime.parse("2026-11-22T14:00:00+0800") == base)
        #expect(ISOTime.parse("2026-11-22 14:00:00") == base)   // no offset: the county's zone
        #expect(ISOTime.parse("2026-11-22T06:00:00.250Z")!.milliseconds == base.milliseconds + 250)
        #expect(ISOTime.parse("2017-12-19T15:57:16.181307+0000") != nil)
        #expect(ISOTime.parse("2026-11-22")!.milliseconds == ISOTime.parse("2026-11-22T00:00:00+08:00")!.milliseconds)
        for bad in ["", "2026-13-01T00:00:00Z", "2026-11-22T25:00:00Z", "yesterday", "2026-11-22T06:00:00Zjunk"] {
            #expect(ISOTime.parse(bad) == nil, "\(bad)")
        }
        #expect(ISOTime.format(base, offsetSeconds: 8 * 3600) == "2026-11-22T14:00:00.000+08:00")
        #expect(base.iso == "2026-11-22T06:00:00.000Z")
        #expect(ISOTime.format(Timestamp(milliseconds: -1), offsetSeconds: 0) == "1969-12-31T23:59:59.999Z")
    }

    @Test func civilRoundTrip() {
        for day in stride(from: -1000, to: 30000, by: 37) {
            let (y, m, d) = CivilDate.civilFromDays(day)
            #expect(CivilDate.daysFromCivil(year: y, month: m, day: d) == day)
        }
    }

    @Test func phoneMasking() {
        #expect(PhoneMask.mask("13812341234") == "138****1234")
        #expect(PhoneMask.mask("0871-12345678") == "087*-****5678")
        #expect(PhoneMask.mask("12345") == "***45")
    }

    @Test func dedupKeys() throws {
        let o = AlertObservation(at: Timestamp(milliseconds: 0), sensor: "ids-01", signatureID: 2_019_401, signature: "ET SCAN",
                                 level: .two, src: "203.0.113.7:5555", dest: "10.99.1.20:443")
        #expect(DedupKeySpec().key(for: o) == "ids-01\u{1F}2019401\u{1F}203.0.113.7\u{1F}10.99.1.20:443")
        var o2 = o
        o2.src = "203.0.113.7:6666"
        #expect(DedupKeySpec().key(for: o) == DedupKeySpec().key(for: o2))   // a new source port is the same alert
        let withPorts = try DedupKeySpec(names: ["sensor", "signature_id", "src", "dest"])
        #expect(withPorts.key(for: o) != withPorts.key(for: o2))
        #expect(throws: DedupKeySpec.DedupKeyError.unknownField("colour")) { try DedupKeySpec(names: ["colour"]) }
        #expect(o.destHost == "10.99.1.20")
        var v6 = o
        v6.dest = "[2001:db8::1]:443"
        #expect(v6.destHost == "2001:db8::1")
    }

    /// The byte scan for ASCII endpoints gives what the Character rules give: one colon splits off the port, none
    /// or several (bare IPv6) keep the text, brackets and non-ASCII text take the Character path.
    @Test func endpointHostsByBytesAndByCharacters() {
        let cases: [(String, String)] = [
            ("203.0.113.7:51234", "203.0.113.7"), ("203.0.113.7", "203.0.113.7"), ("2001:db8::1", "2001:db8::1"),
            ("10.0.0.1:", "10.0.0.1"), (":443", ""), ("", ""), ("[2001:db8::1]:443", "2001:db8::1"), ("[::1", "[::1"),
            ("a[b]:80", "a[b]"), ("主机:80", "主机"), ("主机", "主机"), ("h:\u{301}80", "h:\u{301}80"), ("h\u{301}:80", "h\u{301}"),
        ]
        for (endpoint, host) in cases {
            #expect(AlertObservation.host(of: endpoint) == host, "\(endpoint)")
        }
    }

    @Test func gridCodes() {
        #expect(GridCode.level(of: "990102") == .county)
        #expect(GridCode.level(of: "990102003001004") == .grid)
        #expect(GridCode.parent(of: "990102003001004") == "990102003001")
        #expect(GridCode.parent(of: "990102") == nil)
        #expect(GridCode.level(of: "99010200300100X") == nil)
        #expect(Grid(id: "990102003", name: "青石镇").level == .township)
    }

    @Test func jsonWriterIsCanonical() {
        let v: JSONValue = ["b": 1, "a": ["x", nil, true], "c": "火警\n\u{1B}"]
        #expect(v.serialized == "{\"a\":[\"x\",null,true],\"b\":1,\"c\":\"火警\\n\\u001b\"}")
    }

    @Test func severityMappings() {
        #expect(SeverityMapping.fromSuricata(1) == .two)
        #expect(SeverityMapping.fromSuricata(3) == .four)
        #expect(SeverityMapping.fromCEF("10") == .one)
        #expect(SeverityMapping.fromCEF("Very-High") == .one)
        #expect(SeverityMapping.fromCEF("5") == .three)
        #expect(SeverityMapping.fromCEF("11") == nil)
        #expect(SeverityMapping.fromCAP("Severe") == .two)
    }
}
