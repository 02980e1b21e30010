// Untrusted feed text → text that is safe to put on the duty-room screen and into exports.
//
// Incident titles, alert signatures and 12345 summaries come from outside. Without this, a title could set the
// terminal's window title (OSC), move the cursor and overwrite the row above (CSI), clear the screen, or use bidi
// overrides to show `exe.pdf` for `fdp.exe`. Everything the screen shows from a feed goes through `sanitize`.
//
// What is removed:
// - C0 controls except TAB (→ one space) and line breaks (kept as `\n`, or folded to a space with `singleLine`);
//   CR LF, lone CR, VT, FF, U+2028 and U+2029 all count as a line break;
// - DEL and C1 controls U+0080–U+009F;
// - whole escape sequences, 7-bit and 8-bit: CSI (`ESC [` / U+009B … final byte), OSC (`ESC ]` / U+009D … BEL or
//   ST), DCS/SOS/PM/APC (`ESC P X ^ _` / U+0090 U+0098 U+009E U+009F … ST), and two-byte `ESC` sequences
//   (`ESC 7`, `ESC c`, `ESC ( B`). A string sequence that is never terminated swallows the rest of the input: that
//   only hides the attacker's own text, while stopping early could leak the payload. A lone `ESC` is dropped;
// - bidi embeddings/overrides/isolates U+202A–U+202E, U+2066–U+2069 and the marks U+200E, U+200F, U+061C;
// - invisible characters that only serve to spoof or smuggle text: U+200B zero-width space, U+2060–U+2064,
//   U+FEFF, U+00AD soft hyphen, U+180E, U+206A–U+206F, U+FFF9–U+FFFB, tag characters U+E0000–U+E007F (so
//   subdivision flags degrade to a plain 🏴), and noncharacters. ZWJ (U+200D) and ZWNJ (U+200C) are kept: emoji
//   sequences and some scripts need them, and neither hides text;
// - line breaks at the start or end; runs of more than `maxLineBreaks` consecutive breaks collapse.
//
// The result is capped at `maxCharacters` grapheme clusters; a cut string ends in `…`.
//
// Example: `TextSanitizer.sanitize("\u{1B}]0;pwned\u{07}火警\u{1B}[2J")` is `"火警"`.

/// Removes terminal control sequences, bidi controls and spoofing characters from untrusted text.
public enum TextSanitizer {
    /// Knobs for `sanitize`.
    public struct Options: Sendable, Equatable {
        /// Fold every line break into a single space (table cells, titles, one-line fields).
        public var singleLine: Bool
        /// Cap on the number of grapheme clusters in the result (`nil`: no cap). A cut result ends in `…`.
        public var maxCharacters: Int?
        /// In multi-line mode, at most this many consecutive line breaks survive.
        public var maxLineBreaks: Int

        public init(singleLine: Bool = true, maxCharacters: Int? = nil, maxLineBreaks: Int = 2) {
            self.singleLine = singleLine
            self.maxCharacters = maxCharacters
            self.maxLineBreaks = maxLineBreaks
        }

        /// One line, no cap: the default for anything drawn in a table cell.
        public static let singleLine = Options()
        /// Keeps line breaks: detail views and notes.
        public static let multiLine = Options(singleLine: false)
    }

    private enum State {
        case text
        case escape                // after ESC
        case escapeIntermediate    // ESC followed by 0x20–0x2F bytes, waiting for the final byte
        case csi                   // inside a control sequence, waiting for a final byte 0x40–0x7E
        case string                // OSC/DCS/SOS/PM/APC body, waiting for BEL (OSC) or ST
        case stringEscape          // ESC seen inside a string: `ESC \` ends it
    }

