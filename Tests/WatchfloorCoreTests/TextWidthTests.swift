import Testing
import WatchfloorCore
#if canImport(Glibc)
import Glibc
#endif

#if canImport(Glibc)
/// glibc's `wcwidth`, looked up at run time: the Glibc module hides it unless `_XOPEN_SOURCE` is defined.
private let wcwidth: @convention(c) (wchar_t) -> Int32 = {
    let symbol = dlsym(nil, "wcwidth")                 // nil is RTLD_DEFAULT on glibc
    return unsafeBitCast(symbol!, to: (@convention(c) (wchar_t) -> Int32).self)
}()
#endif

@Suite("DisplayWidth")
struct TextWidthTests {
    #if canImport(Glibc)
    /// The table must agree with glibc `wcwidth` for every assigned, printable scalar in the ranges the duty room
    /// sees. Deliberate differences are skipped: controls (we say 0, wcwidth says -1), unassigned or otherwise
    /// unprintable scalars (we say 1, wcwidth says -1).
    @Test func agreesWithGlibcWcwidth() throws {
        let locale = setlocale(LC_ALL, "C.UTF-8")
        try #require(locale != nil, "C.UTF-8 locale is needed to compare with wcwidth")
        let ranges: [(String, ClosedRange<UInt32>)] = [
            ("Latin", 0x20...0x24F), ("combining marks", 0x300...0x36F), ("Greek/Cyrillic", 0x370...0x4FF),
            ("Hangul jamo", 0x1100...0x11FF), ("general punctuation", 0x2000...0x206F),
            ("letterlike/number forms (Ⅰ–Ⅳ)", 0x2100...0x218F), ("arrows/math", 0x2190...0x22FF),
            ("misc technical", 0x2300...0x23FF), ("enclosed alnum", 0x2460...0x24FF),
            ("box drawing/blocks/shapes", 0x2500...0x25FF), ("misc symbols/dingbats", 0x2600...0x27BF),
            ("braille", 0x2800...0x28FF), ("CJK symbols, kana, bopomofo", 0x2E80...0x33FF),
            ("CJK ext A", 0x3400...0x4DBF), ("CJK unified", 0x4E00...0x9FFF), ("Yi", 0xA000...0xA4CF),
            ("Hangul syllables", 0xAC00...0xD7A3), ("CJK compatibility", 0xF900...0xFAFF),
            ("variation selectors", 0xFE00...0xFE0F), ("vertical/compat forms", 0xFE10...0xFE6F),
            ("halfwidth and fullwidth forms", 0xFF00...0xFFEF), ("emoji", 0x1F300...0x1FAFF),
            ("CJK ext B", 0x20000...0x2A6DF),
        ]
        var mismatches: [String] = []
        for (name, range) in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let expected = Int(wcwidth(wchar_t(v)))
                if expected < 0 { continue }
                let actual = DisplayWidth.of(scalar)
                if actual != expected {
                    mismatches.append("\(name) U+\(String(v, radix: 16)): ours \(actual), wcwidth \(expected)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }
    #endif

    @Test func scalars() {
        #expect(DisplayWidth.of("a" as Unicode.Scalar) == 1)
        #expect(DisplayWidth.of("\u{07}" as Unicode.Scalar) == 0)
        #expect(DisplayWidth.of("\u{9B}" as Unicode.Scalar) == 0)
        #expect(DisplayWidth.of("中" as Unicode.Scalar) == 2)
        #expect(DisplayWidth.of("한" as Unicode.Scalar) == 2)
        #expect(DisplayWidth.of("Ａ" as Unicode.Scalar) == 2)      // fullwidth A
        #expect(DisplayWidth.of("ｱ" as Unicode.Scalar) == 1)       // halfwidth katakana
        #expect(DisplayWidth.of("\u{301}" as Unicode.Scalar) == 0)
        #expect(DisplayWidth.of("Ⅳ" as Unicode.Scalar) == 1)       // East Asian Ambiguous counts 1
        #expect(DisplayWidth.of("─" as Unicode.Scalar) == 1)
        #expect(DisplayWidth.of("\u{200B}" as Unicode.Scalar) == 0)
        #expect(DisplayWidth.of("\u{E0000}" as Unicode.Scalar) == 1) // unassigned: 1 (wcwidth: -1)
    }

    @Test func graphemeClusters() {
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)     // é decomposed
        #expect(DisplayWidth.of("❤" as Character) == 1)            // text presentation by default
        #expect(DisplayWidth.of("❤\u{FE0F}" as Character) == 2)    // VS16 asks for emoji presentation
        #expect(DisplayWidth.of("😀" as Character) == 2)
        #expect(DisplayWidth.of("👍🏽" as Character) == 2)           // modifier does not add
        #expect(DisplayWidth.of("👨‍👩‍👧" as Character) == 2)        // ZWJ family
        #expect(DisplayWidth.of("❤\u{200D}🔥" as Character) == 2)  // ZWJ on a text-default base
        #expect(DisplayWidth.of("🇨🇳" as Character) == 2)
        #expect(DisplayWidth.of("1\u{FE0F}\u{20E3}" as Character) == 2) // keycap
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}" as Character) == 2) // Hangul L V T
        #expect(DisplayWidth.of("\r\n" as Character) == 0)
    }

    @Test func strings() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("INC-20261122-0007") == 17)
        #expect(DisplayWidth.of("社会治安") == 8)
        #expect(DisplayWidth.of("Ⅰ级 特别重大") == 12)
        #expect(DisplayWidth.of("火警🔥 ok") == 9)
        #expect("中a".displayWidth == 3)
        #expect(DisplayWidth.of("a\u{1B}b") == 2)
    }

    @Test func truncate() {
        #expect(DisplayWidth.truncate("hello", to: 10) == "hello")
        #expect(DisplayWidth.truncate("hello world", to: 8) == "hello w…")
        #expect(DisplayWidth.truncate("社会治安事件", to: 7) == "社会治…")
        #expect(DisplayWidth.truncate("社会治安事件", to: 6) == "社会 …")   // 治 would straddle: pad
        #expect(DisplayWidth.truncate("社会治安事件", to: 6).displayWidth == 6)
        #expect(DisplayWidth.truncate("社会治安事件", to: 1) == "…")
        #expect(DisplayWidth.truncate("社会治安事件", to: 0) == "")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
        for w in 0...14 {
            let t = DisplayWidth.truncate("网格员王伟👍🏽 ack", to: w)
            #expect(t.displayWidth == w)
        }
    }

    @Test func pad() {
        #expect(DisplayWidth.pad("中", to: 4) == "中  ")
        #expect(DisplayWidth.pad("中", to: 4, alignment: .right) == "  中")
        #expect(DisplayWidth.pad("中", to: 5, alignment: .center) == " 中  ")
        #expect(DisplayWidth.pad("中文字", to: 4) == "中 …")
        #expect(DisplayWidth.pad("中文字", to: 4).displayWidth == 4)
    }

    @Test func wrap() {
        #expect(DisplayWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrap("中文可以在任意字之间换行", width: 7) == ["中文可", "以在任", "意字之", "间换行"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("a\n\nb", width: 4) == ["a", "", "b"])
        #expect(DisplayWidth.wrap("  indented", width: 20) == ["  indented"])
        #expect(DisplayWidth.wrap("", width: 5) == [""])
        let mixed = DisplayWidth.wrap("报警人称 fire at 东门 gate, 请速派员", width: 9)
        #expect(mixed.allSatisfy { $0.displayWidth <= 9 })
        #expect(mixed.joined().filter { $0 != " " } == "报警人称fireat东门gate,请速派员")
    }

    @Test func asciiFastPathIsFast() {
        let line = String(repeating: "INC-0007 fire ", count: 20)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var total = 0
            for _ in 0..<10_000 { total &+= DisplayWidth.of(line) }
            #expect(total == 10_000 * line.utf8.count)
        }
        #expect(elapsed < .seconds(2))
    }
}
