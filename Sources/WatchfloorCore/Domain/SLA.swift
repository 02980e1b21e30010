/// Deadlines the county has agreed: hotline stages in working days, incident escalation in minutes.
/// Loaded from `sla.toml`; the defaults below are the sample county's table.
public struct SLATable: Sendable, Equatable {
    public var acceptDays = 1
    public var transferDays = 1
    public var callbackDays = 2
    public var closeDays = 1
    public var handleDays: [HotlineType: Int] = [
        .inquiry: 1, .help: 3, .complaint: 5, .report: 5, .suggestion: 10, .praise: 1, .other: 5,
    ]
    /// A case is "near due" when its deadline is closer than this (wall-clock hours).
    public var nearDueHours = 8
    /// An unacknowledged incident escalates after this many minutes, per level.
    public var escalateAfterMinutes: [Level: Int] = [.one: 2, .two: 5, .three: 15, .four: 30]

    public init() {}

    public func workingDays(for stage: HotlineStage, type: HotlineType) -> Int {
        switch stage {
        case .accept: acceptDays
        case .transfer: transferDays
        case .handle: handleDays[type] ?? 5
        case .callback: callbackDays
        case .close: closeDays
        }
    }
}

/// Where a deadline stands right now; the queue colours rows by it.
public enum DeadlineState: String, Sendable, Comparable {
    case overdue, nearDue = "near_due", onTime = "on_time", none

    private var rank: Int { [.overdue: 0, .nearDue: 1, .onTime: 2, .none: 3][self]! }
    public static func < (a: DeadlineState, b: DeadlineState) -> Bool { a.rank < b.rank }

    public var label: Bilingual {
        switch self {
        case .overdue: Bilingual("超期", "Overdue")
        case .nearDue: Bilingual("临期", "Due soon")
        case .onTime: Bilingual("正常", "On time")
        case .none: Bilingual("—", "—")
        }
    }
}

/// Pure SLA arithmetic over a calendar and a table; no clock of its own (callers pass `now`).
public struct SLAClock: Sendable {
    public var calendar: WorkingCalendar
    public var table: SLATable

    public init(calendar: WorkingCalendar, table: SLATable = SLATable()) {
        self.calendar = calendar; self.table = table
    }

    /// Deadline of the stage that starts at `start` for a case of `type`.
    public func deadline(stage: HotlineStage, type: HotlineType, startedAt start: Timestamp) -> Timestamp {
        calendar.adding(workingDays: table.workingDays(for: stage, type: type), to: start)
    }

    /// Deadline of whatever stage the case is in now (nil when closed).
    public func currentDeadline(of hotline: HotlineCase) -> Timestamp? {
        guard let stage = hotline.status.runningStage else { return nil }
        return deadline(stage: stage, type: hotline.type, startedAt: hotline.stageStartedAt)
    }

    /// The case's overall deadline for being handled: accept, transfer and handle stages end to end from when it
    /// was received, so moving the case between departments does not buy it more time.
    public func overallDeadline(of hotline: HotlineCase) -> Timestamp {
        let days = [HotlineStage.accept, .transfer, .handle].reduce(0) { $0 + table.workingDays(for: $1, type: hotline.type) }
        return calendar.adding(workingDays: days, to: hotline.receivedAt)
    }

    /// The deadline after a transfer (转办): the handling stage's own clock, capped by the overall deadline; and
    /// a case that was overdue when transferred stays overdue (keeps the deadline it missed), so a transfer never
    /// takes it out of the overdue count.
    public func transferDeadline(of hotline: HotlineCase, previousDue: Timestamp?, now: Timestamp) -> Timestamp? {
        if let previousDue, now > previousDue { return previousDue }
        guard let stage = currentDeadline(of: hotline) else { return nil }
        return min(stage, overallDeadline(of: hotline))
    }

    public func state(due: Timestamp?, now: Timestamp) -> DeadlineState {
        guard let due else { return .none }
        if now > due { return .overdue }
        if due.milliseconds - now.milliseconds <= Int64(table.nearDueHours) * 3_600_000 { return .nearDue }
        return .onTime
    }

    /// True when an unacknowledged incident has waited longer than its level allows since it was reported
    /// (or since its last escalation), so the timer should escalate it again.
    public func shouldEscalate(_ incident: Incident, now: Timestamp) -> Bool {
        guard incident.status == .new, let minutes = table.escalateAfterMinutes[incident.level] else { return false }
        let since = incident.lastEscalatedAt ?? incident.reportedAt
        return now.milliseconds - since.milliseconds >= Int64(minutes) * 60_000
    }
}