    /// The sanitised form of `text` (see the type's documentation for the rules).
    public static func sanitize(_ text: String, options: Options = .singleLine) -> String {
        // Fast path: printable ASCII needs no work beyond the length cap.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return cap(text, options.maxCharacters) }

        var out = String.UnicodeScalarView()
        var state = State.text
        var pendingBreaks = 0          // line breaks seen since the last visible character
        var previousWasCR = false

        // Line breaks are emitted lazily, before the next visible character, so none lead or trail.
        func lineBreak() { pendingBreaks += 1 }
        func append(_ scalar: Unicode.Scalar) {
            if pendingBreaks > 0 && !out.isEmpty {
                if options.singleLine {
                    if out.last != " " && scalar != " " { out.append(" ") }
                } else {
                    for _ in 0..<min(pendingBreaks, options.maxLineBreaks) { out.append("\n") }
                }
            }
            pendingBreaks = 0
            out.append(scalar)
        }

        func emit(_ scalar: Unicode.Scalar) {
            let v = scalar.value
            let wasCR = previousWasCR
            previousWasCR = false
            switch v {
            case 0x0A:
                if !wasCR { lineBreak() }
                return
            case 0x0D:
                previousWasCR = true
                lineBreak()
                return
            case 0x0B, 0x0C, 0x2028, 0x2029:
                lineBreak()
                return
            case 0x09:
                append(" ")
            case 0x1B:
                state = .escape
                return
            case 0x9B:
                state = .csi
                return
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                state = .string
                return
            default:
                if !isRemoved(v) { append(scalar) }
            }
        }

        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch state {
            case .escape:
                switch v {
                case 0x5B: state = .csi                                       // [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string           // ] P X ^ _
                case 0x20...0x2F: state = .escapeIntermediate
                case 0x30...0x7E: state = .text                               // two-byte sequence, consumed
                case 0x1B: state = .escape                                    // ESC ESC: the first is dropped
                default:
                    state = .text                                             // lone ESC: drop it, keep this
                    emit(scalar)
                }
                continue
            case .escapeIntermediate:
                if (0x20...0x2F).contains(v) { continue }
                state = .text
                if (0x30...0x7E).contains(v) { continue }
                emit(scalar)
                continue
            case .csi:
                if (0x20...0x3F).contains(v) { continue }                    // parameters, intermediates
                state = .text
                if (0x40...0x7E).contains(v) { continue }                    // final byte
                emit(scalar)                                                  // malformed: sequence aborted
                continue
            case .string:
                if v == 0x07 || v == 0x9C || v == 0x18 || v == 0x1A { state = .text }   // BEL, ST, CAN, SUB
                else if v == 0x1B { state = .stringEscape }
                continue
            case .stringEscape:
                state = v == 0x5C ? .text : (v == 0x1B ? .stringEscape : .string)
                continue
            case .text:
                emit(scalar)
            }
        }

        return cap(String(out), options.maxCharacters)
    }

    /// Characters dropped outright (controls, bidi controls, invisible spoofing characters, noncharacters).
    static func isRemoved(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x00AD, 0x061C, 0x180E: return true
        case 0x200B, 0x200E, 0x200F: return true
        case 0x202A...0x202E: return true
        case 0x2060...0x2064, 0x2066...0x206F: return true
        case 0xFEFF, 0xFFF9...0xFFFB: return true
        case 0xFDD0...0xFDEF: return true
        case 0xE0000...0xE007F: return true
        default: return v & 0xFFFE == 0xFFFE      // U+xxFFFE / U+xxFFFF noncharacters
        }
    }

    private static func cap(_ text: String, _ limit: Int?) -> String {
        guard let limit, limit >= 0 else { return text }
        // Cheap check first: a string with no more UTF-8 bytes than the limit has no more clusters either.
        if text.utf8.count <= limit || text.count <= limit { return text }
        if limit == 0 { return "" }
        return String(text.prefix(limit - 1)) + "…"
    }
}

extension String {
    /// `TextSanitizer.sanitize(self, options:)`.
    public func sanitized(_ options: TextSanitizer.Options = .singleLine) -> String {
        TextSanitizer.sanitize(self, options: options)
    }
}
