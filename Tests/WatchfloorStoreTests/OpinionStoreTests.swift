import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Posts through the real ingest writer into a real store: topics, exactly-once, the incident raised at the
/// threshold, and the topic workflow.
@Suite struct OpinionStoreTests {
    static let grids: [IngestRecord] = [
        .grid(Grid(id: "990102", name: "云岭县")), .grid(Grid(id: "990102002", name: "青石镇")),
        .grid(Grid(id: "990102002002", name: "青石镇石门村")), .grid(Grid(id: "990102004", name: "龙泉镇")),
    ]
    static let rumour = "网传云岭县青石镇石门村水库决堤，下游村庄被淹，大家注意安全！"

    func post(_ t: TempStore, _ id: String, _ text: String, minutes: Int64 = 0, platform: String = "weibo",
              reposts: Int = 0, comments: Int = 0, likes: Int = 0, repostOf: String? = nil) -> IngestRecord {
        .post(Post(platform: platform, postID: id, author: "用户\(id)", text: text, url: "https://weibo.example/\(id)",
                   publishedAt: t.now.adding(seconds: minutes * 60), reposts: reposts, comments: comments, likes: likes,
                   repostOf: repostOf))
    }

    func topics(_ t: TempStore) throws -> [OpinionTopic] {
        try t.store.withConnection { try OpinionRepository.list($0, includeClosed: true) }
    }

    @Test(arguments: StoreEngine.allCases) func nearDuplicatesAndRepostsJoinOneTopicUnrelatedPostsDoNot(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed(Self.grids)
        let out = try t.seed([
            post(t, "1", Self.rumour),
            post(t, "2", "网传云岭县青石镇石门村水库决堤了，下游几个村庄被淹，大家注意安全！！", minutes: 3),
            post(t, "3", "太可怕了", minutes: 5, repostOf: "1"),                    // a repost that names its original
            post(t, "4", "转发微博 //@用户1: " + Self.rumour, minutes: 6),           // a repost chain without a link
            post(t, "5", "龙泉镇茶园村今年春茶丰收，茶农喜笑颜开", minutes: 7),
        ])
        #expect(out.created["post"] == 5)
        let all = try topics(t)
        #expect(all.count == 2)
        let story = try #require(all.first { $0.category == "natural_disaster" })
        #expect(story.postCount == 4)
        #expect(story.gridID == "990102002002")
        #expect(story.platforms == ["weibo"])
        let tea = try #require(all.first { $0.category == nil })
        #expect(tea.postCount == 1)
        #expect(tea.incidentID == nil)
    }

    @Test(arguments: StoreEngine.allCases) func aResentPostCountsOnceAndOnlyMovesItsEngagement(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([post(t, "1", Self.rumour, reposts: 10)])
        try t.seed([post(t, "1", Self.rumour, reposts: 50)])
        let topic = try #require(try topics(t).first)
        #expect(topic.postCount == 1)
        #expect(topic.engagement == 100)
        #expect(try t.store.withConnection { try OpinionRepository.postCount($0) } == 1)
    }

    @Test(arguments: StoreEngine.allCases) func crossingAThresholdRaisesAnIncidentInTheSameBatchAndLaterRaisesItsGrade(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed(Self.grids)
        // One quiet post: below Ⅳ.
        try t.seed([post(t, "1", Self.rumour)])
        #expect(try topics(t).first?.incidentID == nil)
        // The batch that makes it hot raises the incident, with the top posts in its detail.
        var burst: [IngestRecord] = []
        for i in 2...8 { burst.append(post(t, "\(i)", "\(Self.rumour) 第\(i)次转", minutes: Int64(i), reposts: 40, comments: 20, likes: 100)) }
        let out = try t.seed(burst)
        let topic = try #require(try topics(t).first)
        #expect(topic.heat >= HeatThresholds().four)
        let incidentID = try #require(topic.incidentID)
        #expect(out.incidentIDs == [incidentID])
        let incident = try #require(try t.store.withConnection { try IncidentRepository.get($0, id: incidentID) })
        #expect(incident.category == .publicOpinion)
        #expect(incident.source == "opinion" && incident.sourceRef == topic.id)
        #expect(incident.level == HeatThresholds().level(for: topic.heat))
        #expect(incident.gridID == "990102002002")
        #expect(incident.detail.contains("热门帖文"))
        #expect(incident.detail.contains("https://weibo.example/"))
        // Much hotter: the same incident's grade goes up, no second incident.
        var flood: [IngestRecord] = []
        for i in 9...80 { flood.append(post(t, "\(i)", "\(Self.rumour) 第\(i)次转", minutes: 20, reposts: 300, comments: 200, likes: 900)) }
        try t.seed(flood)
        let hotter = try #require(try topics(t).first)
        #expect(hotter.incidentID == incidentID)
        let raised = try #require(try t.store.withConnection { try IncidentRepository.get($0, id: incidentID) })
        #expect(raised.level < incident.level)
        #expect(raised.escalations == 1)
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM incidents") } == 1)
    }

