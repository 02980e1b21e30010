import WatchfloorCore

/// Every fixed label the handover prints, in both languages, in one place (domain values bring their own
/// `Bilingual` labels: categories, levels, statuses, hotline types and stages).
enum L {
    static let title = Bilingual("交接班报告", "Shift handover report")
    static let window = Bilingual("班次信息", "Shift")
    static let shift = Bilingual("班次", "Shift")
    static let shiftID = Bilingual("班次编号", "Shift id")
    static let period = Bilingual("时段", "Window")
    static let asOf = Bilingual("截至", "As of")
    static let auditAnchor = Bilingual("审计链锚点", "Audit chain anchor")
    static let zone = Bilingual("时区", "Time zone")
    static let customWindow = Bilingual("自定义时段", "Custom window")
    static let field = Bilingual("项目", "Item")
    static let value = Bilingual("内容", "Value")

    static let duty = Bilingual("值班人员", "On duty")
    static let rostered = Bilingual("排班人员", "Rostered")
    static let acted = Bilingual("本班操作人员", "Operators who acted")
    static let operatorName = Bilingual("操作人", "Operator")
    static let actions = Bilingual("操作次数", "Actions")

    static let incidents = Bilingual("事件统计", "Incidents")
    static let new = Bilingual("本班新增", "New")
    static let resolved = Bilingual("本班处置", "Resolved")
    static let open = Bilingual("班末未结", "Open at end")
    static let total = Bilingual("合计", "Total")
    static let byCategory = Bilingual("按类别", "By category")
    static let byLevel = Bilingual("按级别", "By level")
    static let openByStatus = Bilingual("未结事件状态", "Open incidents by status")
    static let category = Bilingual("类别", "Category")
    static let level = Bilingual("级别", "Level")
    static let status = Bilingual("状态", "Status")
    static let count = Bilingual("数量", "Count")

    static let openMajor = Bilingual("未结Ⅰ/Ⅱ级事件", "Open level I/II incidents")
    static let id = Bilingual("编号", "ID")
    static let titleColumn = Bilingual("标题", "Title")
    static let reported = Bilingual("上报时间", "Reported")
    static let age = Bilingual("已历时", "Age")
    static let ackedBy = Bilingual("确认人", "Acknowledged by")
    static let assignee = Bilingual("责任单位/人", "Assignee")
    static let lastNote = Bilingual("最新备注", "Last note")

    static let latency = Bilingual("响应时效", "Response times")
    static let metric = Bilingual("指标", "Measure")
    static let ackLatency = Bilingual("确认时长（上报→确认）", "Time to acknowledge (reported → acknowledged)")
    static let resolveTime = Bilingual("处置时长（上报→处置）", "Time to resolve (reported → resolved)")
    static let samples = Bilingual("件数", "Incidents")
    static let median = Bilingual("中位数", "Median")
    static let p90 = Bilingual("P90", "P90")

    static let hotline = Bilingual("12345 工单到期提醒", "12345 cases due or overdue")
    static let ticket = Bilingual("工单编号", "Ticket")
    static let type = Bilingual("诉求类型", "Type")
    static let stage = Bilingual("环节", "Stage")
    static let department = Bilingual("承办单位", "Department")
    static let due = Bilingual("时限", "Due")
    static let state = Bilingual("情况", "State")
    static let overdue = Bilingual("超期", "Overdue")
    static let dueNextShift = Bilingual("下一班到期", "Due next shift")
    static let phone = Bilingual("联系电话", "Phone")
    static let summary = Bilingual("诉求内容", "Summary")
    static let grid = Bilingual("网格", "Grid")

    static let alerts = Bilingual("网络安全告警", "Security alerts")
    static let observations = Bilingual("告警次数", "Observations")
    static let alertCount = Bilingual("告警条数（聚合后）", "Alerts (aggregated)")
    static let topSignatures = Bilingual("高发特征", "Top signatures")
    static let topAssets = Bilingual("高发资产", "Top assets")
    static let signature = Bilingual("特征", "Signature")
    static let signatureID = Bilingual("特征编号", "Signature id")
    static let asset = Bilingual("资产", "Asset")
    static let alertsColumn = Bilingual("告警条数", "Alerts")

