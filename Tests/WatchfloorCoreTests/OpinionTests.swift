import Testing
@testable import WatchfloorCore

@Suite struct WatchMatchingTests {
    let grids = [
        Grid(id: "990102", name: "云岭县"), Grid(id: "990102002", name: "青石镇"),
        Grid(id: "990102002002", name: "青石镇石门村"), Grid(id: "990102005", name: "白沙乡"),
        Grid(id: "990102005003", name: "白沙乡新寨村"),
    ]

    @Test func findsCategoryExclusionAndMostSpecificPlaceWithoutSegmentation() {
        let m = WatchMatcher(rules: WatchRules(places: WatchRules.places(from: grids)))
        let a = m.match("网传青石镇石门村水库决堤，下游被淹")
        #expect(a.category == "natural_disaster")
        #expect(a.words == ["决堤"])
        #expect(a.gridID == "990102002002")   // 石门村 (short form) and 青石镇 both occur: the village wins
        let b = m.match("白沙乡新寨村养殖场拖欠工资，工人聚集讨薪维权")
        #expect(b.category == "dispute")
        #expect(b.gridID == "990102005003")
        let drill = m.match("云岭县开展山洪决堤应急演练")
        #expect(drill.categories == ["natural_disaster"])
        #expect(drill.excluded && drill.category == nil)
        #expect(drill.gridID == "990102")
        let noise = m.match("今天天气不错，去龙泉喝茶🍵")
        #expect(noise.category == nil && noise.gridID == nil && noise.words.isEmpty)
    }

    @Test func shortPlaceFormsSkipTwoCharacterRemainders() {
        let places = WatchRules.places(from: grids).map(\.name)
        #expect(places.contains("石门村"))
        #expect(places.contains("新寨村"))
        #expect(!places.contains(""))
    }

    @Test func overlappingWordsAndEmojiAndMixedScripts() {
        let matcher = TextMatcher(words: [.init("中毒", tag: 0), .init("食物中毒", tag: 1), .init("he", tag: 2), .init("she", tag: 3)])
        var hits: [String] = []
        matcher.scan("😷学校食物中毒 she") { w, _ in hits.append(matcher.words[w].text) }
        #expect(hits.sorted() == ["he", "she", "中毒", "食物中毒"])
    }

    @Test func costDoesNotDependOnTheNumberOfRules() {
        // The automaton reads each byte once: a thousand extra rules leave the hits for a text unchanged.
        let few = WatchMatcher(rules: WatchRules())
        var many = WatchRules()
        many.categories.append(("bulk", (0..<1000).map { "词\($0)号" }))
        let big = WatchMatcher(rules: many)
        let text = "青石镇塌方，多户村民被困"
        #expect(few.match(text).words == big.match(text).words)
    }
}

@Suite struct SimHashClusteringTests {
    let rumour = "网传云岭县青石镇石门水库决堤，下游村庄被淹，大家注意安全！"
    let copy = "网传云岭县青石镇石门水库决堤了，下游几个村庄被淹，大家注意安全！！"
    let repost = "转发微博 //@张三: 网传云岭县青石镇石门水库决堤，下游村庄被淹，大家注意安全！ https://t.cn/A6x7Yz"
    let wages = "白沙乡新寨村一家养殖场拖欠工人工资半年，几十名工人聚集讨薪"
    let tea = "龙泉镇茶园村今年春茶丰收，茶农喜笑颜开，欢迎大家来品茶"

    @Test func normalisationDropsURLsMentionsRepostMarkersAndPunctuation() {
        let n = String(String.UnicodeScalarView(SimHash.normalize("转发微博 //@张三: 水库ＡＢ１ https://t.cn/x 决堤！😀")))
        #expect(n == "水库ab1决堤")
    }

    @Test func nearDuplicatesAndRepostsAreCloseUnrelatedStoriesAreFar() {
        let h = [rumour, copy, repost, wages, tea].map(SimHash.hash)
        #expect(SimHash.distance(h[0], h[2]) <= 3)
        #expect(SimHash.distance(h[0], h[1]) <= 14)
        #expect(SimHash.distance(h[0], h[3]) > 20)
        #expect(SimHash.distance(h[0], h[4]) > 20)
        #expect(SimHash.distance(h[3], h[4]) > 20)
    }

