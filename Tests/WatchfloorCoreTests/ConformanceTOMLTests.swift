import Foundation
import Testing
import WatchfloorCore

/// BurntSushi/toml-test cases for dates/times, comments and control characters (vendored under
/// Tests/Fixtures/conformance/toml-test, see PROVENANCE.md), plus the cases the issue quotes.
@Suite struct ConformanceTOMLTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Tests/Fixtures/conformance/toml-test")
    }()

    static func files(_ kind: String) -> [String] {
        let base = root.appendingPathComponent(kind)
        let e = FileManager.default.enumerator(atPath: base.path)
        return ((e?.allObjects as? [String]) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
    }

    static func text(_ kind: String, _ name: String) throws -> String {
        // Read as bytes: some invalid cases hold raw control characters on purpose.
        String(decoding: try Data(contentsOf: root.appendingPathComponent(kind).appendingPathComponent(name)), as: UTF8.self)
    }

    /// `56.600000Z` and `56.6Z` are the same time: toml-test pads fractions to microseconds.
    static func trimFraction(_ s: String) -> String {
        guard let dot = s.firstIndex(of: ".") else { return s }
        let digits = s[s.index(after: dot)...].prefix { $0.isNumber }
        let rest = s[digits.endIndex...]
        let kept = digits.replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
        return String(s[..<dot]) + (kept.isEmpty ? "" : "." + kept) + rest
    }

    /// toml-test's JSON: `{"type": "datetime", "value": "…"}` leaves, tables as objects, arrays as arrays.
    static func matches(_ ours: TOMLValue, _ expected: JSONValue) -> Bool {
        if let type = expected["type"]?.string, let value = expected["value"]?.string {
            switch type {
            case "string": return ours.string == value
            case "integer": return ours.int.map(String.init) == value
            case "float": return ours.double == Double(value)
            case "bool": return ours.bool.map { $0 ? "true" : "false" } == value
            case "datetime", "datetime-local", "date-local", "date", "time-local", "time":
                // toml-test normalises the separator and the zone letter; we keep the source text.
                guard let d = ours.datetime else { return false }
                let norm = d.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "t", with: "T").replacingOccurrences(of: "z", with: "Z")
                return trimFraction(norm) == trimFraction(value)
            default: return false
            }
        }
        if let array = expected.array {
            guard let a = ours.array, a.count == array.count else { return false }
            return zip(a, array).allSatisfy { matches($0, $1) }
        }
        if let object = expected.object {
            guard let t = ours.table, t.count == object.count else { return false }
            return object.allSatisfy { k, v in t[k].map { matches($0, v) } ?? false }
        }
        return false
    }

    @Test func validCasesParseToTheExpectedValues() throws {
        let cases = Self.files("valid")
        #expect(cases.count == 10)
        var passed = 0
        for name in cases {
            let expected = try JSONParser.parse([UInt8](try Data(contentsOf: Self.root.appendingPathComponent("valid")
                .appendingPathComponent(name.replacingOccurrences(of: ".toml", with: ".json")))))
            do {
                let doc = try TOML.parse(try Self.text("valid", name))
                if Self.matches(.table(doc), expected) { passed += 1 } else { Issue.record("valid/\(name): values differ from the expected JSON") }
            } catch { Issue.record("valid/\(name) was refused: \(error)") }
        }
        print("toml-test valid: \(passed)/\(cases.count) passed")
        #expect(passed == cases.count)
    }

    @Test func invalidCasesAreRefused() throws {
        let cases = Self.files("invalid")
        #expect(cases.count == 27)
        var refused = 0
        for name in cases {
            do {
                _ = try TOML.parse(try Self.text("invalid", name))
                Issue.record("invalid/\(name) was accepted")
            } catch { refused += 1 }
        }
        print("toml-test invalid: \(refused)/\(cases.count) refused")
        #expect(refused == cases.count)
    }

    @Test func impossibleDatesAreRefusedWithTheField() {
        for (text, why) in [("d = 1997-09-00T07:32:00Z", "day 0 does not exist"), ("d = 2006-13-01", "month 13"),
                            ("d = 2023-02-29", "day 29 does not exist in 2023-02"), ("t = 24:00:00", "hour 24"),
                            ("t = 12:60:00", "minute 60"), ("d = 2006-01-01T00:00:00+24:00", "offset"),
                            ("d = 2006-01-01T00:00:00.Z", "fraction")] {
            do { _ = try TOML.parse(text); Issue.record("\(text) was accepted") } catch {
                #expect("\(error)".contains(why), "\(text): \(error)")
            }
        }
        #expect((try? TOML.parse("d = 2024-02-29T23:59:60.5+08:00")) != nil, "leap day and leap second are real")
    }

    @Test func controlCharactersInCommentsAreRefused() {
        for c in ["\u{0}", "\u{1B}", "\u{7F}", "\r"] {
            #expect(throws: (any Error).self) { try TOML.parse("a = 1 # x\(c)y\n") }
        }
        #expect((try? TOML.parse("a = 1 # tab\tis fine\r\nb = 2")) != nil)
    }

    @Test func deepNestingIsAClearErrorNotACrash() {
        for open in ["[", "{a="] {
            let text = "x = " + String(repeating: open, count: 100_000)
            do { _ = try TOML.parse(text); Issue.record("accepted") } catch {
                #expect("\(error)".contains("nested deeper than 128 levels"))
            }
        }
        #expect((try? TOML.parse("x = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100))) != nil)
    }
}

@Suite struct FieldOwnershipAndCapTests {
    let t0 = ISOTime.parse("2026-11-22T08:00:00+08:00")!

    @Test func mergeKeepsOperatorFieldsAndReportsConflicts() {
        let e = Incident(id: "INC-1", source: "110", sourceRef: "A", category: .publicSafety, level: .three, title: "旧",
                         status: .acknowledged, reportedAt: t0, ackedAt: t0, ackedBy: "王伟", assignee: "派出所")
        var i = Incident(id: "", source: "110", sourceRef: "A", category: .dispute, level: .four, title: "新", reportedAt: t0)
        i.status = .resolved
        let (m, conflicts) = FieldOwnership.merge(existing: e, incoming: i, claims: .init(levelSetBy: "王伟", statusSetBy: "王伟"))
        #expect(m.title == "新" && m.category == .dispute && m.level == .three && m.status == .acknowledged && m.assignee == "派出所")
        #expect(conflicts.map(\.note) == ["feed says level Ⅳ; kept Ⅲ set by 王伟", "feed says status resolved; kept acknowledged set by 王伟"])
        let (untouched, none) = FieldOwnership.merge(existing: e, incoming: i, claims: .init())
        #expect(untouched.level == .four && untouched.status == .resolved && none.isEmpty)
    }

    @Test func capsCutAtCharacterBoundariesWithAMarker() {
        #expect(TextCap.characters("短标题") == "短标题")
        let cut = TextCap.characters(String(repeating: "👩‍🚒", count: 600))
        #expect(cut.hasPrefix(String(repeating: "👩‍🚒", count: 512)) && cut.hasSuffix("88 more characters〕"))
        let bytes = TextCap.bytes(String(repeating: "中", count: 30_000), max: 10)
        #expect(bytes == "中中中 …〔已截断 truncated: 89991 more bytes〕")
    }
}