    static let escalations = Bilingual("升级记录", "Escalations")
    static let time = Bilingual("时间", "Time")
    static let incident = Bilingual("事件", "Incident")
    static let by = Bilingual("操作人", "By")
    static let how = Bilingual("方式", "How")
    static let timer = Bilingual("超时自动升级", "Timer (unacknowledged)")
    static let manual = Bilingual("人工升级", "Operator")
    static let levelChange = Bilingual("级别变化", "Level")
    static let detail = Bilingual("说明", "Detail")
    static let unackedFor = Bilingual("未确认 %d 分钟", "unacknowledged for %d min")

    static let notes = Bilingual("值班备注", "Operator notes")
    static let about = Bilingual("对象", "About")
    static let text = Bilingual("内容", "Text")

    static let signOff = Bilingual("交接签字", "Sign-over")
    static let handedOver = Bilingual("交班人", "Handed over by")
    static let receivedBy = Bilingual("接班人", "Received by")
    static let signTime = Bilingual("交接时间", "Time")
    static let none = Bilingual("无", "None")
    static let system = Bilingual("系统", "system")
    static let dash = "—"

    static func kind(_ k: String) -> Bilingual {
        switch k {
        case "incident": Bilingual("事件", "incident")
        case "hotline": Bilingual("工单", "hotline case")
        case "alert": Bilingual("告警", "alert")
        case "grid": Bilingual("网格", "grid")
        case "shift": Bilingual("班次", "shift")
        default: Bilingual(k, k)
        }
    }
}

/// Formatting shared by the text renderers: county-local times, durations, people.
struct ReportFormat {
    let lang: Language
    let offsetSeconds: Int
    var names: [String: String] = [:]

    func t(_ b: Bilingual) -> String { b.text(lang) }

    /// `2026-11-22 08:00` in county-local time.
    func time(_ ts: Timestamp) -> String {
        String(ISOTime.format(ts, offsetSeconds: offsetSeconds).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `2026-11-22 08:00 – 20:00`, or both dates when the window crosses midnight.
    func range(_ a: Timestamp, _ b: Timestamp) -> String {
        let x = time(a), y = time(b)
        return x.prefix(10) == y.prefix(10) ? "\(x) – \(y.dropFirst(11))" : "\(x) – \(y)"
    }

    /// `UTC+08:00`.
    var zone: String {
        let iso = ISOTime.format(Timestamp(milliseconds: 0), offsetSeconds: offsetSeconds)
        return "UTC" + (offsetSeconds == 0 ? "+00:00" : String(iso.suffix(6)))
    }

    /// `12分05秒` / `12m05s`, `3小时05分` / `3h05m`, `2天3小时` / `2d03h`.
    func duration(_ seconds: Int64?) -> String {
        guard let s = seconds else { return L.dash }
        let zh = lang == .zh
        let p = { (v: Int64) in ISOTime.pad(Int(v), 2) }
        if s < 60 { return zh ? "\(s)秒" : "\(s)s" }
        if s < 3600 { return zh ? "\(s / 60)分\(p(s % 60))秒" : "\(s / 60)m\(p(s % 60))s" }
        if s < 86_400 { return zh ? "\(s / 3600)小时\(p(s / 60 % 60))分" : "\(s / 3600)h\(p(s / 60 % 60))m" }
        return zh ? "\(s / 86_400)天\(s / 3600 % 24)小时" : "\(s / 86_400)d\(p(s / 3600 % 24))h"
    }

    /// `王伟 (wangwei)` or the bare login.
    func person(_ p: HandoverReport.Person) -> String { p.name.map { "\($0) (\(p.login))" } ?? p.login }

    /// `刘洋 (liuyang)` for a known login, `系统` for the timer, else the login.
    func who(_ login: String) -> String {
        if login == "system" { return t(L.system) }
        return names[login].map { "\($0) (\(login))" } ?? login
    }

    /// The shift's name (`白班 2026-11-22`) or "custom window".
    func windowName(_ w: HandoverWindow) -> String {
        guard let s = w.shift else { return t(L.customWindow) }
        return "\(t(s.label)) \(s.id.prefix(10))"
    }

    func levelChange(_ e: HandoverReport.Escalation) -> String {
        guard let from = e.fromLevel, let to = e.toLevel else { return L.dash }
        return "\(from.short.text(lang)) → \(to.short.text(lang))"
    }

    func escalationDetail(_ e: HandoverReport.Escalation) -> String {
        if e.byTimer, let m = e.minutes {
            return t(L.unackedFor).replacingOccurrences(of: "%d", with: String(m))
        }
        return e.reason ?? L.dash
    }
}
