import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorReports

/// The handover's public-opinion section: hot topics with their peaks and the responses made, as golden
/// Markdown (zh, en) and JSON; left out entirely when the shift saw no opinion activity (the other goldens).
@Suite(.serialized) struct OpinionHandoverTests {
    static func seeded() throws -> Fixture {
        let fx = try Fixture()
        var records: [IngestRecord] = [.grid(Grid(id: "990102002", name: "青石镇")), .grid(Grid(id: "990102002002", name: "青石镇石门村"))]
        for i in 0..<12 {
            records.append(.post(Post(platform: i % 3 == 0 ? "douyin" : "weibo", postID: "r\(i)", author: "网友\(i)",
                                      text: "网传青石镇石门村水库决堤，下游被淹，大家注意安全\(String(repeating: "！", count: i % 3))",
                                      url: "https://weibo.example/r\(i)", publishedAt: local("2026-11-21T21:\(String(format: "%02d", 10 + i * 3))"),
                                      reposts: 40 + i, comments: 20, likes: 100)))
        }
        records.append(.post(Post(platform: "weibo", postID: "n1", author: "路人", text: "今晚的月亮真圆\u{1B}[31m",
                                  publishedAt: local("2026-11-21T22:00"))))
        try IngestWriter(store: fx.store).write(IngestBatch(source: "opinion", records: records))
        let topic = try #require(try fx.store.read { try OpinionRepository.list($0, matchedOnly: true) }.first)
        let ops = OperatorActions(store: fx.store, actor: "lina")
        try ops.assess(topic: topic.id)
        try ops.respond(topic: topic.id, channel: "云岭发布官方微博", content: "经核实，石门水库运行正常，网传决堤系谣言。\u{1B}]0;x\u{07}",
                        at: local("2026-11-21T23:30"))
        return fx
    }

    @Test(arguments: [HandoverFormat.markdown, .json], Language.allCases)
    func opinionSectionMatchesGolden(format: HandoverFormat, lang: Language) throws {
        let fx = try Self.seeded()
        defer { fx.remove() }
        let bytes = try HandoverService(store: fx.store, settings: fx.settings)
            .document(shift: .id(Fixture.shiftID), format: format, lang: lang, now: fx.clock.now)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("石门村水库决堤"))
        #expect(!text.contains("\u{1B}") && !text.contains("月亮"))   // escapes never, unmatched chatter not a hot topic
        try expectGolden(bytes, "handover-opinion-\(lang.rawValue).\(format.fileExtension)")
    }
}
