import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List incidents, hotline cases, alerts, grids or dead letters.")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case incidents, hotline, alerts, grids, deadletters

        /// The statuses `--status` may name for this listing (nil: it has none).
        var statuses: [String]? {
            switch self {
            case .incidents: IncidentStatus.allCases.map(\.rawValue)
            case .hotline: HotlineStatus.allCases.map(\.rawValue)
            case .alerts: AlertStatus.allCases.map(\.rawValue)
            case .grids, .deadletters: nil
            }
        }
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "incidents | hotline | alerts | grids | deadletters") var what: What
    @Option(help: "Only these statuses (comma-separated raw values, e.g. new,acknowledged).") var status: String?
    @Flag(help: "Only items still open.") var open = false
    @Option(help: "Only this grid or anything under it (township/village code prefix).") var grid: String?
    @Option(help: "Only this level and more severe (1–4).") var level: Int?
    @Option(help: "Only items whose text contains this.") var search: String?
    @Option(help: "Only items at or after this time (ISO-8601).") var since: String?
    @Option(help: "Only items before this time (ISO-8601).") var until: String?
    @Option(help: "At most this many rows (0: all). A listing that stops short says so on stderr.") var limit = 100
    @Option(help: "Skip this many rows.") var offset = 0
    @Flag(help: "One JSON array (stable field names, see README).") var json = false
    @Flag(help: "One JSON object per line, streamed from the store (bounded memory for any --limit, 0 included).") var jsonl = false

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        if offset < 0 { throw ValidationError("--offset must be 0 or more") }
        if json && jsonl { throw ValidationError("--json and --jsonl: choose one") }
        // An unknown status would match nothing and print an empty table, as if there were no such items.
        if let status {
            guard let known = what.statuses else { throw ValidationError("\(what.rawValue) have no status to filter by") }
            let unknown = status.split(separator: ",").map(String.init).filter { !known.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown \(what.rawValue) status \(unknown.joined(separator: ", ")); known: \(known.joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        try reportingErrors(global) {
            let settings = try global.settings()
            let store = try global.openStore()
            var f = ListFilter(statuses: status?.split(separator: ",").map(String.init), openOnly: open, gridPrefix: grid,
                               text: search, limit: limit == 0 ? ListFilter.unlimited : limit, offset: offset)
            f.county = try global.countyScope(store)
            if let level {
                guard let l = Level(rawValue: level) else { throw CLIError("--level must be 1, 2, 3 or 4") }
                f.maxLevel = l
            }
            if let since { f.since = try parseTime(since, "--since") }
            if let until { f.until = try parseTime(until, "--until") }
            let listing = Listing.of(what, store: store, lang: global.language, offsetSeconds: settings.offsetSeconds)
            var shown = 0
            var table = TextTable(headers: listing.headers)
            table.flexible = listing.flexible
            var array: [JSONValue] = []
            let total: Int? = try store.read { c in
                try listing.each(c, f) { item in
                    shown += 1
                    if jsonl { print(item.json().serialized) }
                    else if json { array.append(item.json()) }
                    else { table.rows.append(item.cells()) }
                }
                let mayBeCut = (limit != 0 && shown == limit) || offset > 0
                return mayBeCut ? try listing.count(c, f) : nil
            }
            if json { printJSON(.array(array)) } else if !jsonl { print(table.render()) }
            if let total, shown < total {
                let from = offset > 0 ? " from row \(offset + 1)" : ""
                FileHandle.standardError.write(Data("showing \(groupedThousands(shown)) of \(groupedThousands(total))\(from) (--limit, --offset)\n".utf8))
            }
        }
    }
}

/// `190977` → `190,977`.
func groupedThousands(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}

/// One kind of item as `list` shows it: its table columns, its JSON, and how to stream and count it.
struct Listing {
    struct Item {
        var json: () -> JSONValue
        var cells: () -> [String]
    }

    var headers: [String]
    var flexible: Set<Int>
    var each: (Connection, ListFilter, (Item) throws -> Void) throws -> Void
    var count: (Connection, ListFilter) throws -> Int

    static func of(_ what: ListCommand.What, store: Store, lang: Language, offsetSeconds: Int) -> Listing {
        let now = store.clock()
        let zh = lang == .zh
        switch what {
        case .incidents:
            return Listing(headers: zh ? ["编号", "级别", "类别", "状态", "上报时间", "网格", "标题"] : ["ID", "LEVEL", "CATEGORY", "STATUS", "REPORTED", "GRID", "TITLE"],
                           flexible: [6], each: { c, f, body in
                try IncidentRepository.each(c, f) { i in
                    try body(Item(json: { EntityJSON.incident(i) }, cells: {
                        [i.id, i.level.roman, i.category.label.text(lang), i.status.label.text(lang),
                         localTime(i.reportedAt, offset: offsetSeconds), i.gridID ?? "—", i.title]
                    }))
                }
            }, count: IncidentRepository.count)
        case .hotline:
            return Listing(headers: zh ? ["工单", "类型", "状态", "时限", "承办单位", "来电", "诉求"] : ["TICKET", "TYPE", "STATUS", "DUE", "DEPARTMENT", "PHONE", "SUMMARY"],
                           flexible: [6], each: { c, f, body in
                try HotlineRepository.each(c, f) { h in
                    let state = store.sla.state(due: h.stageDueAt, now: now)
                    try body(Item(json: { EntityJSON.hotline(h, deadline: state) }, cells: {
                        let due = localTime(h.stageDueAt, offset: offsetSeconds) + (state == .overdue || state == .nearDue ? " " + state.label.text(lang) : "")
                        return [h.ticket, h.type.label.text(lang), h.status.label.text(lang), due, h.department ?? "—",
                                h.phone.map(PhoneMask.mask) ?? "—", h.summary]
                    }))
                }
            }, count: HotlineRepository.count)
        case .alerts:
            return Listing(headers: zh ? ["编号", "级别", "次数", "最近", "状态", "资产", "特征"] : ["ID", "LEVEL", "COUNT", "LAST SEEN", "STATUS", "ASSET", "SIGNATURE"],
                           flexible: [6], each: { c, f, body in
                try AlertRepository.each(c, f) { a in
                    try body(Item(json: { EntityJSON.alert(a, now: now) }, cells: {
                        [EntityJSON.alertID(a.id), a.level.roman, String(a.count), localTime(a.lastSeen, offset: offsetSeconds),
                         a.effectiveStatus(now: now).label.text(lang), a.assetName, a.signature]
                    }))
                }
            }, count: AlertRepository.count)
        case .grids:
            return Listing(headers: zh ? ["编码", "层级", "名称", "网格员", "户数"] : ["CODE", "LEVEL", "NAME", "WORKER", "HOUSEHOLDS"],
                           flexible: [], each: { c, f, body in
                try GridRepository.each(c, f) { g in
                    try body(Item(json: { EntityJSON.grid(g) }, cells: {
                        [g.id, g.level.label.text(lang), g.name, g.worker ?? "—", g.households.map(String.init) ?? "—"]
                    }))
                }
            }, count: GridRepository.count)
        case .deadletters:
            return Listing(headers: zh ? ["编号", "时间", "来源", "位置", "原因"] : ["ID", "AT", "SOURCE", "POSITION", "REASON"],
                           flexible: [4], each: { c, f, body in
                try DeadLetterRepository.each(c, limit: f.limit, offset: f.offset) { d in
                    try body(Item(json: {
                        ["id": .int(d.id), "at": .string(d.at.iso), "source": .string(d.source), "position": .from(d.position),
                         "reason": .string(d.reason),
                         "raw": .string(TextSanitizer.sanitize(String(decoding: d.raw, as: UTF8.self), options: .multiLine))]
                    }, cells: { [String(d.id), localTime(d.at, offset: offsetSeconds), d.source, d.position ?? "—", d.reason] }))
                }
            }, count: { c, _ in try DeadLetterRepository.count(c) })
        }
    }
}

func parseTime(_ text: String, _ option: String) throws -> Timestamp {
    guard let t = ISOTime.parse(text) else { throw CLIError("\(option): '\(text)' is not an ISO-8601 time (e.g. 2026-11-22T08:00:00+08:00)") }
    return t
}