    @Test func clustererJoinsCopiesAndRepostsAndSeparatesStories() {
        var c = OpinionClusterer()
        let t0 = Timestamp(milliseconds: 1_790_000_000_000)
        func assign(_ text: String, _ newTopic: Int64, category: String? = nil, grid: String? = nil) -> Int64 {
            let h = SimHash.hash(text)
            let topic = c.topic(for: h, category: category, gridID: grid, at: t0)?.topic ?? newTopic
            c.file(h, topic: topic, category: category, gridID: grid, at: t0)
            return topic
        }
        #expect(assign(rumour, 1) == 1)
        #expect(assign(copy, 2) == 1)
        #expect(assign(repost, 3) == 1)
        #expect(assign(wages, 4, category: "dispute", grid: "990102005003") == 4)
        #expect(assign(tea, 5) == 5)
        // A paraphrase of the wage story (different words, same category and village) joins it as the same story.
        #expect(assign("新寨村养殖场欠薪半年，工人今天去讨薪了，希望有人管管", 6, category: "dispute", grid: "990102005003") == 4)
        // The same kind of story in another village is another topic.
        #expect(assign("石门村工地老板跑路，十几个工人讨薪无门", 7, category: "dispute", grid: "990102002002") == 7)
    }

    @Test func indexAnswersExactlyLikeABruteForceScanUpToTheThreshold() {
        var index = SimHashIndex(threshold: 15)
        var rng = SHA256TestRNG(seed: 7)
        var filed: [UInt64] = []
        for i in 0..<500 { let h = rng.next(); filed.append(h); index.insert(h, topic: Int64(i)) }
        for (i, h) in filed.enumerated().prefix(200) {
            // Queries 12…20 bits from a filed hash: the index must agree with a scan of everything filed.
            var query = h
            var bits = Set<Int>()
            while bits.count < 12 + i % 9 { bits.insert(Int(rng.next() % 64)) }
            for b in bits { query ^= 1 << UInt64(b) }
            let brute = filed.map { SimHash.distance($0, query) }.min()!
            let hit = index.nearest(query)
            if brute <= 15 { #expect(hit?.distance == brute) } else { #expect(hit == nil) }
        }
    }
}

@Suite struct HeatAndTopicLifecycleTests {
    @Test func heatGrowsWithVolumeVelocityAndEngagementAndCools() {
        let quiet = OpinionHeat.score(posts: 1, recent: 1, engagement: 0)
        let busy = OpinionHeat.score(posts: 30, recent: 20, engagement: 3000)
        #expect(quiet < 50)
        // Nobody posts any more: a day later the same topic has cooled below Ⅳ.
        #expect(OpinionHeat.score(posts: 30, recent: 0, engagement: 3000, ageHours: 24) < 50)
        #expect(busy > 85)
        var hourly = HourlyCounts()
        let t0 = Timestamp(milliseconds: 1_790_000_000_000 - 1_790_000_000_000 % 3_600_000)
        for i in 0..<30 { hourly.add(at: t0.adding(seconds: Int64(i * 60))) }
        #expect(hourly.recent(at: t0.adding(seconds: 1800)) == 30)
        #expect(hourly.recent(at: t0.adding(seconds: 3600 + 1800)) == 15)
        #expect(hourly.recent(at: t0.adding(seconds: 3 * 3600)) == 0)
        let topic = OpinionTopic(id: "OP-1", title: "t", firstSeen: t0, lastSeen: t0.adding(seconds: 1800), postCount: 30,
                                 engagement: 3000, hourly: hourly)
        #expect(topic.heat(at: t0.adding(seconds: 1800)) > topic.heat(at: t0.adding(seconds: 4 * 3600)))
        #expect(HourlyCounts(serialized: hourly.serialized) == hourly)
        #expect(hourly.window(hours: 3, endingAt: t0.adding(seconds: 2 * 3600)) == [30, 0, 0])
    }

    @Test func thresholdsPickTheMostSevereGradeReached() {
        let t = HeatThresholds()
        #expect(t.level(for: 49.9) == nil)
        #expect(t.level(for: 50) == .four)
        #expect(t.level(for: 70) == .three)
        #expect(t.level(for: 90) == .two)
        #expect(t.level(for: 500) == .one)
    }

    @Test func topicTransitionsFollowTheTable() throws {
        #expect(try TopicTransitions.assess.apply(to: .new) == .assessing)
        #expect(try TopicTransitions.respond.apply(to: .assessing) == .responding)
        #expect(try TopicTransitions.monitor.apply(to: .responding) == .monitoring)
        #expect(try TopicTransitions.respond.apply(to: .monitoring) == .responding)
        #expect(try TopicTransitions.close.apply(to: .monitoring) == .closed)
        #expect(throws: IllegalTransition.self) { try TopicTransitions.respond.apply(to: .new) }
        #expect(throws: IllegalTransition.self) { try TopicTransitions.monitor.apply(to: .assessing) }
        #expect(throws: IllegalTransition.self) { try TopicTransitions.close.apply(to: .responding) }
        #expect(try TopicTransitions.reopen.apply(to: .closed) == .assessing)
    }
}
