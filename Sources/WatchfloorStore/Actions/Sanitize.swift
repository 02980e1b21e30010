import WatchfloorCore

/// The store's single choke point for untrusted text: everything a feed or an operator writes passes through
/// here, so terminal control sequences never reach a screen or an export.
enum Sanitize {
    static func text(_ s: String) -> String { TextSanitizer.sanitize(s, options: .multiLine) }
    static func line(_ s: String) -> String { TextSanitizer.sanitize(s, options: .singleLine) }
    static func optionalLine(_ s: String?) -> String? { s.map(line) }
    /// A title: one line, at most `TextCap.titleCharacters` characters with a visible marker when cut.
    static func title(_ s: String) -> String { TextCap.characters(line(s)) }
    /// A detail or summary: at most `TextCap.detailBytes` bytes with a visible marker when cut.
    static func detail(_ s: String) -> String { TextCap.bytes(text(s)) }
}
