/// 64-bit SimHash of a post's text over character unigrams and bigrams, for near-duplicate detection without word
/// segmentation. Text is normalised first so that what differs between copies of one story does not count:
/// URLs, @mentions, repost markers (`//@name:`, 转发, RT), punctuation, whitespace and emoji are dropped, ASCII and
/// full-width Latin letters and digits are folded to lower-case ASCII.
///
/// Why unigrams and bigrams: on 30-character Chinese posts, bigrams alone put a copy with two words inserted
/// 14–16 bits from its original, too close to unrelated posts (22+); adding the characters themselves keeps such
/// copies within 4–14 bits and unrelated posts 22+ apart (half the bits is 32). The default threshold (14)
/// therefore joins copies and light edits, and leaves paraphrases to the story join (`OpinionClusterer`).
public enum SimHash {
    /// Letters and digits of `text`, lower-cased, without URLs, mentions and repost markers.
    public static func normalize(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        let scalars = Array(text.unicodeScalars)
        var i = 0
        let n = scalars.count
        func isURLByte(_ s: Unicode.Scalar) -> Bool { s.value > 0x20 && s.value < 0x7F }
        while i < n {
            let s = scalars[i]
            // URLs: http(s):// or www. up to the first non-URL character.
            if (s == "h" || s == "H"), startsWith(scalars, i, "http://") || startsWith(scalars, i, "https://") {
                while i < n && isURLByte(scalars[i]) { i += 1 }
                continue
            }
            if s == "w", startsWith(scalars, i, "www.") {
                while i < n && isURLByte(scalars[i]) { i += 1 }
                continue
            }
            // @mentions: the name runs to a space, a colon, a comma or the next @ (at most 30 characters).
            if s == "@" || s == "＠" {
                i += 1
                var k = 0
                while i < n && k < 30, !" \t\n:：,，@＠/".unicodeScalars.contains(scalars[i]) { i += 1; k += 1 }
                continue
            }
            if s == "转", i + 1 < n, scalars[i + 1] == "发" {
                i += 2
                if startsWith(scalars, i, "微博") { i += 2 }
                continue
            }
            if (s == "R" || s == "r"), i + 1 < n, scalars[i + 1] == "T" || scalars[i + 1] == "t",
               i + 2 >= n || !scalars[i + 2].properties.isAlphabetic, i == 0 || !scalars[i - 1].properties.isAlphabetic {
                i += 2
                continue
            }
            i += 1
            var v = s.value
            // The common cases without a Unicode property lookup: CJK ideographs are letters, ASCII is decided by
            // its range (the same answers the properties give).
            if v >= 0x4E00 && v <= 0x9FFF { out.append(s); continue }
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A { v += 0x20 }
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { out.append(Unicode.Scalar(UInt8(v))) }
                continue
            }
            if v >= 0xFF10 && v <= 0xFF5A { v -= 0xFEE0 }   // full-width digits and letters
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            guard let folded = Unicode.Scalar(v) else { continue }
            let p = folded.properties
            if (p.isAlphabetic || p.numericType != nil) && !p.isEmojiPresentation { out.append(folded) }
        }
        return out
    }

    private static func startsWith(_ s: [Unicode.Scalar], _ at: Int, _ prefix: String) -> Bool {
        var k = at
        for p in prefix.unicodeScalars {
            guard k < s.count, s[k] == p || (p.value < 0x80 && s[k].value == p.value - 0x20 && p.properties.isLowercase) else { return false }
            k += 1
        }
        return true
    }

    /// The SimHash of `text` (normalised; each character and each pair of adjacent characters weighted 1).
    /// Empty text hashes to 0.
    public static func hash(_ text: String) -> UInt64 { hash(normalized: normalize(text)) }

    public static func hash(normalized s: [Unicode.Scalar]) -> UInt64 {
        if s.isEmpty { return 0 }
        // Each feature votes +1 for its set bits and −1 for the others, so a bit is set when more than half the
        // features have it. The set bits are counted 64 at a time in a vertical (bit-sliced) counter: plane k
        // holds bit k of every position's count, and adding a feature is a ripple of ANDs and XORs that usually
        // stops after a plane or two — instead of 64 separate additions per feature.
        var planes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var pending = 0                      // features in the planes (at most 255, what 8 planes hold)
        var ones = [Int](repeating: 0, count: 64)
        var features = 0
        func flush() {
            withUnsafeBytes(of: planes) { raw in
                let p = raw.bindMemory(to: UInt64.self)
                for b in 0..<64 {
                    var n = 0
                    for k in 0..<8 { n |= Int((p[k] >> UInt64(b)) & 1) << k }
                    ones[b] += n
                }
            }
            planes = (0, 0, 0, 0, 0, 0, 0, 0)
            pending = 0
        }
        func add(_ feature: UInt64) {
            var carry = mix(feature)
            withUnsafeMutableBytes(of: &planes) { raw in
                let p = raw.bindMemory(to: UInt64.self)
                var k = 0
                while carry != 0 && k < 8 {
                    let next = p[k] & carry
                    p[k] ^= carry
                    carry = next
                    k += 1
                }
            }
            features += 1
            pending += 1
            if pending == 255 { flush() }
        }
        for i in 0..<s.count {
            add(UInt64(s[i].value))
            if i + 1 < s.count { add(UInt64(s[i].value) << 21 | UInt64(s[i + 1].value) | 1 << 63) }
        }
        if pending > 0 { flush() }
        var out: UInt64 = 0
        for b in 0..<64 where ones[b] * 2 > features { out |= 1 << UInt64(b) }
        return out
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// SplitMix64's finaliser: spreads a shingle's bits over all 64.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Finds an earlier post within `threshold` bits of a new one in constant time: the 64 bits are cut into 8 bands
/// of 8 bits and every post is filed under each band's value. Two hashes at most 15 bits apart cannot differ in 2
/// or more bits of every band (that takes 16), so probing each band's own value and its eight one-bit neighbours
/// (72 probes) finds every candidate for any threshold up to 15.
///
/// Each bucket keeps its `capacity` most recent entries (a ring), stored next to each other so a probe reads a few
/// adjacent cache lines. Memory is fixed — 8 · 256 · capacity entries of 16 bytes (1 MiB at capacity 32) — and a
/// story nobody has posted about for a long time drops out of the index by itself.
public struct SimHashIndex: Sendable {
    public let threshold: Int
    public let capacity: Int
    static let bands = 8
    static let bucketsPerBand = 256
    private var hashes: [UInt64]
    private var topics: [Int64]
    private var cursor: [UInt8]

    public init(threshold: Int = 14, capacity: Int = 32) {
        self.threshold = max(0, min(64, threshold))
        self.capacity = max(1, min(255, capacity))
        let buckets = SimHashIndex.bands * SimHashIndex.bucketsPerBand
        hashes = Array(repeating: 0, count: buckets * self.capacity)
        topics = Array(repeating: -1, count: buckets * self.capacity)
        cursor = Array(repeating: 0, count: buckets)
    }

    /// The closest filed entry within the threshold: its topic and distance (ties: the first found).
    public func nearest(_ h: UInt64) -> (topic: Int64, distance: Int)? {
        var bestIndex = -1
        var bestDistance = Int.max
        let cap = capacity
        let limit = threshold
        hashes.withUnsafeBufferPointer { hs in
            topics.withUnsafeBufferPointer { ts in
                for band in 0..<SimHashIndex.bands {
                    let v = Int((h >> UInt64(band * 8)) & 0xFF)
                    for flip in -1..<8 {
                        let base = (band * SimHashIndex.bucketsPerBand + (flip < 0 ? v : v ^ (1 << flip))) * cap
                        for k in base..<(base + cap) {
                            let d = (hs[k] ^ h).nonzeroBitCount
                            if d <= limit && d < bestDistance && ts[k] >= 0 {
                                bestDistance = d; bestIndex = k
                                if d == 0 { return }   // nothing is nearer (and ties keep the first found)
                            }
                        }
                    }
                }
            }
        }
        return bestIndex < 0 ? nil : (topics[bestIndex], bestDistance)
    }

    /// Files `h` for `topic` under each band.
    public mutating func insert(_ h: UInt64, topic: Int64) {
        for band in 0..<SimHashIndex.bands {
            let bucket = band * SimHashIndex.bucketsPerBand + Int((h >> UInt64(band * 8)) & 0xFF)
            let slot = Int(cursor[bucket])
            hashes[bucket * capacity + slot] = h
            topics[bucket * capacity + slot] = topic
            cursor[bucket] = UInt8((slot + 1) % capacity)
        }
    }

    public mutating func removeAll() {
        for i in topics.indices { topics[i] = -1 }
        for i in cursor.indices { cursor[i] = 0 }
    }
}
