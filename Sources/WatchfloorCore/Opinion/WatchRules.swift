/// What the duty room watches for in posts (舆情监测规则): watch-words per category, exclusion words that mark a
/// harmless use (a drill, a film, a hairstyle), and the county's own place names from the grid hierarchy, which
/// locate a post on the map. Configured in `[daemon.opinion]` (docs/opinion.md); matched by `WatchMatcher`.
public struct WatchRules: Sendable, Equatable {
    /// Category (an `IncidentCategory` raw value, or any name) → its watch-words. Order matters for ties.
    public var categories: [(name: String, words: [String])]
    public var exclusions: [String]
    /// Place name → grid code. Built from the grid hierarchy by `places(from:)`.
    public var places: [(name: String, gridID: String)]

    public init(categories: [(name: String, words: [String])] = WatchRules.defaultCategories,
                exclusions: [String] = WatchRules.defaultExclusions, places: [(name: String, gridID: String)] = []) {
        self.categories = categories; self.exclusions = exclusions; self.places = places
    }

    public static func == (a: WatchRules, b: WatchRules) -> Bool {
        a.categories.map(\.name) == b.categories.map(\.name) && a.categories.map(\.words) == b.categories.map(\.words)
            && a.exclusions == b.exclusions && a.places.map(\.name) == b.places.map(\.name)
            && a.places.map(\.gridID) == b.places.map(\.gridID)
    }

    public static let defaultCategories: [(name: String, words: [String])] = [
        ("natural_disaster", ["决堤", "溃坝", "垮坝", "塌方", "泥石流", "山体滑坡", "滑坡", "洪水", "内涝", "地震", "山火", "森林火灾"]),
        ("production_safety", ["爆炸", "起火", "着火", "火灾", "坍塌", "矿难", "透水", "泄漏", "中毒身亡", "安全事故"]),
        ("public_health", ["中毒", "食物中毒", "疫情", "传染", "发热", "腹泻", "呕吐", "拉肚子", "食品安全", "过期食品"]),
        ("dispute", ["讨薪", "欠薪", "拖欠工资", "维权", "上访", "拆迁", "征地", "聚集", "堵路", "拉横幅"]),
        ("public_safety", ["打架", "斗殴", "持刀", "伤人", "命案", "失踪", "诈骗", "抢劫", "车祸"]),
    ]
    public static let defaultExclusions = ["演练", "演习", "电影", "电视剧", "游戏", "爆炸头", "爆炸性新闻", "小说"]

    /// Place names of a grid hierarchy: every node's name, and for a node whose name starts with its parent's
    /// name also the rest (城关镇北街社区 → 北街社区), so posts that use the short form are located too.
    /// Short forms of two characters or fewer are left out: they are too likely to be ordinary words.
    public static func places(from grids: [Grid]) -> [(name: String, gridID: String)] {
        let names = Dictionary(grids.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out: [(String, String)] = []
        var seen = Set<String>()
        for g in grids.sorted(by: { $0.id < $1.id }) {
            if seen.insert(g.name).inserted { out.append((g.name, g.id)) }
            if let p = g.parent, let pn = names[p], g.name.hasPrefix(pn), g.name.count - pn.count > 2 {
                let short = String(g.name.dropFirst(pn.count))
                if seen.insert(short).inserted { out.append((short, g.id)) }
            }
        }
        return out
    }
}

/// What the rules found in one post.
public struct WatchMatch: Sendable, Equatable {
    /// Categories whose words occur, most hits first.
    public var categories: [String] = []
    /// The watch-words found (distinct, in order of first occurrence).
    public var words: [String] = []
    /// An exclusion word occurred: the post is kept and located but raises nothing.
    public var excluded = false
    /// The most specific place named (the longest grid code; among equals the first named).
    public var gridID: String?

    public init(categories: [String] = [], words: [String] = [], excluded: Bool = false, gridID: String? = nil) {
        self.categories = categories; self.words = words; self.excluded = excluded; self.gridID = gridID
    }

    /// The category that counts, nil when nothing matched or an exclusion word voids the match.
    public var category: String? { excluded ? nil : categories.first }
}

/// `WatchRules` compiled into one `TextMatcher`: one pass over a post finds every watch-word, exclusion and place.
public struct WatchMatcher: Sendable {
    public let rules: WatchRules
    private let matcher: TextMatcher
    /// Per word: what it means.
    private enum Meaning: Sendable { case category(Int), exclusion, place(String) }
    private let meanings: [Meaning]

    public init(rules: WatchRules) {
        self.rules = rules
        var words: [TextMatcher.Word] = []
        var meanings: [Meaning] = []
        for (i, c) in rules.categories.enumerated() {
            for w in c.words { words.append(.init(w, tag: words.count)); meanings.append(.category(i)) }
        }
        for w in rules.exclusions { words.append(.init(w, tag: words.count)); meanings.append(.exclusion) }
        for p in rules.places { words.append(.init(p.name, tag: words.count)); meanings.append(.place(p.gridID)) }
        matcher = TextMatcher(words: words)
        self.meanings = meanings
    }

    public func match(_ text: String) -> WatchMatch {
        var hits = Array(repeating: 0, count: rules.categories.count)
        var firstHit = Array(repeating: Int.max, count: rules.categories.count)
        var m = WatchMatch()
        var seenWords = Set<Int>()
        var bestGrid: String?
        matcher.scan(text) { w, end in
            switch meanings[w] {
            case .category(let c):
                hits[c] += 1
                firstHit[c] = min(firstHit[c], end)
                if seenWords.insert(w).inserted { m.words.append(matcher.words[w].text) }
            case .exclusion:
                m.excluded = true
            case .place(let grid):
                if bestGrid == nil || grid.count > bestGrid!.count { bestGrid = grid }
            }
        }
        m.gridID = bestGrid
        m.categories = hits.indices.filter { hits[$0] > 0 }
            .sorted { hits[$0] != hits[$1] ? hits[$0] > hits[$1] : firstHit[$0] < firstHit[$1] }
            .map { rules.categories[$0].name }
        return m
    }
}
