import WatchfloorCore

/// A rule that forbids an action whatever anyone else does: the lifecycle ("only a resolved incident can be
/// closed"), or a domain rule such as "a level-Ⅰ incident cannot be escalated". `code` is stable for scripts and
/// tests; `sentence` is what the operator reads, in zh and en.
public struct RuleRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let sentence: Bilingual

    public init(code: String, sentence: Bilingual) {
        self.code = code; self.sentence = sentence
    }

    public var description: String { sentence.en }
}

/// An operator action that did not happen, and why, in one of two kinds the operator must tell apart:
///
/// - a **race** (`isRace`): someone changed the item since the operator looked (the compare-and-set lost); the
///   message names who and when — "已由 王伟 于 14:02 确认" / "already acknowledged by 王伟 at 14:02";
/// - a **rule** (`isRule`): the item's state (or another rule) forbids the action, whoever asks —
///   "只能关闭已处置的事件（当前：已派遣）" / "only a resolved incident can be closed (it is dispatched)".
///
/// The CLI exits with a different code for each (see `watchfloor --help`); the UI shows `message(…)` and refreshes.
public struct ActionRefused: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The entity is in a state the action cannot start from.
        case illegal(IllegalTransition)
        /// Another rule forbids it (kept general so rules beyond the lifecycle table fit).
        case rule(RuleRefusal)
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

    public init(entityKind: String, entityID: String, action: String, currentStatus: String, reason: Reason,
                lastActor: String? = nil, lastAt: Timestamp? = nil, lastAction: String? = nil) {
        self.entityKind = entityKind; self.entityID = entityID; self.action = action
        self.currentStatus = currentStatus; self.reason = reason
        self.lastActor = lastActor; self.lastAt = lastAt; self.lastAction = lastAction
    }

    /// Someone else acted first: the item changed since it was read, or (when the caller gave no version) the very
    /// same action was already done ("already acknowledged by 王伟 at 14:02").
    public var isRace: Bool {
        switch reason {
        case .stale: true
        case .illegal: lastActor != nil && lastAt != nil && lastAction == action
        case .rule: false
        }
    }
    /// A rule forbids the action whoever asks.
    public var isRule: Bool { !isRace }

    /// The rule broken, for `isRule` refusals.
    public var rule: RuleRefusal? {
        if isRace { return nil }
        switch reason {
        case .illegal(let t): return t.rule
        case .rule(let r): return r
        case .stale: return nil
        }
    }

    /// The sentence for the operator. `names` maps logins to display names (`[operators]`); times are local.
    public func message(_ language: Language, offsetSeconds: Int = ISOTime.chinaOffsetSeconds,
                        names: [String: String] = [:]) -> String {
        if let rule { return rule.sentence.text(language) }
        let when = lastAt.map { ISOTime.localClock($0, offsetSeconds: offsetSeconds) }
        if let actor = lastActor, let when, let lastAction {
            let who = names[actor] ?? actor
            let verb = ActionVerb.pastTense(lastAction)
            return language == .zh ? "已由 \(who) 于 \(when) \(verb.zh)" : "already \(verb.en) by \(who) at \(when)"
        }
        return language == .zh ? "该条目已被他人修改，已刷新，请重新查看" : "changed by someone else meanwhile; refreshed — look again"
    }

    public var description: String { message(.en) }
}

extension IllegalTransition {
    /// The lifecycle rule as a sentence: which state allows the action, and the state the item is in.
    public var rule: RuleRefusal {
        let verb = ActionVerb.pastTense(action)
        let entityZh = ["incident": "事件", "hotline case": "12345 工单", "alert": "告警"][entity] ?? entity
        let allowedEn = Self.joined(allowedFromLabels.map { $0.en.lowercased() }, "or")
        let allowedZh = allowedFromLabels.map(\.zh).joined(separator: "或")
        let article = allowedEn.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        let nowEn = currentLabel?.en.lowercased() ?? current
        let nowZh = currentLabel?.zh ?? current
        let en = allowedFrom.isEmpty ? "a \(entity) cannot be \(verb.en) (it is \(nowEn))"
            : "only \(article) \(allowedEn) \(entity) can be \(verb.en) (it is \(nowEn))"
        let zh = allowedFrom.isEmpty ? "\(entityZh)不能\(verb.zh)（当前：\(nowZh)）"
            : "只能\(verb.zh)\(allowedZh)的\(entityZh)（当前：\(nowZh)）"
        return RuleRefusal(code: "lifecycle.\(action)", sentence: Bilingual(zh, en))
    }

    private static func joined(_ words: [String], _ conjunction: String) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}
