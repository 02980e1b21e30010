import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

/// `watchfloor opinion list|show|assess|respond|monitor|close|reopen`: public-opinion topics (网络舆情) and their
/// response workflow. Actions are compare-and-set and audited like every other.
struct OpinionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opinion", abstract: "Public-opinion topics (网络舆情): list, show, and move them through 研判 → 处置 → 跟踪 → 关闭.",
        subcommands: [List.self, Show.self, Assess.self, Respond.self, Monitor.self, Close.self, Reopen.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Topics by heat, hottest first (closed ones with --all).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only topics in this state: new, assessing, responding, monitoring, closed.") var status: String?
        @Flag(help: "Include closed topics.") var all = false
        @Flag(help: "Only topics that matched a watch-word.") var matched = false
        @Option(help: "At most this many topics.") var limit = 50
        @Flag(help: "Print JSON (one array).") var json = false

        func run() throws {
            try reportingErrors {
                let store = try global.openStore()
                var state: TopicStatus?
                if let status {
                    guard let s = TopicStatus(rawValue: status) else {
                        throw CLIError("unknown status '\(status)' (known: \(TopicStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    state = s
                }
                let county = try global.countyScope(store)
                let topics = try store.read {
                    try OpinionRepository.list($0, status: state, includeClosed: all, matchedOnly: matched, limit: max(1, limit), county: county)
                }
                let now = store.clock()
                if json { printJSON(.array(topics.map { OpinionJSON.topic($0, now: now) })); return }
                let zh = global.language == .zh
                var table = TextTable(headers: zh ? ["话题", "热度", "现在", "24小时", "帖文", "平台", "网格", "类别", "状态", "事件", "标题"]
                                                  : ["TOPIC", "HEAT", "NOW", "24H", "POSTS", "PLATFORMS", "GRID", "CATEGORY", "STATE", "INCIDENT", "TITLE"])
                table.flexible = [10]
                for t in topics {
                    table.rows.append([t.id, String(format: "%.1f", t.heat), String(format: "%.1f", t.heat(at: now)),
                                       Sparkline.render(t.hourly.window(hours: 24, endingAt: now)), String(t.postCount),
                                       t.platforms.joined(separator: ","), t.gridID ?? "—",
                                       t.category.map { IncidentCategory(rawValue: $0)?.label.text(global.language) ?? $0 } ?? "—",
                                       t.status.label.text(global.language), t.incidentID ?? "—", t.title])
                }
                print(table.render())
                if topics.isEmpty { print(zh ? "（没有话题）" : "(no topics)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A topic with its posts (newest first) and the responses made. URLs are shown, never opened.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "OP-…") var id: String
        @Option(help: "At most this many posts.") var posts = 50
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try global.openStore()
                let offset = try global.settings().offsetSeconds
                let (topic, list, responses) = try store.read { c -> (OpinionTopic?, [StoredPost], [TopicResponse]) in
                    (try OpinionRepository.get(c, id: id), try OpinionRepository.posts(c, topicID: id, limit: max(1, posts)),
                     try OpinionRepository.responses(c, topicID: id))
                }
                guard let topic else { throw StoreError.notFound(kind: "topic", id: id) }
                let now = store.clock()
                if json {
                    var o = OpinionJSON.topic(topic, now: now).object ?? [:]
                    o["posts_list"] = .array(list.map { OpinionJSON.post($0.post, topicID: id) })
                    o["responses"] = .array(responses.map(OpinionJSON.response))
                    printJSON(.object(o))
                    return
                }
                let l = global.language
                print("\(topic.id)  \(topic.title)")
                print("\(Bilingual("状态", "state").text(l)): \(topic.status.label.text(l))   \(Bilingual("热度", "heat").text(l)): \(topic.heat) (\(Bilingual("峰值", "peak").text(l)) \(topic.peakHeat), \(Bilingual("现在", "now").text(l)) \(topic.heat(at: now)))   \(Bilingual("帖文", "posts").text(l)): \(topic.postCount)   \(Bilingual("互动", "engagement").text(l)): \(topic.engagement)")
                print("\(Bilingual("平台", "platforms").text(l)): \(topic.platforms.joined(separator: ", "))   \(Bilingual("网格", "grid").text(l)): \(topic.gridID ?? "—")   \(Bilingual("事件", "incident").text(l)): \(topic.incidentID ?? "—")")
                print("\(Bilingual("首现", "first seen").text(l)): \(localTime(topic.firstSeen, offset: offset))   \(Bilingual("最近", "last seen").text(l)): \(localTime(topic.lastSeen, offset: offset))   48h: \(Sparkline.render(topic.hourly.window(hours: 48, endingAt: now)))")
                if !responses.isEmpty {
                    print("\n\(Bilingual("回应", "Responses").text(l)):")
                    for r in responses { print("  \(localTime(r.respondedAt, offset: offset))  \(r.channel)  \(r.actor)  \(r.content)") }
                }
                print("\n\(Bilingual("帖文", "Posts").text(l)):")
                var table = TextTable(headers: l == .zh ? ["时间", "平台", "作者", "转/评/赞", "内容", "链接"] : ["TIME", "PLATFORM", "AUTHOR", "R/C/L", "TEXT", "URL"])
                table.flexible = [4]
                table.maxWidth = 200
                for s in list {
                    let p = s.post
                    table.rows.append([localTime(p.publishedAt, offset: offset), p.platform, p.author ?? "—", "\(p.reposts)/\(p.comments)/\(p.likes)",
                                       TextSanitizer.sanitize(p.content), p.url ?? "—"])
                }
                print(table.render())
            }
        }
    }

    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start assessing a new topic (研判).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option(help: "A note recorded with the step.") var note: String?
        func run() throws { try topicAction(global, action, id: id, verb: "assessing") { try $0.assess(topic: id, expectedVersion: action.expectVersion, note: note) } }
    }

    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a response (处置): where it went out, its text or link, and when.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option(help: "Where the response was published, e.g. 云岭发布官方微博.") var channel: String
        @Option(help: "The response's text or link.") var text: String
        @Option(help: "When it was published (ISO-8601; default now).") var at: String?
        func run() throws {
            try topicAction(global, action, id: id, verb: "response recorded") { ops in
                var when: Timestamp?
                if let at {
                    guard let t = ISOTime.parse(at, defaultOffsetSeconds: try global.settings().offsetSeconds) else {
                        throw CLIError("--at '\(at)' is not an ISO-8601 time")
                    }
                    when = t
                }
                return try ops.respond(topic: id, channel: channel, content: text, at: when, expectedVersion: action.expectVersion)
            }
        }
    }

    struct Monitor: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a responded topic to monitoring (跟踪).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option var note: String?
        func run() throws { try topicAction(global, action, id: id, verb: "monitoring") { try $0.monitor(topic: id, expectedVersion: action.expectVersion, note: note) } }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a topic (关闭).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option var note: String?
        func run() throws { try topicAction(global, action, id: id, verb: "closed") { try $0.close(topic: id, expectedVersion: action.expectVersion, note: note) } }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a closed topic for assessment.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option var note: String?
        func run() throws { try topicAction(global, action, id: id, verb: "reopened") { try $0.reopen(topic: id, expectedVersion: action.expectVersion, note: note) } }
    }
}

/// The common body of the topic actions: open the store, act, report (JSON with --json).
func topicAction(_ global: GlobalOptions, _ options: ActionOptions, id: String, verb: String,
                 _ act: (OperatorActions) throws -> OpinionTopic) throws {
    try reportingErrors {
        let ops = OperatorActions(store: try global.openStore(), actor: global.actor)
        let topic = try act(ops)
        printOutcome(OpinionJSON.topic(topic), id: id, verb: verb, json: options.json)
    }
}
