import Foundation
import WatchfloorCore
import WatchfloorGeo
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor-bench opinion [--posts N] [--stories S] [--chunk-lines L] [--cache-mb M] [--queue-records Q] [--trials T] [--seed S] [--peer-posts P]`
///
/// 1. The pipeline: N native `post` JSON lines (generated chunk by chunk, so the input never sits in memory
///    whole) through the real decoder, watch-rule matching, SimHash clustering, heat and incident raising into a
///    fresh store (the sample county's grids give the place names), fed in line chunks as the tail source does.
/// 2. The ceiling: the same lines decoded and inserted by a plain batched INSERT into a bare table with the same
///    unique key — what storing posts costs with no matching, clustering or topics.
/// 3. Post → incident: T new stories, posted one post at a time through `submitAndWait`, until each one's heat
///    raises its incident: the time from submitting the post that crossed the threshold until its incident is
///    committed.
/// 4. The peer (`OpinionPeerRun`): a python3-stdlib script doing the same kind of work on the first P posts
///    (default 20,000; 0 skips it), compared by posts per wall second and per CPU second.
/// Peak RSS is the process's VmHWM. CPU seconds are the whole process's (decode thread + writer thread), so
/// posts per CPU second is comparable on a loaded machine. Ends with one JSON line.
enum OpinionBench {
    static func run(arguments: [String]) throws {
        var posts = 200_000, stories = 3_000, chunkLines = 1_000, cacheMB = 8, trials = 20, queueRecords = 5_000
        var seed: UInt64 = 1411
        var peerPosts = 20_000
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--posts": posts = Int(next) ?? posts
            case "--stories": stories = max(1, Int(next) ?? stories)
            case "--chunk-lines": chunkLines = max(1, Int(next) ?? chunkLines)
            case "--cache-mb": cacheMB = max(1, Int(next) ?? cacheMB)
            case "--trials": trials = max(0, Int(next) ?? trials)
            case "--queue-records": queueRecords = max(1, Int(next) ?? queueRecords)
            case "--seed": seed = UInt64(next) ?? seed
            case "--peer-posts": peerPosts = max(0, Int(next) ?? peerPosts)
            default: throw IngestBench.BenchError("unknown argument \(arguments[i]) (use --posts N --stories S --chunk-lines L --cache-mb M --queue-records Q --trials T --seed S --peer-posts P)")
            }
            i += 2
        }
        let dir = BenchSupport.temporaryDirectory("opinion")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("opinion bench: \(posts) posts from \(stories) stories + noise, chunks of \(chunkLines) lines, SQLite cache \(cacheMB) MiB")

        let store = try Store(path: dir + "/pipeline.db")
        try IngestWriter(store: store).write(IngestBatch(source: "county", records: SyntheticPosts.grids))
        var config = PipelineConfig()
        config.queueMaxRecords = queueRecords   // back-pressure: decoded posts waiting for the writer cost memory
        let pipeline = try IngestPipeline(store: store, config: config)
        // The committer asks for a 64 MiB page cache for the alert hot path; posts are appended, so a small cache
        // does (and the RSS target is about the process, cache included).
        try store.withConnection { try $0.execute("PRAGMA cache_size=-\(cacheMB * 1024)") }
        pipeline.start()
        var gen = SyntheticPosts(stories: stories, seed: seed)
        var bytes = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        let cpu0 = BenchSupport.cpuSeconds()
        var n = 0
        while n < posts {
            let count = min(chunkLines, posts - n)
            let chunk = gen.lines(count)
            bytes += chunk.count
            pipeline.submit(IngestUnit(source: "bench", format: .jsonl, payload: .lines(chunk, firstLine: n + 1, baseOffset: 0),
                                       origin: "posts.jsonl"))
            n += count
        }
        pipeline.flush()
        let t1 = DispatchTime.now().uptimeNanoseconds
        let cpuSeconds = BenchSupport.cpuSeconds() - cpu0
        let seconds = Double(t1 - t0) / 1e9
        let (stored, topics, incidents, dead) = try store.withConnection { c in
            (try c.scalarInt("SELECT COUNT(*) FROM opinion_posts") ?? 0, try c.scalarInt("SELECT COUNT(*) FROM opinion_topics") ?? 0,
             try c.scalarInt("SELECT COUNT(*) FROM incidents") ?? 0, try c.scalarInt("SELECT COUNT(*) FROM dead_letters") ?? 0)
        }
        guard stored == Int64(posts) else { throw IngestBench.BenchError("stored \(stored) posts, expected \(posts) (\(dead) dead letters)") }
        let rate = Double(posts) / seconds
        let rssAfterBulk = peakResidentMB()

        // 3. Post → incident.
        var latencies: [Double] = []
        for trial in 0..<trials {
            var k = 0
            while k < 200 {
                let line = gen.hotPost(story: trial, index: k)
                let s = DispatchTime.now().uptimeNanoseconds
                _ = pipeline.submitAndWait(IngestUnit(source: "bench-live", format: .jsonl, payload: .lines(line, firstLine: 1, baseOffset: 0), origin: "live"))
                let e = DispatchTime.now().uptimeNanoseconds
                let raised = try store.withConnection { c in
                    try c.scalarInt("SELECT COUNT(*) FROM opinion_topics t JOIN opinion_posts p ON p.topic_key = t.key WHERE p.platform='live' AND p.post_id=? AND t.incident_id IS NOT NULL",
                                    [.text("live-\(trial)-\(k)")]) ?? 0
                }
                if raised > 0 { latencies.append(Double(e - s) / 1e6); break }
                k += 1
            }
        }
        pipeline.drain()

        // 2. The ceiling.
        var ceilingGen = SyntheticPosts(stories: stories, seed: seed)
        let bare = try Connection(path: dir + "/ceiling.db")
        try bare.execute("PRAGMA journal_mode=WAL")
        try bare.execute("PRAGMA synchronous=NORMAL")
        try bare.execute("PRAGMA cache_size=-\(cacheMB * 1024)")
        try bare.execute("""
            CREATE TABLE bare(platform TEXT, post_id TEXT, author TEXT, text TEXT, url TEXT, published_at INTEGER,
              reposts INTEGER, comments INTEGER, likes INTEGER, UNIQUE(platform, post_id))
            """)
        let decoder = NativeJSONLDecoder()
        let context = DecodeContext(sourceName: "bench")
        let t2 = DispatchTime.now().uptimeNanoseconds
        n = 0
        while n < posts {
            let count = min(5_000, posts - n)
            let chunk = ceilingGen.lines(count)
            var parsed: [Post] = []
            LineSplitter.forEach(chunk) { _, _, span in
                for r in decoder.decode(line: span, position: "", context: context).records { if case .post(let p) = r { parsed.append(p) } }
            }
            try bare.writeTransaction {
                let s = try bare.prepare("INSERT INTO bare VALUES (?,?,?,?,?,?,?,?,?)")
                for p in parsed {
                    s.reset()
                    try s.bind([.text(p.platform), .text(p.postID), .from(p.author), .text(p.text), .from(p.url), .from(p.publishedAt),
                                .int(Int64(p.reposts)), .int(Int64(p.comments)), .int(Int64(p.likes))])
                    while try s.step() {}
                }
            }
            n += count
        }
        let ceilingSeconds = Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e9
        let ceilingRate = Double(posts) / ceilingSeconds
        let peer = try OpinionPeerRun.measure(posts: min(peerPosts, posts), stories: stories, seed: seed, dir: dir)
        let sorted = latencies.sorted()
        let p50 = sorted.isEmpty ? .nan : BenchSupport.percentile(sorted, 50)
        let p95 = sorted.isEmpty ? .nan : BenchSupport.percentile(sorted, 95)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"

        print(String(format: "pipeline (decode + match + SimHash cluster + heat + incidents + store): %.2f s, %.0f posts/s (%d MB of JSON lines)",
                     seconds, rate, bytes / 1_000_000))
        print("  → \(stored) posts, \(topics) topics, \(incidents) public-opinion incidents")
        print(String(format: "  CPU %.2f s (both threads): %.0f posts per CPU second", cpuSeconds, Double(posts) / cpuSeconds))
        if let peer {
            let peerRate = Double(peer.posts) / peer.wallSeconds, peerCPURate = Double(peer.posts) / peer.cpuSeconds
            print(String(format: "peer (python3 Benchmarks/peers/opinion_posts.py, first %d posts): %.2f s, %.0f posts/s, CPU %.2f s (%.0f posts per CPU second), %d topics, peak RSS %.1f MB",
                         peer.posts, peer.wallSeconds, peerRate, peer.cpuSeconds, peerCPURate, peer.topics, peer.peakRSSMiB))
            print(String(format: "  pipeline/peer: %.1f× per wall second, %.1f× per CPU second", rate / peerRate, Double(posts) / cpuSeconds / peerCPURate))
            print(String(format: "  generating the input alone: %.0f posts/s (included in the pipeline's wall time, on the submitting thread)",
                         Double(peer.posts) / peer.generateSeconds))
        }
        print(String(format: "ceiling (decode + plain batched INSERT, same unique key): %.2f s, %.0f posts/s; pipeline/ceiling %.2f",
                     ceilingSeconds, ceilingRate, rate / ceilingRate))
        print(String(format: "post → raised incident over %d stories: median %.1f ms, p95 %.1f ms", latencies.count, p50, p95))
        print(String(format: "peak RSS: %.1f MB after the bulk load, %.1f MB at the end; load average at the end: %@",
                     rssAfterBulk, peakResidentMB(), load))
        let peerPerSecond: JSONValue = peer.map { .int(Int64(Double($0.posts) / $0.wallSeconds)) } ?? .null
        let peerPerCPUSecond: JSONValue = peer.map { .int(Int64(Double($0.posts) / $0.cpuSeconds)) } ?? .null
        let json: JSONValue = .object([
            "bench": "opinion", "posts": .int(Int64(posts)), "topics": .int(topics), "incidents": .int(incidents),
            "pipeline_per_s": .int(Int64(rate)), "pipeline_per_cpu_s": .int(Int64(Double(posts) / cpuSeconds)),
            "ceiling_per_s": .int(Int64(ceilingRate)),
            "peer_per_s": peerPerSecond, "peer_per_cpu_s": peerPerCPUSecond,
            "ratio": .double((rate / ceilingRate * 1000).rounded() / 1000),
            "incident_latency_ms_p50": .double((p50 * 10).rounded() / 10), "incident_latency_ms_p95": .double((p95 * 10).rounded() / 10),
            "peak_rss_mb": .double((peakResidentMB() * 10).rounded() / 10), "loadavg": .string(load),
        ])
        print(json.serialized)
    }

    /// VmHWM: the process's peak resident set.
    static func peakResidentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? .nan) / 1024
        }
        return .nan
    }
}

/// A deterministic stream of Chinese posts: stories (a place, an event, details) told again and again with small
/// edits and reposts, interleaved with unique noise, over three days.
struct SyntheticPosts {
    static let places = ["城关镇北街社区", "城关镇东街社区", "城关镇南街社区", "青石镇石门村", "青石镇松林村", "龙泉镇温泉村", "龙泉镇茶园村",
                         "河口乡渡口村", "河口乡石桥村", "白沙乡新寨村", "白沙乡沙坝村", "云岭县"]
    static let events = ["水库决堤", "食堂食物中毒", "工地工人讨薪", "公路塌方", "餐馆燃气爆炸", "村民维权", "山体滑坡", "超市卖过期食品",
                         "春茶丰收", "马拉松开跑", "新店开业", "晚霞很美", "路灯修好了", "集市很热闹"]
    static let words = Array("今天昨天早上晚上附近现场大家听说据说好多不少一些已经还是非常特别真的可能需要希望政府部门领导群众村民工人学生家长老板视频照片消息情况问题处理调查结果原因时间地点现在马上赶紧注意安全出行绕行关注转发评论点赞")
    static var grids: [IngestRecord] {
        [.grid(Grid(id: "990102", name: "云岭县")), .grid(Grid(id: "990102001", name: "城关镇")), .grid(Grid(id: "990102002", name: "青石镇")),
         .grid(Grid(id: "990102003", name: "龙泉镇")), .grid(Grid(id: "990102004", name: "河口乡")), .grid(Grid(id: "990102005", name: "白沙乡")),
         .grid(Grid(id: "990102001001", name: "城关镇北街社区")), .grid(Grid(id: "990102001002", name: "城关镇东街社区")),
         .grid(Grid(id: "990102001003", name: "城关镇南街社区")), .grid(Grid(id: "990102002002", name: "青石镇石门村")),
         .grid(Grid(id: "990102002003", name: "青石镇松林村")), .grid(Grid(id: "990102003002", name: "龙泉镇温泉村")),
         .grid(Grid(id: "990102003003", name: "龙泉镇茶园村")), .grid(Grid(id: "990102004002", name: "河口乡渡口村")),
         .grid(Grid(id: "990102004003", name: "河口乡石桥村")), .grid(Grid(id: "990102005003", name: "白沙乡新寨村")),
         .grid(Grid(id: "990102005002", name: "白沙乡沙坝村"))]
    }

    var rng: SplitMix64
    let stories: [String]
    var n = 0
    let start = ISOTime.parse("2026-11-19T08:00:00+08:00")!

    init(stories count: Int, seed: UInt64) {
        var r = SplitMix64(seed: seed)
        var s: [String] = []
        for _ in 0..<count {
            var detail = ""
            for _ in 0..<14 { detail.append(SyntheticPosts.words[Int(r.next() % UInt64(SyntheticPosts.words.count))]) }
            s.append(SyntheticPosts.places[Int(r.next() % 12)] + SyntheticPosts.events[Int(r.next() % 14)] + "，" + detail)
        }
        rng = r
        stories = s
    }

    mutating func word() -> String { String(SyntheticPosts.words[Int(rng.next() % UInt64(SyntheticPosts.words.count))]) }

    /// The next `count` posts as JSON lines.
    mutating func lines(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 260)
        for _ in 0..<count {
            n += 1
            let at = start.adding(milliseconds: Int64(n) * 1_296)   // 200,000 posts over three days
            var text: String
            if rng.next() % 10 < 3 {
                text = (0..<24).map { _ in word() }.joined()             // noise
            } else {
                // Stories come and go: the active ones drift through the list as time passes.
                let active = (n / 100 + Int(rng.next() % 50)) % stories.count
                text = stories[active]
                if rng.next() % 2 == 0 { let w = word(); text.insert(contentsOf: w, at: text.index(text.startIndex, offsetBy: Int(rng.next() % 10) + 3)) }
                if rng.next() % 4 == 0 { text = "转发微博 //@网友\(rng.next() % 1000): " + text }
            }
            let line = "{\"kind\":\"post\",\"platform\":\"weibo\",\"id\":\"p\(n)\",\"author\":\"网友\(rng.next() % 5000)\",\"text\":\"\(text)\",\"url\":\"https://weibo.example/p\(n)\",\"published_at\":\"\(at.iso)\",\"reposts\":\(rng.next() % 20),\"comments\":\(rng.next() % 10),\"likes\":\(rng.next() % 50)}\n"
            out += Array(line.utf8)
        }
        return out
    }

    /// One post of live story `story` (a fresh story about a reservoir breach, posted now with high engagement).
    func hotPost(story: Int, index: Int) -> [UInt8] {
        let text = "紧急：青石镇石门村第\(story)号水库决堤，下游被淹，第\(index)位网友发布现场视频"
        return Array("{\"kind\":\"post\",\"platform\":\"live\",\"id\":\"live-\(story)-\(index)\",\"text\":\"\(text)\",\"published_at\":\"\(Timestamp.now().iso)\",\"reposts\":500,\"comments\":300,\"likes\":2000}\n".utf8)
    }
}
