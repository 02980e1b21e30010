/// A status enum whose allowed transitions are data, so every entity's state machine reads as one table.
public protocol LifecycleStatus: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// The entity kind named in errors ("incident", "hotline case", "alert").
    static var entityName: String { get }
    var label: Bilingual { get }
}

/// An action was refused because the entity is not in a state that allows it.
/// Carries the current state so the operator learns why ("already resolved"), not just "no".
public struct IllegalTransition: Error, Sendable, Equatable, CustomStringConvertible {
    public let entity: String
    public let action: String
    public let current: String
    public let allowedFrom: [String]
    /// The states' labels (待确认 / New …), for sentences an operator reads.
    public let currentLabel: Bilingual?
    public let allowedFromLabels: [Bilingual]

    public init(entity: String, action: String, current: String, allowedFrom: [String],
                currentLabel: Bilingual? = nil, allowedFromLabels: [Bilingual] = []) {
        self.entity = entity; self.action = action; self.current = current; self.allowedFrom = allowedFrom
        self.currentLabel = currentLabel
        self.allowedFromLabels = allowedFromLabels.isEmpty ? allowedFrom.map { Bilingual($0, $0) } : allowedFromLabels
    }

    public var description: String {
        "cannot \(action) a \(entity) that is \(current) (allowed from: \(allowedFrom.joined(separator: ", ")))"
    }
}

/// One named action: which states it may start from and which state it leads to (nil = unchanged).
public struct Transition<Status: LifecycleStatus>: Sendable {
    public let action: String
    public let from: Set<Status>
    public let to: Status?

    public init(_ action: String, from: Set<Status>, to: Status?) {
        self.action = action; self.from = from; self.to = to
    }

    /// The state after applying this transition to `current`, or a typed refusal naming `current`.
    public func apply(to current: Status) throws(IllegalTransition) -> Status {
        guard from.contains(current) else {
            let allowed = Status.allCases.filter { from.contains($0) }      // in lifecycle order
            throw IllegalTransition(entity: Status.entityName, action: action, current: current.rawValue,
                                    allowedFrom: from.map(\.rawValue).sorted(), currentLabel: current.label,
                                    allowedFromLabels: allowed.map(\.label))
        }
        return to ?? current
    }

    /// The same as `apply`, as a value (for callers that collect refusals rather than throw).
    public func result(from current: Status) -> Result<Status, IllegalTransition> {
        do { return .success(try apply(to: current)) } catch { return .failure(error) }
    }
}
