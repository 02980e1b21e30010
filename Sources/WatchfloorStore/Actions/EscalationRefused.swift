import WatchfloorCore

/// Escalating a level-Ⅰ incident: Ⅰ (特别重大) is the top of the national grading, there is nothing to raise it
/// to, and counting it as an escalation would make the figures lie. Refused by the operator action and skipped
/// by the timer, with this sentence.
public struct EscalationRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public let incidentID: String

    public init(incidentID: String) { self.incidentID = incidentID }

    public func message(_ language: Language) -> String {
        language == .zh
            ? "\(incidentID) 已是Ⅰ级（特别重大），为最高等级，无法再升级"
            : "\(incidentID) is already level Ⅰ (extremely serious), the highest grade; it cannot be escalated further"
    }

    public var description: String { message(.en) }
}
