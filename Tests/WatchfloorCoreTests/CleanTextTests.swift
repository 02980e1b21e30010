import Testing
@testable import WatchfloorCore

/// `TextSanitizer.isClean` is a shortcut: whenever it says yes, the sanitiser must indeed change nothing.
@Suite struct CleanTextTests {
    static let samples = [
        "", "plain ASCII text", "石门水库运行正常，网传“决堤”系谣言……", "転送 カタカナ 한국어", "Ｆｕｌｌ－ｗｉｄｔｈ １２３",
        "café — naïve – ‘quotes’ ‰", "עברית", "line\nbreak", "tab\there", "esc\u{1B}[31mred", "bell\u{07}", "del\u{7F}",
        "c1\u{85}next", "soft\u{AD}hyphen", "zero\u{200B}width", "bidi\u{202E}evil", "line\u{2028}sep", "bom\u{FEFF}",
        "arabic\u{061C}mark", "emoji 🔥 fire", "tag\u{E0041}", "CR\r\nLF",
    ] + [0xFDD0, 0xFFFE, 0x10FFFF].map { "nonchar" + String(Character(Unicode.Scalar($0)!)) }

    @Test func cleanMeansTheSanitiserChangesNothing() {
        for s in CleanTextTests.samples where TextSanitizer.isClean(s) {
            #expect(TextSanitizer.sanitize(s, options: .multiLine) == s, "\(s.unicodeScalars.map { $0.value })")
            #expect(TextSanitizer.sanitize(s, options: .singleLine) == s, "\(s.unicodeScalars.map { $0.value })")
        }
    }

    @Test func whatTheSanitiserWouldChangeIsNotClean() {
        for s in CleanTextTests.samples where TextSanitizer.sanitize(s, options: .multiLine) != s {
            #expect(!TextSanitizer.isClean(s), "\(s.unicodeScalars.map { $0.value })")
        }
        #expect(TextSanitizer.isClean("石门水库运行正常，网传“决堤”系谣言……"))
        #expect(TextSanitizer.isClean("Ｆｕｌｌ－ｗｉｄｔｈ １２３ café"))
        #expect(!TextSanitizer.isClean("line\nbreak"))      // multi-line text takes the full path (breaks are collapsed there)
    }
}
