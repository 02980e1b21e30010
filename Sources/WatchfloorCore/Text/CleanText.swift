extension TextSanitizer {
    /// True when `sanitize(text, options:)` would return `text` unchanged (without a character cap), decided by one
    /// scan of the UTF-8 bytes: printable ASCII, and only code points in ranges that hold nothing the sanitiser
    /// removes — Latin-1 letters to Hebrew (U+00C0–U+05FF), dashes, quotes and the ellipsis (U+2010–U+2027,
    /// U+2030–U+203F), CJK, kana and hangul (U+3000–U+CFFF), full-width forms (U+FF00–U+FF7F). Anything else
    /// (controls, line breaks, tabs, bidi and invisible characters, emoji …) answers false, and the caller runs
    /// the full sanitiser. Hot ingest paths (posts) use it to skip the per-scalar rebuild of clean Chinese text.
    public static func isClean(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if c < 0x20 || c == 0x7F { return false }
                    i += 1
                } else if c >= 0xE3 && c <= 0xEC {
                    i += 3
                } else if c == 0xEF, i + 1 < n, b[i + 1] == 0xBC || b[i + 1] == 0xBD {
                    i += 3
                } else if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, (b[i + 2] >= 0x90 && b[i + 2] <= 0xA7) || b[i + 2] >= 0xB0 {
                    i += 3
                } else if c >= 0xC3 && c <= 0xD7 {
                    i += 2
                } else {
                    return false
                }
            }
            return true
        }
    }
}
