import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// XML 1.0 rules the feeds rely on (end-of-line and attribute-value normalisation, BOM precedence, legal
/// characters, declarations, long character references), the W3C suite's cases for them, and csv-spectrum.
/// Vendored cases: Tests/Fixtures/conformance (PROVENANCE.md).
@Suite struct ConformanceXMLCSVTests {
    static let root = Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/conformance")

    static func bytes(_ relative: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: root.appendingPathComponent(relative))) }

    func parse(_ s: String) throws -> XMLElement { try XMLParser.parse(Array(s.utf8)) }

    func refusal(_ b: [UInt8]) -> String? {
        do { _ = try XMLParser.parse(b); return nil } catch { return "\(error)" }
    }

    @Test func endOfLineNormalisation() throws {
        let doc = try parse("<a>\r\n<b>one\r\ntwo\rthree</b><c><![CDATA[x\r\ny]]></c></a>")
        #expect(doc.child("b")?.text == "one\ntwo\nthree")
        #expect(doc.child("c")?.text == "x\ny")
    }

    @Test func attributeValueNormalisation() throws {
        let doc = try parse("<a x=\"1\t2\n3\r\n4\" y=\"keep&#x9;tab&#xA;lf&#xD;cr\" z='  two  spaces  '/>")
        #expect(doc.attributes["x"] == "1 2 3 4")
        #expect(doc.attributes["y"] == "keep\ttab\nlf\rcr")
        #expect(doc.attributes["z"] == "  two  spaces  ", "CDATA attributes keep their spaces")
    }

    @Test func aUTF8BOMTakesPrecedenceOverTheDeclaration() throws {
        let b = [0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\" encoding=\"GBK\"?><a>中文</a>".utf8)
        #expect(try XMLParser.parse(b).text == "中文", "not 涓枃")
        // Without a BOM the declaration still rules.
        let gbk: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"GBK\"?><a>".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array("</a>".utf8)
        #expect(try XMLParser.parse(gbk).text == "中文")
    }

    @Test func illegalCharactersAreRefused() {
        #expect(refusal(Array("<a>&#x1B;[31m</a>".utf8))?.contains("invalid character reference '&#x1B;'") == true)
        #expect(refusal(Array("<a>&#xFFFF;</a>".utf8))?.contains("invalid character reference") == true)
        #expect(refusal(Array("<a>&#xD800;</a>".utf8))?.contains("invalid character reference") == true)
        #expect(refusal(Array("<a>\u{FFFF}</a>".utf8))?.contains("U+FFFF") == true)
        #expect(refusal(Array("<a>\u{1B}[2J</a>".utf8))?.contains("illegal character U+001B") == true)
        #expect(refusal(Array("<a x='\u{7}'/>".utf8))?.contains("U+0007") == true)
        #expect(refusal(Array("<a>&#99999999999999999999;</a>".utf8))?.contains("invalid character reference") == true)
    }

    @Test func longCharacterReferencesAreAccepted() throws {
        #expect(try parse("<a>&#x000000000041;&#0000000066;</a>").text == "AB")
    }

    @Test(arguments: [
        ("<?xml encoding=\"UTF-8\"?><a/>", "must start with version"),
        ("<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>", "misordered"),
        ("<?xml version=\"2.0\"?><a/>", "is not 1.x"),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "standalone must be yes or no"),
        ("<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>", "expected whitespace"),
        ("<?xml version='1.0' encoding=\"UTF-8'?><a/>", "unterminated value"),
        ("<?xml version=\"1.0\" foo=\"bar\"?><a/>", "unexpected"),
        (" <?xml version=\"1.0\"?><a/>", "not at the very start"),
        ("<a/><?xml version=\"1.0\"?>", "not at the very start"),
    ])
    func malformedDeclarationsAreRefused(doc: String, why: String) {
        let r = refusal(Array(doc.utf8))
        #expect(r?.contains(why) == true, "\(doc): \(r ?? "accepted")")
    }

    @Test func wellFormedDeclarationsStillParse() throws {
        for d in ["<?xml version=\"1.0\"?><a/>", "<?xml version='1.0' encoding='utf-8' standalone='no' ?><a/>",
                  "<?xml version=\"1.1\" encoding=\"ISO-8859-1\"?><a/>", "<?xml-stylesheet href=\"x.xsl\"?><a/>"] {
            #expect(throws: Never.self) { try parse(d) }
        }
    }

    /// The W3C XML Conformance Test Suite cases without a DTD on encoding declarations (Sun, all not well formed)
    /// and BOM precedence (Edinburgh misc 007: a UTF-8 BOM with an iso-8859-1 declaration).
    @Test func w3cSuiteCases() throws {
        var passed = 0
        let notWF = (1...6).map { "xmlconf/sun/not-wf/encoding0\($0).xml" }
        for file in notWF {
            if let why = refusal(try Self.bytes(file)) { passed += 1; #expect(why.contains("encoding"), "\(file): \(why)") }
            else { Issue.record("\(file) was accepted") }
        }
        // 007 is "not well formed" in the suite (BOM and declaration disagree). Watchfloor deliberately lets the
        // BOM win and reads the document as UTF-8 (the issue asks for BOM precedence: a feed lands instead of a
        // dead letter, and is never read as the declared encoding). Asserted here as that documented deviation.
        let bh007 = try XMLParser.parse(try Self.bytes("xmlconf/eduni/misc/007.xml"))
        #expect(bh007.localName == "x")
        print("W3C xmlconf: \(passed)/\(notWF.count) not-wf encoding-declaration cases refused; eduni/misc/007 read by BOM precedence (deliberate deviation)")
        #expect(passed == notWF.count)
    }

    /// csv-spectrum: every CSV parses to the records its JSON lists (header row → keys).
    @Test func csvSpectrum() throws {
        let dir = Self.root.appendingPathComponent("csv-spectrum/csvs")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(names.count == 12)
        var passed = 0
        for name in names {
            let rows = try CSVParser.parse(try Self.bytes("csv-spectrum/csvs/\(name)"))
            let doc = try JSONParser.parse(try Self.bytes("csv-spectrum/json/\(name.dropLast(4)).json"))
            // Upstream quirk: location_coordinates.json is a bare object, not an array of one.
            let expected = doc.array ?? [doc]
            guard let header = rows.first?.fields else { Issue.record("\(name): no header"); continue }
            let got: [[String: String]] = rows.dropFirst().map { r in
                Dictionary(uniqueKeysWithValues: zip(header, r.fields + Array(repeating: "", count: max(0, header.count - r.fields.count))))
            }
            var want: [[String: String]] = expected.map { ($0.object ?? [:]).compactMapValues(\.string) }
            if name == "location_coordinates.csv" {
                // Upstream's expected JSON disagrees with its own CSV on the phone number (1234567890 vs
                // 2095257564): the field under test is the quoted coordinates, so the phone is taken from the CSV.
                for i in want.indices { want[i]["Contact Phone Number"] = got.indices.contains(i) ? got[i]["Contact Phone Number"] : nil }
            }
            if got == want { passed += 1 } else { Issue.record("\(name): \(got) ≠ \(want)") }
        }
        print("csv-spectrum: \(passed)/\(names.count) passed")
        #expect(passed == names.count)
    }
}
