import Testing
@testable import WatchfloorCore

@Suite struct JSONParserTests {
    @Test func scalarsAndContainers() throws {
        let v = try JSONParser.parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null, "x"], "b": {"c": {}} , "d": []} "#)
        #expect(v == ["a": [1, -2, .double(3.5), .double(1000), true, false, nil, "x"], "b": ["c": [:]], "d": []])
    }

    @Test func integersThatDoNotFitBecomeDoubles() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSONParser.parse("1.0") == .double(1))
    }

    @Test func stringEscapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try JSONParser.parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse("\"直接中文\"") == .string("直接中文"))
    }

    @Test func escapedKeys() throws {
        #expect(try JSONParser.parse(#"{"k\u0065y": 1}"#) == ["key": 1])
    }

    @Test(arguments: [
        ("{\"a\":1} x", "trailing data"),
        ("[1,]", "expected a value"),
        ("{,\"a\":1}", "expected a string key"),
        ("{\"a\" 1}", "expected ':'"),
        ("01", "leading zero"),
        ("1.", "digit expected"),
        ("\"\\ud800\"", "without a low surrogate"),
        ("\"\\udc00\"", "lone low surrogate"),
        ("\"\\x\"", "invalid escape"),
        ("\"a\u{01}\"", "control character"),
        ("tru", "invalid literal"),
        ("\"abc", "unterminated string"),
        ("", "unexpected end"),
    ])
    func rejects(_ input: String, _ message: String) {
        do {
            _ = try JSONParser.parse(input)
            Issue.record("accepted \(input)")
        } catch let e as JSONParseError {
            #expect(e.message.contains(message), "\(input): \(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func invalidUTF8ReportsOffset() {
        let bytes: [UInt8] = Array("{\"a\":\"ok".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: JSONParseError(offset: 8, message: "invalid UTF-8")) { try JSONParser.parse(bytes) }
        // Overlong encoding and UTF-16 surrogates encoded in UTF-8 are invalid too.
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(hostile) }
    }

    @Test func sequenceOfValues() throws {
        let values = try "{\"a\":1}\n{\n \"b\": 2\n}\n".utf8.withContiguousStorageIfAvailable {
            try JSONParser.parseSequence(UnsafeRawBufferPointer($0))
        }
        #expect(values == [["a": 1], ["b": 2]])
    }

    @Test func roundTripThroughSerialized() throws {
        let v: JSONValue = ["s": "引号\"与\\反斜杠\n", "n": [1, .double(2.5), nil], "t": true]
        #expect(try JSONParser.parse(v.serialized) == v)
    }

    @Test func readerSkipsWithoutBuilding() throws {
        let text = #"{"skip":{"deep":[1,{"x":"y"}]},"want":"yes"}"#
        var copy = text
        let got: String? = try copy.withUTF8 { buf in
            var r = JSONReader(UnsafeRawBufferPointer(buf))
            try r.beginObject()
            var want: String?
            while let k = try r.nextKey() {
                if k.equals("want") { want = try r.readString() } else { try r.skipValue() }
            }
            try r.expectEnd()
            return want
        }
        #expect(got == "yes")
    }

    @Test func utf8Check() {
        #expect(UTF8Check.firstInvalidOffset(Array("hello 世界 😀".utf8)) == nil)
        #expect(UTF8Check.firstInvalidOffset([0x61, 0x62, 0xFF]) == 2)
        #expect(UTF8Check.firstInvalidOffset([0xF4, 0x90, 0x80, 0x80]) == 0)   // > U+10FFFF
    }
}
