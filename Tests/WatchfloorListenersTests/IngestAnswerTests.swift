import Foundation
import Testing
import WatchfloorCore
import WatchfloorIngest
@testable import WatchfloorListeners

/// The 200 answer is written directly (it answers nearly every request); it must stay the very text the general
/// path (`JSONValue`, sorted keys) gives, so clients parsing either see one format.
@Suite struct IngestAnswerTests {
    static func records(_ lines: [String]) -> DecodeResult {
        Decoders.decode(file: Array(lines.joined(separator: "\n").utf8), name: "t", format: .jsonl)
    }

    static let alert = #"{"kind":"alert","at":"2026-11-20T08:12:00Z","sensor":"s","signature_id":1,"signature":"x","level":3,"src":"1.1.1.1","dest":"2.2.2.2:80"}"#
    static let post = #"{"kind":"post","platform":"微博","text":"路面塌陷 🚧","published_at":"2026-11-20T08:12:00+08:00"}"#
    static let incident = #"{"kind":"incident","source":"s","category":"other","level":2,"title":"t","reported_at":"2026-11-20T08:12:00+08:00"}"#

    static func oracle(accepted: Int, kinds: [String: Int], skipped: Int) -> String {
        JSONValue.object([
            "accepted": .int(Int64(accepted)), "rejected": .int(0), "skipped": .int(Int64(skipped)),
            "kinds": .object(kinds.mapValues { .int(Int64($0)) }),
        ]).serialized
    }

    @Test func theDirectAnswerIsTheGeneralOne() {
        let cases: [([String], [String: Int])] = [
            ([Self.alert], ["alert": 1]),
            (Array(repeating: Self.alert, count: 10), ["alert": 10]),
            ([Self.post, Self.alert, Self.incident, Self.alert, Self.post, Self.post], ["alert": 2, "incident": 1, "post": 3]),
        ]
        for (lines, kinds) in cases {
            let decoded = Self.records(lines)
            #expect(decoded.rejections.isEmpty, "\(decoded.rejections)")
            let counts = HTTPAnswer.kindCounts(decoded.records)
            #expect(counts.map(\.kind) == kinds.keys.sorted())
            let total = kinds.values.reduce(0, +)
            #expect(HTTPAnswer.accepted(total, kinds: counts, skipped: 0) == Self.oracle(accepted: total, kinds: kinds, skipped: 0))
            #expect(HTTPAnswer.accepted(total, kinds: counts, skipped: 7) == Self.oracle(accepted: total, kinds: kinds, skipped: 7))
        }
    }

    @Test func theAnswersStatusAndBody() async throws {
        let ok = HTTPAnswer.ingest(Self.records([Self.alert, Self.post]), .success(()))
        #expect(ok.status == .ok)
        let bad = HTTPAnswer.ingest(Self.records([Self.alert, #"{"kind":"alert"}"#]), .success(()))
        #expect(bad.status == .badRequest)
        struct Full: Error {}
        #expect(HTTPAnswer.ingest(Self.records([Self.alert]), .failure(Full())).status == .serviceUnavailable)
        #expect(HTTPAnswer.ingest(DecodeResult(), .success(())).status == .badRequest)
    }
}

/// The media type is cut out of Content-Type byte by byte; it must read every spelling a sender uses.
@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("application/x-ndjson", "application/x-ndjson"),
        (" TEXT/CSV ; charset=gb18030", "text/csv"),
        ("\tApplication/Atom+XML;charset=\"utf-8\"", "application/atom+xml"),
        ("text/xml;", "text/xml"),
        ("", ""),
        (" ; charset=utf-8", ""),
        ("application/json; 说明=中文", "application/json"),
        ("ÄPPLICATION/RSS+XML", "Äpplication/rss+xml"),
    ])
    func mediaType(_ header: String, _ expected: String) {
        #expect(RecordsBodyFormat.mediaType(header) == expected)
    }
}
