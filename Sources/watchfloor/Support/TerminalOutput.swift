import Foundation
import WatchfloorCore

/// The CLI's one output boundary. Everything `watchfloor` prints — tables, JSON, ids, error sentences, dead-letter
/// reasons, operator names — passes the same sanitiser as feed text on its way out, line by line, so a value
/// stored before the store sanitised it (or a file name, an argument echoed back) can never reach the operator's
/// terminal as an escape sequence, a C1 control or a bidi override. Line structure is kept; TAB becomes a space.
enum TerminalOutput {
    static func clean(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x0A }) { return text }   // plain ASCII lines
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextSanitizer.sanitize(String($0), options: .singleLine) }
            .joined(separator: "\n")
    }

    /// One line (or several) on stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((clean(text) + "\n").utf8))
    }
}

/// Shadows `Swift.print` inside the `watchfloor` module: every unqualified `print` in the CLI is sanitised.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(TerminalOutput.clean(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}
