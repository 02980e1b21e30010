import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// The native decoder reads fields straight off the bytes (`NativeFieldValues`) instead of parsing a dictionary
/// first. These pin down that it still means exactly what a parsed JSON object would: escaped keys, repeated keys,
/// `null`, unknown keys of any shape, and invalid JSON anywhere on the line.
@Suite struct NativeFieldMatchingTests {
    static let alert = #""kind":"alert","at":"2026-11-20T08:12:00Z","sensor":"s","signature_id":7,"signature":"x","level":3,"src":"1.1.1.1","dest":"2.2.2.2:80""#

    @Test func everyFieldNameIsSnakeCaseAndMatchesItself() throws {
        #expect(NativeField.gridId.name == "grid_id")
        #expect(NativeField.signatureId.name == "signature_id")
        #expect(NativeField.callbackResult.name == "callback_result")
        #expect(Set(NativeField.names).count == NativeField.allCases.count)
        for field in NativeField.allCases {
            let json = "{\"\(field.name)\":1}"
            var copy = json
            let values = try copy.withUTF8 { try NativeFieldValues(UnsafeRawBufferPointer($0)) }
            #expect(values[field] == .int(1), "\(field.name)")
        }
    }

    @Test func escapedKeysAreTheSameField() {
        // "\u0073ensor" is "sensor"; "sig\u006eature" is "signature".
        let a = onlyAlert(decodeLine(.jsonl, #"{"kind":"alert","at":"2026-11-20T08:12:00Z","\u0073ensor":"esc","signature_id":7,"sig\u006eature":"y","level":3,"src":"1.1.1.1","dest":"2.2.2.2:80"}"#))
        #expect(a?.sensor == "esc")
        #expect(a?.signature == "y")
    }

    @Test func aRepeatedKeyKeepsItsLastValue() {
        let a = onlyAlert(decodeLine(.jsonl, "{" + Self.alert + #","sensor":"second","level":2}"#))
        #expect(a?.sensor == "second")
        #expect(a?.level == .two)
    }

    @Test func nullIsAbsent() {
        let r = decodeLine(.jsonl, "{" + Self.alert + #","proto":null,"sensor":null}"#)
        #expect(r.records.isEmpty)
        #expect(r.rejections.first?.reason == "missing required field 'sensor'")
        #expect(onlyAlert(decodeLine(.jsonl, "{" + Self.alert + #","proto":null}"#))?.proto == nil)
    }

    @Test func unknownKeysOfAnyShapeAreSkipped() {
        let line = "{" + #""extra":{"deep":[1,2.5e3,{"x":null}],"t":true},"sensorX":"no","sensor_":"no","kind_":"no","ünïcode":"键","#
            + Self.alert + #","trailing":[]}"#
        let a = onlyAlert(decodeLine(.jsonl, line))
        #expect(a?.sensor == "s")
        #expect(a?.signatureID == 7)
    }

    @Test(arguments: [
        #"{"kind":"alert","extra":[1,}"#,                    // bad JSON inside a field nobody reads
        #"{"kind":"alert","extra":"\x"}"#,                   // invalid escape in an unknown field
        #"{"kind":"alert"} {"kind":"alert"}"#,               // two values on one line
        #"{"kind":"alert","kind":}"#,
        #"[1,2"#,
    ])
    func invalidJSONAnywhereRejectsTheLineAsInvalidJSON(_ line: String) {
        let r = decodeLine(.jsonl, line)
        #expect(r.records.isEmpty)
        #expect(r.rejections.first?.reason.hasPrefix("invalid JSON: byte ") == true, "\(r.rejections)")
    }

    @Test func validJSONThatIsNotAnObject() {
        for line in ["[]", "\"kind\"", "42", "null"] {
            #expect(decodeLine(.jsonl, line).rejections.first?.reason == "line is not a JSON object", "\(line)")
        }
    }

    /// The same lines as a JSON array body (the HTTP route's other shape) give the same records.
    @Test func arrayDocumentAndLinesAgree() {
        let lines = (0..<3).map { i in #"{"kind":"alert","at":"2026-11-20T08:12:00Z","sensor":"s\#(i)","signature_id":\#(i),"signature":"x","level":3,"src":"1.1.1.1","dest":"2.2.2.2:80"}"# }
        let asLines = Decoders.decode(file: Array(lines.joined(separator: "\n").utf8), name: "b", format: .jsonl)
        let asArray = Decoders.decode(file: Array(("[" + lines.joined(separator: ",\n") + "]").utf8), name: "b", format: .jsonl)
        #expect(asLines.records.count == 3 && asLines.rejections.isEmpty)
        #expect(asLines.records == asArray.records)
    }
}
