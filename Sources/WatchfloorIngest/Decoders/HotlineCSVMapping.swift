import WatchfloorCore

/// Which CSV columns hold which hotline field, and how the platform spells its statuses and types. 12345
/// platforms differ, so this lives in config; `chinese12345` matches the common export headers and `nyc311` the
/// NYC Open Data 311 export in the corpus.
///
/// Column entries list candidate header names, tried in order (headers are compared after trimming).
public struct HotlineCSVMapping: Sendable, Equatable {
    public enum TimeFormat: String, Sendable, Equatable {
        /// `2026-11-20 08:12:00`, `2026-11-20T08:12:00+08:00`, `2026/11/20 08:12` …
        case iso
        /// `10/31/2013 02:08:41 AM`
        case usMonthDayYear
    }

    public var ticket: [String]
    public var receivedAt: [String]
    public var caller: [String]
    public var phone: [String]
    public var type: [String]
    public var category: [String]
    public var summary: [String]
    public var gridID: [String]
    public var department: [String]
    public var status: [String]
    public var callbackResult: [String]
    public var satisfaction: [String]
    public var channel: [String]
    public var closedAt: [String]
    public var timeFormat: TimeFormat
    /// The export's zone when it is not the county's (NYC: −5 h); nil uses `DecodeContext.defaultOffsetSeconds`.
    public var offsetSeconds: Int?
    /// Platform word → status (exact match after trimming; unknown words reject the row).
    public var statusWords: [String: HotlineStatus]
    public var typeWords: [String: HotlineType]
    public var satisfactionWords: [String: Satisfaction]
    public var channelWords: [String: HotlineChannel]
    /// Used when the export has no type column (or the cell is empty); nil makes the type required.
    public var defaultType: HotlineType?

    public init(ticket: [String], receivedAt: [String], caller: [String] = [], phone: [String] = [], type: [String] = [],
                category: [String] = [], summary: [String], gridID: [String] = [], department: [String] = [],
                status: [String] = [], callbackResult: [String] = [], satisfaction: [String] = [], channel: [String] = [],
                closedAt: [String] = [], timeFormat: TimeFormat = .iso, offsetSeconds: Int? = nil,
                statusWords: [String: HotlineStatus] = HotlineCSVMapping.chineseStatusWords,
                typeWords: [String: HotlineType] = HotlineCSVMapping.chineseTypeWords,
                satisfactionWords: [String: Satisfaction] = HotlineCSVMapping.chineseSatisfactionWords,
                channelWords: [String: HotlineChannel] = HotlineCSVMapping.chineseChannelWords,
                defaultType: HotlineType? = nil) {
        self.ticket = ticket; self.receivedAt = receivedAt; self.caller = caller; self.phone = phone; self.type = type
        self.category = category; self.summary = summary; self.gridID = gridID; self.department = department
        self.status = status; self.callbackResult = callbackResult; self.satisfaction = satisfaction
        self.channel = channel; self.closedAt = closedAt; self.timeFormat = timeFormat; self.offsetSeconds = offsetSeconds
        self.statusWords = statusWords; self.typeWords = typeWords; self.satisfactionWords = satisfactionWords
        self.channelWords = channelWords; self.defaultType = defaultType
    }

    public static let chineseStatusWords: [String: HotlineStatus] = [
        "待受理": .new, "已受理": .accepted, "受理": .accepted, "已转办": .transferred, "转办": .transferred,
        "办理中": .transferred, "已答复": .replied, "已回复": .replied, "已回访": .callbackDone, "办结": .closed,
        "已办结": .closed, "退回": .returned, "已退回": .returned,
    ] .merging(HotlineStatus.allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
    public static let chineseTypeWords: [String: HotlineType] = [
        "咨询": .inquiry, "求助": .help, "投诉": .complaint, "举报": .report, "建议": .suggestion, "感谢": .praise,
        "表扬": .praise, "其他": .other, "其它": .other,
    ].merging(HotlineType.allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
    public static let chineseSatisfactionWords: [String: Satisfaction] = [
        "满意": .satisfied, "非常满意": .satisfied, "基本满意": .basicallySatisfied, "不满意": .dissatisfied,
    ].merging(Satisfaction.allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
    public static let chineseChannelWords: [String: HotlineChannel] = [
        "电话": .phone, "热线": .phone, "网站": .web, "网络": .web, "微信": .wechat, "APP": .app, "app": .app, "手机APP": .app,
    ].merging(HotlineChannel.allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })

    /// The usual 12345 export: 工单编号,来电时间,来电人,联系电话,诉求类型,问题分类,诉求内容,所属区域,承办单位,办理状态,
    /// 办结时限,回访结果,满意度. 所属区域 is taken as the grid id only when it is a grid code; 办结时限 is not mapped
    /// (the store computes stage deadlines from the working-day calendar).
    public static let chinese12345 = HotlineCSVMapping(
        ticket: ["工单编号", "工单号"], receivedAt: ["来电时间", "受理时间", "登记时间"], caller: ["来电人", "姓名"],
        phone: ["联系电话", "来电号码"], type: ["诉求类型", "工单类型"], category: ["问题分类", "业务分类"],
        summary: ["诉求内容", "问题描述"], gridID: ["所属区域", "网格编码"], department: ["承办单位", "责任单位"],
        status: ["办理状态", "工单状态"], callbackResult: ["回访结果"], satisfaction: ["满意度"],
        channel: ["来源渠道", "渠道"], closedAt: ["办结时间"])

    /// NYC Open Data 311 (`Unique Key, Created Date, … Complaint Type, Descriptor, … Agency, Status`). Every
    /// row is a complaint; Open → accepted, Assigned/Started/In Progress → transferred, Pending → accepted,
    /// Closed → closed. Times are New York local (EST, −5 h; daylight saving is not modelled).
    public static let nyc311 = HotlineCSVMapping(
        ticket: ["Unique Key"], receivedAt: ["Created Date"], type: [], category: ["Complaint Type"],
        summary: ["Descriptor"], department: ["Agency"], status: ["Status"], channel: ["Open Data Channel Type"],
        closedAt: ["Closed Date"], timeFormat: .usMonthDayYear, offsetSeconds: -5 * 3600,
        statusWords: ["Open": .accepted, "Pending": .accepted, "Assigned": .transferred, "Started": .transferred,
                      "In Progress": .transferred, "Closed": .closed, "Unassigned": .new],
        channelWords: ["PHONE": .phone, "ONLINE": .web, "MOBILE": .app, "UNKNOWN": .phone, "OTHER": .phone],
        defaultType: .complaint)
}

/// How GeoJSON feature properties map to grid fields; each list is tried in order, then the feature's own `id`.
public struct GeoJSONMapping: Sendable, Equatable {
    public var id: [String]
    public var name: [String]
    public var parent: [String]
    public var worker: [String]
    public var households: [String]

    public init(id: [String] = ["grid_id", "id", "code", "adcode", "gb", "cartodb_id"],
                name: [String] = ["name", "名称", "NAME", "grid_name", "name_zh", "Name"],
                parent: [String] = ["parent", "parent_id", "parent_code"],
                worker: [String] = ["worker", "网格员"], households: [String] = ["households", "户数"]) {
        self.id = id; self.name = name; self.parent = parent; self.worker = worker; self.households = households
    }
}
