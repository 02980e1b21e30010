import Testing
import WatchfloorCore

@Suite("TextSanitizer")
struct TextSanitizerTests {
    private func clean(_ s: String, _ o: TextSanitizer.Options = .singleLine) -> String {
        TextSanitizer.sanitize(s, options: o)
    }

    @Test func plainTextIsUntouched() {
        #expect(clean("INC-20261122-0007 fire") == "INC-20261122-0007 fire")
        #expect(clean("东门 火警 🔥 👨‍👩‍👧 🇨🇳") == "东门 火警 🔥 👨‍👩‍👧 🇨🇳")
        #expect(clean("e\u{301}") == "e\u{301}")
    }

    @Test func titleSettingOSC() {
        #expect(clean("\u{1B}]0;pwned\u{07}火警") == "火警")
        #expect(clean("a\u{1B}]2;title\u{1B}\\b") == "ab")                 // ST terminator
        #expect(clean("a\u{9D}8;;http://evil\u{9C}link\u{9D}8;;\u{9C}") == "alink") // 8-bit OSC 8 hyperlink
        #expect(clean("报警\u{1B}]0;never terminated 东门") == "报警")       // unterminated swallows the rest
    }

    @Test func cursorMovementAndClearScreen() {
        #expect(clean("\u{1B}[2J\u{1B}[H已处置") == "已处置")
        #expect(clean("ok\u{1B}[1A\u{1B}[2K伪造的一行") == "ok伪造的一行")
        #expect(clean("x\u{1B}[38;2;255;0;0mred\u{1B}[0m") == "xred")
        #expect(clean("x\u{9B}31mred\u{9B}0m") == "xred")                    // 8-bit CSI
        #expect(clean("x\u{1B}[?1049h\u{1B}[?25ly") == "xy")
        #expect(clean("x\u{1B}[12中") == "x中")                              // aborted CSI keeps the text
    }

    @Test func otherEscapeSequences() {
        #expect(clean("a\u{1B}cb") == "ab")                                  // RIS full reset
        #expect(clean("a\u{1B}(0b") == "ab")                                 // charset switch to DEC graphics
        #expect(clean("a\u{1B}7\u{1B}8b") == "ab")
        #expect(clean("a\u{1B}Pq#0;2;0;0;0\u{1B}\\b") == "ab")              // DCS (sixel)
        #expect(clean("a\u{1B}_apc\u{1B}\\b\u{1B}^pm\u{9C}c\u{1B}Xsos\u{1B}\\d") == "abcd")
        #expect(clean("end\u{1B}") == "end")                                 // lone ESC at end
        #expect(clean("\u{1B}中文") == "中文")                               // ESC before non-ASCII
    }

    @Test func controls() {
        #expect(clean("a\tb") == "a b")
        #expect(clean("a\u{00}b\u{07}c\u{08}d\u{7F}e\u{85}f") == "abcdef")
        #expect(clean("line1\r\nline2\rline3\nline4") == "line1 line2 line3 line4")
        #expect(clean("line1\r\nline2\n\n\n\nline3\n", .multiLine) == "line1\nline2\n\nline3")
        #expect(clean("\n\n  leading", .multiLine) == "  leading")
        #expect(clean("a\u{2028}b", .multiLine) == "a\nb")
        #expect(clean("a \n b") == "a  b")
    }

    @Test func bidiAndInvisibleSpoofing() {
        // "invoice_\u{202E}fdp.exe" displays as "invoice_exe.pdf" in a bidi-aware renderer.
        #expect(clean("invoice_\u{202E}fdp.exe") == "invoice_fdp.exe")
        #expect(clean("\u{2066}a\u{2069}\u{2067}b\u{2069}\u{200F}c\u{200E}") == "abc")
        #expect(clean("pay\u{200B}pal\u{00AD}\u{FEFF}\u{2060}") == "paypal")
        #expect(clean("tag\u{E0041}\u{E0042}s") == "tags")                    // ASCII smuggling in tag chars
        #expect(clean("👨\u{200D}💻") == "👨\u{200D}💻")                      // ZWJ kept for emoji
    }

    @Test func lengthCap() {
        #expect(clean("网格员王伟", TextSanitizer.Options(maxCharacters: 3)) == "网格…")
        #expect(clean("abc", TextSanitizer.Options(maxCharacters: 3)) == "abc")
        #expect(clean("abcdef", TextSanitizer.Options(maxCharacters: 4)) == "abc…")
        #expect(clean("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", TextSanitizer.Options(maxCharacters: 2)) == "👨‍👩‍👧…")
        #expect(clean("x", TextSanitizer.Options(maxCharacters: 0)) == "")
    }

    @Test func hostileMixIsFullyNeutralised() {
        let hostile = "\u{1B}]0;hacked\u{07}【Ⅰ级】\u{1B}[31m东门\u{1B}[0m 火警🔥\u{202E}txt.exe\u{1B}[2J\u{9B}H\u{1B}"
        let out = clean(hostile)
        #expect(out == "【Ⅰ级】东门 火警🔥txt.exe")
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
