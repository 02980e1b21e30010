import Foundation

/// The two languages the duty room works in. Chinese first: labels are written zh-first everywhere.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// Picks zh when the locale environment says Chinese (`LC_ALL`, `LC_MESSAGES`, `LANG`), else en.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let value = env[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }
}

/// A label in both languages; domain enums expose one so no pane or export hard-codes text.
public struct Bilingual: Sendable, Hashable {
    public let zh: String
    public let en: String
    public init(_ zh: String, _ en: String) { self.zh = zh; self.en = en }
    public func text(_ language: Language) -> String { language == .zh ? zh : en }
}
