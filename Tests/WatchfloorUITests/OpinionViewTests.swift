import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// The public-opinion view (`5`): topics by heat, Enter shows the posts (links as text, hostile text sanitised,
/// emoji measured by grapheme cluster), the topic workflow through the CAS actions with race feedback, and the
/// grid selection filtering it like every pane.
@Suite struct OpinionViewTests {
    static let rumourGrid = "990102003002003"      // 温泉村第3网格
    static let nightGrid = "990102001001001"       // 北街社区第1网格

    static func store(_ tag: String = "opinion") throws -> Store {
        let store = try UIFixture.store(tag)
        func post(_ id: String, _ text: String, minutes: Int64, platform: String = "weibo", author: String? = nil,
                  grid: String, likes: Int = 0, repostOf: String? = nil) -> IngestRecord {
            .post(Post(platform: platform, postID: id, author: author ?? "网友\(id)", text: text,
                       url: "https://weibo.example/\(id)?a=1\u{1B}]8;;evil\u{07}", publishedAt: UIFixture.ago(minutes: minutes),
                       reposts: 3, comments: 2, likes: likes, gridID: grid, repostOf: repostOf))
        }
        let rumour = "网传温泉村石门水库大坝决堤，下游村庄被淹，大家注意安全！"
        let records: [IngestRecord] = [
            post("r1", rumour, minutes: 50, author: "👩‍🚒消防员小王", grid: rumourGrid, likes: 40),
            post("r2", "网传温泉村石门水库大坝决堤了，下游几个村庄被淹，大家注意安全！！\u{1B}[2J", minutes: 30, platform: "douyin",
                 grid: rumourGrid, likes: 12),
            post("r3", "太可怕了 🇨🇳", minutes: 20, grid: rumourGrid, repostOf: "r1"),
            post("n1", "北街社区夜市烧烤油烟扰民，晚上十二点还在营业", minutes: 90, grid: nightGrid),
        ]
        try IngestWriter(store: store).write(IngestBatch(source: "fixture-posts", records: records))
        return store
    }

    static func topic(_ store: Store, containing text: String) throws -> OpinionTopic {
        try #require(try store.withConnection { try OpinionRepository.list($0, includeClosed: true) }.first { $0.title.contains(text) })
    }

    @Test(arguments: [Language.zh, .en])
    func viewFiveListsTopicsByHeat(language: Language) throws {
        let (rt, backend) = try UIFixture.runtime(try Self.store(), width: 120, height: 30, language: language)
        UIFixture.press(rt, .char("5"), .char("z"))
        let screen = UIFixture.screenText(backend)
        #expect(screen.contains(language.pick("5 网络舆情", "5 Public opinion")), "\(screen)")
        let rumourRow = try #require(screen.split(separator: "\n").firstIndex { $0.contains("石门水库") })
        let nightRow = try #require(screen.split(separator: "\n").firstIndex { $0.contains("夜市烧烤") })
        #expect(rumourRow < nightRow, "hottest first")
        #expect(screen.contains("第3网格") && screen.contains("weibo"))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x1B })
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "pane-opinion-120x30-\(language.rawValue)")
    }

    @Test func enterShowsThePostsWithLinksAsTextAndNothingHostile() throws {
        let (rt, backend) = try UIFixture.runtime(try Self.store(), width: 120, height: 40)
        UIFixture.press(rt, .char("5"), .enter)
        let screen = UIFixture.screenText(backend)
        #expect(screen.contains("帖子（最新在前，链接只显示不打开）"), "\(screen)")
        #expect(screen.contains("👩‍🚒消防员小王") || screen.contains("消防员小王"), "the author, emoji and all")
        #expect(screen.contains("链接：https://weibo.example/r1"), "\(screen)")
        #expect(screen.contains("douyin"))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // Every row still ends at the right border: the emoji and the flag are measured as the terminal draws them.
        for line in backend.screen.dump() { #expect(DisplayWidth.of(line) == 120, "\(line)") }
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "opinion-posts-120x40-zh")
        UIFixture.press(rt, .escape)
        #expect(UIFixture.screenText(backend).contains("5 网络舆情"))
    }

    @Test func workflowKeysRunTheTopicActions() throws {
        let store = try Self.store("opinion-flow")
        let (rt, backend) = try UIFixture.runtime(store, width: 120, height: 30)
        UIFixture.press(rt, .char("5"))
        #expect(try Self.topic(store, containing: "石门水库").status == .new)
        UIFixture.press(rt, .char("a"))
        #expect(try Self.topic(store, containing: "石门水库").status == .assessing, "\(UIFixture.screenText(backend))")
        UIFixture.press(rt, .char("p"))
        #expect(UIFixture.screenText(backend).contains("回应发布在哪个渠道"))
        UIFixture.type(rt, "县政府微博")
        UIFixture.press(rt, .enter)
        #expect(UIFixture.screenText(backend).contains("回应内容或链接（县政府微博）"))
        UIFixture.type(rt, "经核实大坝安全，系谣言 https://gov.example/x")
        UIFixture.press(rt, .enter)
        let responded = try Self.topic(store, containing: "石门水库")
        #expect(responded.status == .responding)
        let responses = try store.withConnection { try OpinionRepository.responses($0, topicID: responded.id) }
        #expect(responses.map(\.channel) == ["县政府微博"] && responses.first?.actor == "wangwei")
        UIFixture.press(rt, .char("w"))
        #expect(try Self.topic(store, containing: "石门水库").status == .monitoring)
        UIFixture.press(rt, .char("c"), .char("y"))
        #expect(try Self.topic(store, containing: "石门水库").status == .closed)
        #expect(rt.model.message?.text.contains("已关闭") == true, "\(String(describing: rt.model.message))")
    }

    @Test func aRaceNamesTheOtherOperator() throws {
        let store = try Self.store("opinion-race")
        let (rt, _) = try UIFixture.runtime(store, width: 120, height: 30)
        UIFixture.press(rt, .char("5"))
        let topic = try Self.topic(store, containing: "石门水库")
        try OperatorActions(store: store, actor: "lina").assess(topic: topic.id)
        UIFixture.press(rt, .char("a"))          // the screen still shows the version before lina's
        let message = try #require(rt.model.message)
        #expect(message.role == .warning && message.text.contains("李娜"), "\(message.text)")
    }

    @Test func theGridSelectionFiltersTheView() throws {
        let (rt, backend) = try UIFixture.runtime(try Self.store(), width: 120, height: 30)
        UIFixture.press(rt, .char("5"), .char("z"), .char(":"))
        UIFixture.type(rt, "grid \(Self.nightGrid)")
        UIFixture.press(rt, .enter)
        let screen = UIFixture.screenText(backend)
        #expect(screen.contains("夜市烧烤") && !screen.contains("石门水库"), "\(screen)")
    }
}
