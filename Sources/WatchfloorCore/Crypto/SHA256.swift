// SHA-256 (FIPS 180-4, section 6.2), written from the specification.
//
// Pure Swift, no dependencies: the audit hash chain needs one digest and a crypto package's
// build time is not worth it. Works on 32-bit words with wrapping arithmetic; whole 64-byte
// blocks are compressed straight from the caller's memory, only a tail of < 64 bytes is copied.

/// Incremental SHA-256.
///
///     var h = SHA256()
///     h.update("abc".utf8)
///     let digest = h.finalize()          // 32 bytes
///     SHA256.hex("abc")                   // "ba7816bf…"
///
/// `finalize()` returns the digest and resets the hasher to its initial state, so it can be reused.
public struct SHA256 {
    /// Digest length in bytes.
    public static let digestCount = 32
    /// Block length in bytes.
    public static let blockCount = 64

    // Initial hash value H(0): first 32 bits of the fractional parts of the square roots
    // of the first eight primes (FIPS 180-4, 5.3.3).
    private static let initial: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    // K: first 32 bits of the fractional parts of the cube roots of the first 64 primes (4.2.2).
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private var h0: UInt32, h1: UInt32, h2: UInt32, h3: UInt32
    private var h4: UInt32, h5: UInt32, h6: UInt32, h7: UInt32
    /// Bytes of a partial block waiting for more input; only the first `pendingCount` are meaningful.
    private var pending: [UInt8]
    private var pendingCount: Int
    /// Total message length so far, in bytes.
    private var length: UInt64

    public init() {
        let iv = SHA256.initial
        h0 = iv[0]; h1 = iv[1]; h2 = iv[2]; h3 = iv[3]
        h4 = iv[4]; h5 = iv[5]; h6 = iv[6]; h7 = iv[7]
        pending = [UInt8](repeating: 0, count: SHA256.blockCount)
        pendingCount = 0
        length = 0
    }

    // MARK: Input

    /// Feeds bytes from raw memory (the fast path every other `update` ends in).
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var base = buffer.baseAddress, buffer.count > 0 else { return }
        var remaining = buffer.count
        length &+= UInt64(remaining)

        // Top up a partial block first.
        if pendingCount > 0 {
            let take = min(SHA256.blockCount - pendingCount, remaining)
            let start = pendingCount
            pending.withUnsafeMutableBytes { dst in
                (dst.baseAddress! + start).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            base += take
            remaining -= take
            if pendingCount < SHA256.blockCount { return }
            pending.withUnsafeBytes { compress(blocks: $0) }
            pendingCount = 0
        }

        // Whole blocks straight from the caller's memory.
        let whole = remaining & ~(SHA256.blockCount - 1)
        if whole > 0 {
            compress(blocks: UnsafeRawBufferPointer(start: base, count: whole))
            base += whole
            remaining -= whole
        }

        // Keep the tail.
        if remaining > 0 {
            pending.withUnsafeMutableBytes { dst in
                dst.baseAddress!.copyMemory(from: base, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    /// Feeds any sequence of bytes. Contiguous collections (`[UInt8]`, `Data`, `String.UTF8View`
    /// of a native string, …) go through the raw-memory fast path; other sequences are copied in
    /// 4 KiB chunks.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buf in
            update(UnsafeRawBufferPointer(buf))
        }
        if done != nil { return }
        var chunk = [UInt8]()
        chunk.reserveCapacity(4096)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 4096 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { chunk.withUnsafeBytes { update($0) } }
    }

    // MARK: Output

    /// Pads the message (FIPS 180-4, 5.1.1), returns the 32-byte digest and resets the hasher.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        var tail = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 : 128)
        pending.withUnsafeBytes { src in
            tail.withUnsafeMutableBytes { dst in
                if pendingCount > 0 {
                    dst.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: pendingCount)
                }
            }
        }
        tail[pendingCount] = 0x80
        var be = bitLength.bigEndian
        withUnsafeBytes(of: &be) { lenBytes in
            for i in 0..<8 { tail[tail.count - 8 + i] = lenBytes[i] }
        }
        tail.withUnsafeBytes { compress(blocks: $0) }

        var out = [UInt8](repeating: 0, count: SHA256.digestCount)
        let words = [h0, h1, h2, h3, h4, h5, h6, h7]
        for (i, w) in words.enumerated() {
            out[i * 4] = UInt8(truncatingIfNeeded: w >> 24)
            out[i * 4 + 1] = UInt8(truncatingIfNeeded: w >> 16)
            out[i * 4 + 2] = UInt8(truncatingIfNeeded: w >> 8)
            out[i * 4 + 3] = UInt8(truncatingIfNeeded: w)
        }
        self = SHA256()
        return out
    }

    // MARK: One-shot helpers

    /// SHA-256 of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        var h = SHA256()
        h.update(data)
        return h.finalize()
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `string`.
    public static func hex(_ string: String) -> String {
        var s = string
        let digest: [UInt8] = s.withUTF8 { (buf: UnsafeBufferPointer<UInt8>) in SHA256.hash(buf) }
        return hexString(digest)
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func hexDigest(_ data: some Collection<UInt8>) -> String {
        hexString(hash(data))
    }

    /// Lower-case hex encoding of any bytes (two characters per byte).
    public static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Compression (FIPS 180-4, 6.2.2)

    /// Processes `blocks.count / 64` whole blocks.
    private mutating func compress(blocks: UnsafeRawBufferPointer) {
        let blockCount = blocks.count / SHA256.blockCount
        guard blockCount > 0, let base = blocks.baseAddress else { return }
        SHA256.k.withUnsafeBufferPointer { kb in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let k = kb.baseAddress!
                let w = wb.baseAddress!
                var s0 = h0, s1 = h1, s2 = h2, s3 = h3, s4 = h4, s5 = h5, s6 = h6, s7 = h7
                for block in 0..<blockCount {
                    let p = base + block * SHA256.blockCount
                    // 1. Message schedule.
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let sigma0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let sigma1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = sigma1 &+ w[t - 7] &+ sigma0 &+ w[t - 16]
                    }
                    // 2.–3. Working variables and the 64 rounds.
                    var a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7
                    for t in 0..<64 {
                        let bigSigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = g ^ (e & (f ^ g))             // = (e ∧ f) ⊕ (¬e ∧ g)
                        let t1 = h &+ bigSigma1 &+ ch &+ k[t] &+ w[t]
                        let bigSigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) | (c & (a | b))       // = (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
                        let t2 = bigSigma0 &+ maj
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    // 4. Intermediate hash value.
                    s0 &+= a; s1 &+= b; s2 &+= c; s3 &+= d
                    s4 &+= e; s5 &+= f; s6 &+= g; s7 &+= h
                }
                h0 = s0; h1 = s1; h2 = s2; h3 = s3; h4 = s4; h5 = s5; h6 = s6; h7 = s7
            }
        }
    }
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 &- n))
}