    @Test(arguments: StoreEngine.allCases) func unmatchedAndExcludedStoriesNeverRaise(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var records: [IngestRecord] = []
        for i in 0..<60 { records.append(post(t, "d\(i)", "云岭县开展水库决堤应急演练，场面壮观 \(i)", minutes: Int64(i), reposts: 500)) }
        for i in 0..<60 { records.append(post(t, "n\(i)", "今天云岭县的晚霞真美，大家快看 \(i)", minutes: Int64(i), reposts: 500)) }
        try t.seed(records)
        #expect(try topics(t).allSatisfy { $0.incidentID == nil && $0.category == nil })
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM incidents") } == 0)
    }

    @Test(arguments: StoreEngine.allCases) func workflowIsAuditedAndRecordsTheResponse(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([post(t, "1", Self.rumour)])
        let id = try #require(try topics(t).first?.id)
        let ops = OperatorActions(store: t.store, actor: "wangwei")
        #expect(try ops.assess(topic: id, note: "核实中").status == .assessing)
        let responded = try ops.respond(topic: id, channel: "云岭发布官方微博", content: "经核实，石门水库运行正常，网传决堤系谣言。https://weibo.example/yunling/1")
        #expect(responded.status == .responding)
        #expect(try ops.monitor(topic: id).status == .monitoring)
        #expect(try ops.close(topic: id).status == .closed)
        let responses = try t.store.withConnection { try OpinionRepository.responses($0, topicID: id) }
        #expect(responses.map(\.channel) == ["云岭发布官方微博"])
        #expect(responses.first?.actor == "wangwei")
        let timeline = try t.store.withConnection { try EventLog.timeline($0, kind: "topic", id: id) }
        #expect(timeline.map(\.topic) == ["opinion.topic.created", "topic.assess", "topic.respond", "topic.monitor", "topic.close"])
        #expect(timeline.dropFirst().allSatisfy { $0.hash != nil })
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    @Test(arguments: StoreEngine.allCases) func illegalStepsAndRacesAreRefusedNamingTheWinner(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([post(t, "1", Self.rumour)])
        let topic = try #require(try topics(t).first)
        #expect(throws: ActionRefused.self) { try OperatorActions(store: t.store, actor: "lina").monitor(topic: topic.id) }
        #expect(throws: StoreError.self) { try OperatorActions(store: t.store, actor: "lina").respond(topic: topic.id, channel: "", content: "x") }
        try OperatorActions(store: t.store, actor: "wangwei").assess(topic: topic.id, expectedVersion: topic.version)
        do {
            try OperatorActions(store: t.store, actor: "lina").assess(topic: topic.id, expectedVersion: topic.version)
            Issue.record("the second assessor must lose")
        } catch let refused as ActionRefused {
            #expect(refused.lastActor == "wangwei")
            #expect(refused.message(.zh).contains("研判"))
        }
        // Two threads race to respond with the version both saw: exactly one wins.
        let seen = try #require(try t.store.withConnection { try OpinionRepository.get($0, id: topic.id) }).version
        let wins = Counter()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let ops = OperatorActions(store: t.store, actor: i == 0 ? "wangwei" : "lina")
            if (try? ops.respond(topic: topic.id, channel: "官方微博", content: "辟谣 \(i)", expectedVersion: seen)) != nil { wins.add() }
        }
        #expect(wins.value == 1)
        #expect(try t.store.withConnection { try OpinionRepository.responses($0, topicID: topic.id) }.count == 1)
    }

    @Test(arguments: StoreEngine.allCases) func theIndexSurvivesARestartOfTheWriter(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([post(t, "1", Self.rumour)])
        // A fresh IngestWriter (a daemon restart) rebuilds its near-duplicate index from the store.
        try IngestWriter(store: t.store).write(IngestBatch(source: "test", records: [
            post(t, "2", "网传云岭县青石镇石门村水库决堤了，下游几个村庄被淹，大家注意安全！！", minutes: 2)]))
        #expect(try topics(t).count == 1)
    }

    @Test(arguments: StoreEngine.allCases) func hostileTextIsSanitisedBeforeItIsStored(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.post(Post(platform: "weibo\u{1B}[31m", postID: "x", author: "\u{1B}]0;pwned\u{07}坏人", text: "水库决堤\u{1B}[2J\u{202E}gnp.exe",
                               publishedAt: t.now))])
        let topicID = try topics(t)[0].id
        let stored = try #require(try t.store.withConnection { try OpinionRepository.posts($0, topicID: topicID) }.first)
        #expect(stored.post.author == "坏人")
        #expect(!stored.post.text.contains("\u{1B}") && !stored.post.text.contains("\u{202E}"))
        #expect(stored.post.platform == "weibo")
    }
}
