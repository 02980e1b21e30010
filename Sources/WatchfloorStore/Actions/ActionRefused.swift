import WatchfloorCore

/// An operator action that did not happen, with who got there first. Nothing is overwritten silently: the UI
/// shows `message(…)` ("已由 wangwei 于 14:02 确认") and refreshes.
public struct ActionRefused: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The entity is in a state the action cannot start from.
        case illegal(IllegalTransition)
        /// The entity changed since the operator looked at it (compare-and-set lost).
        case stale(expected: Int, found: Int)
    }

    public let entityKind: String
    public let entityID: String
    public let action: String
    public let currentStatus: String
    public let reason: Reason
    /// The last audited action on the entity: who, when and what.
    public let lastActor: String?
    public let lastAt: Timestamp?
    public let lastAction: String?

    public func message(_ language: Language, offsetSeconds: Int = ISOTime.chinaOffsetSeconds) -> String {
        let when = lastAt.map { ISOTime.localClock($0, offsetSeconds: offsetSeconds) }
        if let actor = lastActor, let when, let lastAction {
            let verb = ActionVerb.pastTense(lastAction)
            return language == .zh ? "已由 \(actor) 于 \(when) \(verb.zh)" : "already \(verb.en) by \(actor) at \(when)"
        }
        switch reason {
        case .illegal(let t): return language == .zh ? "无法执行：当前状态为 \(t.current)" : t.description
        case .stale: return language == .zh ? "该条目已被他人修改，请刷新" : "changed by someone else meanwhile; refreshed"
        }
    }

    public var description: String {
        let base = message(.en)
        if case .illegal(let t) = reason, lastActor != nil { return "\(base) (\(t.description))" }
        return base
    }
}
