// Key bindings declared as data (lazygit's idea): action id, keys, help text in both languages, group and scope.
// The UI dispatches through `KeyMap.action(for:scope:)`, the help overlay is generated from the same list, and a
// `[keys]` table in the config can rebind any action.

import WatchfloorCore

/// The UI language is the domain's `Language`, so labels from Core and the terminal agree.
public typealias UILanguage = Language

/// A text in both UI languages.
public struct Localized: Hashable, Sendable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(_ language: UILanguage) -> String { language == .zh ? zh : en }
}

/// One action and the keys that trigger it.
public struct KeyBinding: Hashable, Sendable {
    /// Stable id used in config files and by the UI's dispatcher, e.g. `"acknowledge"`.
    public var action: String
    public var keys: [Key]
    public var help: Localized
    /// Help-overlay section, e.g. Navigation / Actions.
    public var group: Localized
    /// Where the binding is active: `"global"` or a context such as `"list"`, `"dialog"`, `"input"`. Keys may repeat
    /// across scopes that are never active together; within one scope (or against `"global"`) they conflict.
    public var scope: String
    /// Destructive actions are hidden in read-only mode and never share a key with navigation.
    public var destructive: Bool

    public init(_ action: String, keys: [Key], help: Localized, group: Localized, scope: String = "global",
                destructive: Bool = false) {
        self.action = action
        self.keys = keys
        self.help = help
        self.group = group
        self.scope = scope
        self.destructive = destructive
    }
}

/// Two actions answering to the same key in scopes that are active together.
public struct KeyConflict: Hashable, Sendable, CustomStringConvertible {
    public var key: Key
    public var actions: [String]
    public var description: String { "key \(key) is bound to " + actions.joined(separator: " and ") }
}

/// A problem with a `[keys]` override table: which entry and why.
public struct KeyMapIssue: Hashable, Sendable, CustomStringConvertible {
    public var action: String
    public var message: String
    public var description: String { "keys.\(action): \(message)" }
}

/// The full set of bindings.
public struct KeyMap: Sendable {
    public private(set) var bindings: [KeyBinding]

    public init(_ bindings: [KeyBinding]) { self.bindings = bindings }

    /// The binding for an action id.
    public func binding(_ action: String) -> KeyBinding? { bindings.first { $0.action == action } }

    /// The action `key` triggers in `scope` (scope-specific bindings win over global ones; first declared wins).
    public func action(for key: Key, scope: String = "global") -> String? {
        if scope != "global", let b = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) {
            return b.action
        }
        return bindings.first { $0.scope == "global" && $0.keys.contains(key) }?.action
    }

    /// Keys of an action as shown to people ("a", "Ctrl-L"); empty when unbound.
    public func keyNames(_ action: String) -> [String] { binding(action)?.keys.map(\.description) ?? [] }

    /// Same key, overlapping scopes, different actions.
    public var conflicts: [KeyConflict] {
        var found: [KeyConflict] = []
        var seen = Set<String>()
        for (i, a) in bindings.enumerated() {
            for key in a.keys {
                let clashing = bindings[(i + 1)...].filter {
                    $0.keys.contains(key) && ($0.scope == a.scope || $0.scope == "global" || a.scope == "global")
                }
                guard !clashing.isEmpty else { continue }
                let id = "\(key)|\(a.action)"
                if seen.insert(id).inserted {
                    found.append(KeyConflict(key: key, actions: [a.action] + clashing.map(\.action)))
                }
            }
        }
        return found
    }

    /// Applies a `[keys]` table (`acknowledge = ["a"]`, or a single string) on top of these bindings.
    ///
    /// An override replaces the action's keys. If it takes a key another action had by default, that action loses
    /// the key (the person asked for it) and an issue is reported so the loss is visible. Unknown actions and
    /// unparseable key names are issues too; the rest of the table still applies. Check `conflicts` afterwards for
    /// clashes between two overrides.
    @discardableResult
    public mutating func applyOverrides(_ table: [String: TOMLValue]) -> [KeyMapIssue] {
        var issues: [KeyMapIssue] = []
        var overridden = Set<String>()
        for action in table.keys.sorted() {
            let value = table[action]!
            guard let index = bindings.firstIndex(where: { $0.action == action }) else {
                issues.append(KeyMapIssue(action: action, message: "unknown action"))
                continue
            }
            let names: [TOMLValue] = value.array ?? [value]
            var keys: [Key] = []
            for n in names {
                guard let s = n.string else {
                    issues.append(KeyMapIssue(action: action, message: "expected key names as strings"))
                    continue
                }
                guard let k = Key(name: s) else {
                    issues.append(KeyMapIssue(action: action, message: "unknown key name '\(s)'"))
                    continue
                }
                keys.append(k)
            }
            bindings[index].keys = keys
            overridden.insert(action)
        }
        // Overrides take their keys away from non-overridden bindings in overlapping scopes.
        for o in bindings where overridden.contains(o.action) {
            for i in bindings.indices where !overridden.contains(bindings[i].action) {
                let b = bindings[i]
                guard b.scope == o.scope || b.scope == "global" || o.scope == "global" else { continue }
                let taken = b.keys.filter { o.keys.contains($0) }
                guard !taken.isEmpty else { continue }
                bindings[i].keys.removeAll { taken.contains($0) }
                let names = taken.map(\.description).joined(separator: ", ")
                issues.append(KeyMapIssue(action: o.action, message: "takes \(names) from '\(b.action)'"
                                          + (bindings[i].keys.isEmpty ? ", which is now unbound" : "")))
            }
        }
        return issues
    }

    /// Without destructive actions (read-only mode removes the keys instead of refusing after the press).
    public func readOnly() -> KeyMap { KeyMap(bindings.filter { !$0.destructive }) }
}
