import Testing
@testable import WatchfloorCore

/// The fast SimHash (bit-sliced vote counting, CJK/ASCII fast paths) must equal the plain definition: every
/// character and every adjacent pair votes +1 for its hash's set bits and −1 for the others; a bit is set when
/// its votes are positive. Checked on short and long texts (past 255 features, where the counter is flushed).
@Suite struct SimHashReferenceTests {
    static func reference(_ s: [Unicode.Scalar]) -> UInt64 {
        if s.isEmpty { return 0 }
        var votes = [Int](repeating: 0, count: 64)
        func add(_ f: UInt64) { let h = SimHash.mix(f); for b in 0..<64 { votes[b] += (h >> UInt64(b)) & 1 == 1 ? 1 : -1 } }
        for i in 0..<s.count {
            add(UInt64(s[i].value))
            if i + 1 < s.count { add(UInt64(s[i].value) << 21 | UInt64(s[i + 1].value) | 1 << 63) }
        }
        var out: UInt64 = 0
        for b in 0..<64 where votes[b] > 0 { out |= 1 << UInt64(b) }
        return out
    }

    @Test func fastHashEqualsTheDefinition() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("青石镇石门村水库决堤下游被淹网友发布现场视频abcXYZ0123４５ＡＢéß")
        var texts = ["", "a", "水", "转发微博 //@网友12: 石门水库决堤 https://t.example/x RT", String(repeating: "讨薪", count: 400)]
        for n in [3, 20, 127, 128, 129, 200, 1_000] {
            texts.append(String((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        for t in texts {
            let normalized = SimHash.normalize(t)
            #expect(SimHash.hash(normalized: normalized) == SimHashReferenceTests.reference(normalized), "\(t.prefix(20)) (\(normalized.count))")
        }
    }

    @Test func normalisingKeepsLettersAndDigitsOnly() {
        #expect(String(String.UnicodeScalarView(SimHash.normalize("ＡＢ１２ab-CD 水库！🔥 é"))) == "ab12abcd水库é")
    }
}
