/// The kind of citizen request; the handling deadline depends on it.
public enum HotlineType: String, Sendable, CaseIterable, Codable {
    case inquiry, help, complaint, report, suggestion, praise, other

    public var label: Bilingual {
        switch self {
        case .inquiry: Bilingual("咨询", "Inquiry")
        case .help: Bilingual("求助", "Help")
        case .complaint: Bilingual("投诉", "Complaint")
        case .report: Bilingual("举报", "Report")
        case .suggestion: Bilingual("建议", "Suggestion")
        case .praise: Bilingual("感谢", "Praise")
        case .other: Bilingual("其他", "Other")
        }
    }
}

public enum HotlineChannel: String, Sendable, CaseIterable, Codable {
    case phone, web, wechat, app
    public var label: Bilingual {
        switch self {
        case .phone: Bilingual("电话", "Phone")
        case .web: Bilingual("网站", "Web")
        case .wechat: Bilingual("微信", "WeChat")
        case .app: Bilingual("APP", "App")
        }
    }
}

public enum Satisfaction: String, Sendable, CaseIterable, Codable {
    case satisfied, basicallySatisfied = "basically_satisfied", dissatisfied
    public var label: Bilingual {
        switch self {
        case .satisfied: Bilingual("满意", "Satisfied")
        case .basicallySatisfied: Bilingual("基本满意", "Basically satisfied")
        case .dissatisfied: Bilingual("不满意", "Dissatisfied")
        }
    }
}

/// 12345 case lifecycle: 待受理 → 已受理 → 已转办 → 已答复 → 已回访 → 办结, with 退回 when a department
/// sends a case back (it is then transferred again).
public enum HotlineStatus: String, LifecycleStatus, Codable {
    case new, accepted, transferred, replied, callbackDone = "callback_done", closed, returned

    public static let entityName = "hotline case"

    public var label: Bilingual {
        switch self {
        case .new: Bilingual("待受理", "New")
        case .accepted: Bilingual("已受理", "Accepted")
        case .transferred: Bilingual("已转办", "Transferred")
        case .replied: Bilingual("已答复", "Replied")
        case .callbackDone: Bilingual("已回访", "Called back")
        case .closed: Bilingual("办结", "Closed")
        case .returned: Bilingual("退回", "Returned")
        }
    }

    public var isOpen: Bool { self != .closed }

    /// The stage whose deadline runs while the case is in this status; nil once closed.
    public var runningStage: HotlineStage? {
        switch self {
        case .new: .accept
        case .accepted, .returned: .transfer
        case .transferred: .handle
        case .replied: .callback
        case .callbackDone: .close
        case .closed: nil
        }
    }
}

/// The clocked stages of a case ("件件有落实、事事有回音": every stage has a deadline).
public enum HotlineStage: String, Sendable, CaseIterable, Codable {
    case accept, transfer, handle, callback, close
    public var label: Bilingual {
        switch self {
        case .accept: Bilingual("受理", "Accept")
        case .transfer: Bilingual("转办", "Transfer")
        case .handle: Bilingual("办理", "Handle")
        case .callback: Bilingual("回访", "Call back")
        case .close: Bilingual("办结", "Close")
        }
    }
}

public enum HotlineTransitions {
    public static let accept = Transition<HotlineStatus>("accept", from: [.new], to: .accepted)
    public static let transfer = Transition<HotlineStatus>("transfer", from: [.accepted, .returned], to: .transferred)
    /// A department (or the operator for a simple inquiry) answers the citizen.
    public static let reply = Transition<HotlineStatus>("reply", from: [.accepted, .transferred], to: .replied)
    public static let callback = Transition<HotlineStatus>("callback", from: [.replied], to: .callbackDone)
    public static let close = Transition<HotlineStatus>("close", from: [.callbackDone], to: .closed)
    /// The department sends the case back (wrong department, not its remit).
    public static let returnCase = Transition<HotlineStatus>("return", from: [.transferred], to: .returned)

    public static let all = [accept, transfer, reply, callback, close, returnCase]
}

/// A 12345 hotline case (工单). `stageDueAt` is the running stage's deadline, kept in the row so the queue
/// can sort by it in SQL; `version` backs compare-and-set actions.
public struct HotlineCase: Sendable, Equatable, Codable {
    public var ticket: String
    public var receivedAt: Timestamp
    public var channel: HotlineChannel
    public var caller: String?
    public var phone: String?
    public var type: HotlineType
    public var category: String?
    public var summary: String
    public var gridID: String?
    public var department: String?
    public var status: HotlineStatus
    public var stageStartedAt: Timestamp
    public var stageDueAt: Timestamp?
    public var acceptedAt: Timestamp?
    public var transferredAt: Timestamp?
    public var repliedAt: Timestamp?
    public var callbackAt: Timestamp?
    public var closedAt: Timestamp?
    public var callbackResult: String?
    public var satisfaction: Satisfaction?
    public var version: Int
    public var updatedAt: Timestamp

    public init(ticket: String, receivedAt: Timestamp, channel: HotlineChannel = .phone, caller: String? = nil,
                phone: String? = nil, type: HotlineType, category: String? = nil, summary: String,
                gridID: String? = nil, department: String? = nil, status: HotlineStatus = .new,
                stageStartedAt: Timestamp? = nil, stageDueAt: Timestamp? = nil, acceptedAt: Timestamp? = nil,
                transferredAt: Timestamp? = nil, repliedAt: Timestamp? = nil, callbackAt: Timestamp? = nil,
                closedAt: Timestamp? = nil, callbackResult: String? = nil, satisfaction: Satisfaction? = nil,
                version: Int = 1, updatedAt: Timestamp? = nil) {
        self.ticket = ticket; self.receivedAt = receivedAt; self.channel = channel; self.caller = caller
        self.phone = phone; self.type = type; self.category = category; self.summary = summary
        self.gridID = gridID; self.department = department; self.status = status
        self.stageStartedAt = stageStartedAt ?? receivedAt; self.stageDueAt = stageDueAt
        self.acceptedAt = acceptedAt; self.transferredAt = transferredAt; self.repliedAt = repliedAt
        self.callbackAt = callbackAt; self.closedAt = closedAt; self.callbackResult = callbackResult
        self.satisfaction = satisfaction; self.version = version; self.updatedAt = updatedAt ?? receivedAt
    }

    /// When the current stage began, derived from the status history (for imports that carry only timestamps).
    public var derivedStageStart: Timestamp {
        switch status {
        case .new: receivedAt
        case .accepted: acceptedAt ?? receivedAt
        case .returned: stageStartedAt
        case .transferred: transferredAt ?? acceptedAt ?? receivedAt
        case .replied: repliedAt ?? transferredAt ?? receivedAt
        case .callbackDone: callbackAt ?? repliedAt ?? receivedAt
        case .closed: closedAt ?? receivedAt
        }
    }
}
