// The public-opinion view (`5`): topics by heat with their last hours as a sparkline, platforms, grid and state;
// Enter shows a topic's posts. Posts are untrusted: every field is sanitised to one line or plain text, URLs are
// shown as text and never opened, and widths are measured by grapheme cluster like every other pane.

import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal

extension Model {
    /// Hours the trend sparkline covers at most (one cell per hour).
    static let opinionTrendHours = 12

    func opinionTable(_ items: [OpinionTopic], width: Int) -> ([TableColumn], [TableRow]) {
        let l = language
        let hours = Model.opinionTrendHours
        let columns: [PaneColumn<OpinionTopic>] = [
            PaneColumn(l.pick("热度", "Heat"), .fixed(5, priority: 0), alignment: .right) { t, _ in
                [Span(Model.heatText(t.heat(at: self.now)), role: .title)]
            },
            PaneColumn(header: { w in l.pick("近\(w)小时", "\(w) h") }, ColumnNeed(priority: 5, minimum: 6, preferred: hours)) { t, w in
                [Span(Sparkline(t.hourly.window(hours: w, endingAt: self.now).map(Double.init)).line(width: w), role: .sparkline)]
            },
            PaneColumn(l.pick("话题", "Topic"),
                       ColumnNeed(priority: 1, minimum: l == .zh ? 20 : 24, preferred: widest(items.map { $0.title.sanitized() }, cap: 40),
                                  fills: true)) { t, _ in
                [Span(t.title.sanitized())]
            },
            PaneColumn(l.pick("帖数", "Posts"), .fixed(5, priority: 4), alignment: .right) { t, _ in [Span(String(t.postCount), role: .dim)] },
            PaneColumn(l.pick("平台", "Platforms"),
                       ColumnNeed(priority: 6, minimum: 8, preferred: widest(items.map { Model.platforms($0) }, cap: 20))) { t, _ in
                [Span(Model.platforms(t), role: .dim)]
            },
            gridColumn(priority: 3, codes: items.compactMap(\.gridID)) { $0.gridID },
            PaneColumn(l.pick("状态", "State"), .fixed(widest(TopicStatus.allCases.map(\.label)), priority: 2)) { t, _ in
                [Span(t.status.label.text(l), role: t.status == .new ? .statusNew : .statusAcked)]
            },
        ] + countyColumn(.opinion) { .topic($0.id) }
        return plannedTable(columns, items: items, width: width)
    }

    /// Heat as a whole number (it is a score, not a count); "—" for a topic nobody posts about any more.
    static func heatText(_ heat: Double) -> String {
        guard heat.isFinite, heat >= 0.5 else { return "—" }
        return heat >= 99_999 ? "99k+" : String(Int(heat.rounded()))
    }

    static func platforms(_ t: OpinionTopic) -> String {
        t.platforms.map { $0.sanitized() }.filter { !$0.isEmpty }.joined(separator: ",")
    }

    /// The detail of a topic: its numbers, the responses made, then its posts (newest first): who, where, when, the
    /// text, and the link as plain text.
    func topicDetailLines(_ t: OpinionTopic, posts: [StoredPost], responses: [TopicResponse]) -> [Span] {
        let l = language
        let off = config.offsetSeconds
        func field(_ zh: String, _ en: String, _ value: String?, _ role: Role? = nil) -> Span {
            Span(DisplayWidth.pad(l.pick(zh, en), to: l == .zh ? 10 : 14) + (value ?? "—"), role: role)
        }
        var out: [Span] = [
            Span(t.title.sanitized(), role: .title),
            field("话题", "Topic", t.id),
            field("状态", "State", t.status.label.text(l), t.status == .new ? .statusNew : .statusAcked),
            field("热度", "Heat", l.pick("\(Model.heatText(t.heat(at: now)))（峰值 \(Model.heatText(t.peakHeat))）",
                                         "\(Model.heatText(t.heat(at: now))) (peak \(Model.heatText(t.peakHeat)))")),
            field("帖子", "Posts", l.pick("\(t.postCount) 条 · 互动 \(t.engagement)", "\(t.postCount) · engagement \(t.engagement)")),
            field("平台", "Platforms", Model.platforms(t)),
            field("网格", "Grid", t.gridID.map { "\(gridLabel($0)) (\($0))" }),
            field("类别", "Category", t.category.flatMap { IncidentCategory(rawValue: $0)?.label.text(l) ?? $0.sanitized() }),
            field("时间", "Seen", Format.monthDayTime(t.firstSeen, offset: off) + " – " + Format.monthDayTime(t.lastSeen, offset: off)),
            field("事件", "Incident", t.incidentID.map { id in id + (t.raisedLevel.map { " \($0.roman)" } ?? "") }),
            field("版本", "Version", String(t.version), .dim),
        ]
        if !config.readOnly {
            out.append(Span(l.pick("a 研判   p 回应（渠道与内容）   w 转入跟踪   c 关闭",
                                   "a assess   p respond (channel, text)   w monitor   c close"), role: .dim))
        }
        if !responses.isEmpty {
            out += [Span(""), Span(l.pick("已作回应", "Responses made"), role: .header)]
            for r in responses {
                out.append(Span("\(Format.monthDayTime(r.respondedAt, offset: off))  \(r.channel.sanitized())  \(displayName(r.actor))",
                                role: .dim))
                out.append(Span("  " + r.content.sanitized(.multiLine)))
            }
        }
        out += [Span(""), Span(l.pick("帖子（最新在前，链接只显示不打开）", "Posts (newest first; links are shown, never opened)"),
                               role: .header)]
        if posts.isEmpty { out.append(Span(l.pick("（无）", "(none)"), role: .dim)) }
        for stored in posts {
            let p = stored.post
            let author = p.author.map { $0.sanitized() }.flatMap { $0.isEmpty ? nil : $0 } ?? l.pick("匿名", "anonymous")
            let counts = l.pick("转\(p.reposts) 评\(p.comments) 赞\(p.likes)", "↻\(p.reposts) 💬\(p.comments) ♥\(p.likes)")
            out.append(Span("\(Format.monthDayTime(p.publishedAt, offset: off))  \(p.platform.sanitized())  \(author)  \(counts)",
                            role: .dim))
            if let title = p.title.map({ $0.sanitized() }), !title.isEmpty { out.append(Span("  " + title, role: .title)) }
            out.append(Span("  " + p.text.sanitized(.multiLine)))
            if let url = p.url.map({ $0.sanitized() }), !url.isEmpty {
                out.append(Span("  " + l.pick("链接：", "link: ") + url, role: .dim))
            }
        }
        return out
    }
}
