import ArgumentParser
import WatchfloorCore
import WatchfloorStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List incidents, hotline cases, alerts, grids or dead letters.")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case incidents, hotline, alerts, grids, deadletters
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
    @Option(help: "At most this many rows.") var limit = 100
    @Option(help: "Skip this many rows.") var offset = 0
    @Flag(help: "One JSON array (stable field names, see README).") var json = false

    func run() throws {
        try reportingErrors {
            let settings = try global.settings()
            let store = try global.openStore()
            var f = ListFilter(statuses: status?.split(separator: ",").map(String.init), openOnly: open, gridPrefix: grid,
                               text: search, limit: limit, offset: offset)
            if let level {
                guard let l = Level(rawValue: level) else { throw CLIError("--level must be 1, 2, 3 or 4") }
                f.maxLevel = l
            }
            if let since { f.since = try parseTime(since, "--since") }
            if let until { f.until = try parseTime(until, "--until") }
            let now = store.clock()
            let offsetSeconds = settings.offsetSeconds
            let lang = global.language
            try store.withConnection { c in
                switch what {
                case .incidents:
                    let items = try IncidentRepository.list(c, f)
                    if json { return printJSON(.array(items.map(EntityJSON.incident))) }
                    var t = TextTable(headers: lang == .zh ? ["编号", "级别", "类别", "状态", "上报时间", "网格", "标题"] : ["ID", "LEVEL", "CATEGORY", "STATUS", "REPORTED", "GRID", "TITLE"])
                    t.flexible = [6]
                    t.rows = items.map { [$0.id, $0.level.roman, $0.category.label.text(lang), $0.status.label.text(lang),
                                          localTime($0.reportedAt, offset: offsetSeconds), $0.gridID ?? "—", $0.title] }
                    print(t.render())
                case .hotline:
                    let items = try HotlineRepository.list(c, f)
                    if json { return printJSON(.array(items.map { EntityJSON.hotline($0, deadline: store.sla.state(due: $0.stageDueAt, now: now)) })) }
                    var t = TextTable(headers: lang == .zh ? ["工单", "类型", "状态", "时限", "承办单位", "来电", "诉求"] : ["TICKET", "TYPE", "STATUS", "DUE", "DEPARTMENT", "PHONE", "SUMMARY"])
                    t.flexible = [6]
                    t.rows = items.map { h in
                        let state = store.sla.state(due: h.stageDueAt, now: now)
                        let due = localTime(h.stageDueAt, offset: offsetSeconds) + (state == .overdue || state == .nearDue ? " " + state.label.text(lang) : "")
                        return [h.ticket, h.type.label.text(lang), h.status.label.text(lang), due, h.department ?? "—",
                                h.phone.map(PhoneMask.mask) ?? "—", h.summary]
                    }
                    print(t.render())
                case .alerts:
                    let items = try AlertRepository.list(c, f)
                    if json { return printJSON(.array(items.map { EntityJSON.alert($0, now: now) })) }
                    var t = TextTable(headers: lang == .zh ? ["编号", "级别", "次数", "最近", "状态", "资产", "特征"] : ["ID", "LEVEL", "COUNT", "LAST SEEN", "STATUS", "ASSET", "SIGNATURE"])
                    t.flexible = [6]
                    t.rows = items.map { [EntityJSON.alertID($0.id), $0.level.roman, String($0.count), localTime($0.lastSeen, offset: offsetSeconds),
                                          $0.effectiveStatus(now: now).label.text(lang), $0.assetName, $0.signature] }
                    print(t.render())
                case .grids:
                    var items = try GridRepository.all(c)
                    if let grid { items = items.filter { $0.id.hasPrefix(grid) } }
                    items = Array(items.dropFirst(offset).prefix(limit))
                    if json { return printJSON(.array(items.map { EntityJSON.grid($0) })) }
                    var t = TextTable(headers: lang == .zh ? ["编码", "层级", "名称", "网格员", "户数"] : ["CODE", "LEVEL", "NAME", "WORKER", "HOUSEHOLDS"])
                    t.rows = items.map { [$0.id, $0.level.label.text(lang), $0.name, $0.worker ?? "—", $0.households.map(String.init) ?? "—"] }
                    print(t.render())
                case .deadletters:
                    let items = try DeadLetterRepository.list(c, limit: limit, offset: offset)
                    if json {
                        return printJSON(.array(items.map {
                            ["id": .int($0.id), "at": .string($0.at.iso), "source": .string($0.source), "position": .from($0.position),
                             "reason": .string($0.reason),
                             "raw": .string(TextSanitizer.sanitize(String(decoding: $0.raw, as: UTF8.self), options: .multiLine))]
                        }))
                    }
                    var t = TextTable(headers: lang == .zh ? ["编号", "时间", "来源", "位置", "原因"] : ["ID", "AT", "SOURCE", "POSITION", "REASON"])
                    t.flexible = [4]
                    t.rows = items.map { [String($0.id), localTime($0.at, offset: offsetSeconds), $0.source, $0.position ?? "—", $0.reason] }
                    print(t.render())
                }
            }
        }
    }
}

func parseTime(_ text: String, _ option: String) throws -> Timestamp {
    guard let t = ISOTime.parse(text) else { throw CLIError("\(option): '\(text)' is not an ISO-8601 time (e.g. 2026-11-22T08:00:00+08:00)") }
    return t
}
