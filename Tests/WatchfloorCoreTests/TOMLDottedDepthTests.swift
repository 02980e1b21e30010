import Testing
@testable import WatchfloorCore

/// Dotted keys and table headers nest tables as deeply as brackets do: `a.a.a…` with 100,000 parts crashed the
/// parser (stack overflow) where 100,000 `[` gave a clear error.
@Suite struct TOMLDottedDepthTests {
    func refused(_ text: String) -> String? {
        do { _ = try TOML.parse(text); return nil } catch { return "\(error)" }
    }

    @Test func hostileDottedKeysAndHeadersAreAClearError() {
        let parts = Array(repeating: "k", count: 100_000).joined(separator: ".")
        for text in ["\(parts) = 1", "[\(parts)]\nx = 1", "[[\(parts)]]\nx = 1", "x = {\(parts) = 1}"] {
            #expect(refused(text)?.contains("nested deeper than 128 levels") == true, "\(text.prefix(12))")
        }
    }

    @Test func partsAddUpAcrossHeadersKeysAndInlineTables() {
        let sixty = Array(repeating: "k", count: 60).joined(separator: ".")
        #expect(refused("[\(sixty)]\n\(sixty) = 1") == nil, "120 levels are fine")
        #expect(refused("[\(sixty)]\n\(sixty).a.b.c.d.e.f.g.h.i = 1")?.contains("nested deeper") == true)
        // Inline tables whose keys are dotted: each level's parts count.
        var text = "x = 1"
        for _ in 0..<20 { text = "\(Array(repeating: "k", count: 10).joined(separator: ".")) = {\(text)}" }
        #expect(refused(text)?.contains("nested deeper") == true)
        #expect(refused("a.b.c = {d.e = [1, {f.g = 2}]}") == nil)
    }
}
