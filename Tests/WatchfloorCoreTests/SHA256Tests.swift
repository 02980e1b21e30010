import Foundation
import Testing
import WatchfloorCore

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    // NIST / FIPS 180-4 example vectors (csrc.nist.gov "SHA256.pdf", "SHA2_Additional.pdf").
    @Test("NIST short vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, expected: String) {
        #expect(SHA256.hex(message) == expected)
        #expect(SHA256.hexString(SHA256.hash(Array(message.utf8))) == expected)
    }

    @Test("one million 'a'")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000)) == expected)
        // The same through 1000 updates of 1000 bytes.
        var h = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(SHA256.hexString(h.finalize()) == expected)
    }

    @Test("padding boundaries: lengths 0…200 streamed byte by byte equal one-shot")
    func paddingBoundaries() {
        var rng = SHA256TestRNG(seed: 55)
        let data = (0..<200).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for n in 0...200 {
            let slice = Array(data[0..<n])
            var h = SHA256()
            for b in slice { h.update(CollectionOfOne(b)) }
            #expect(h.finalize() == SHA256.hash(slice), "length \(n)")
        }
    }

    @Test("streaming in odd chunk sizes equals one-shot")
    func streaming() {
        var rng = SHA256TestRNG(seed: 2026)
        let data = (0..<100_003).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let oneShot = SHA256.hash(data)
        for sizes in [[1], [3, 7], [63], [64], [65], [13, 127, 1, 64, 200], [4097]] {
            var h = SHA256()
            var offset = 0, i = 0
            while offset < data.count {
                let n = min(sizes[i % sizes.count], data.count - offset)
                data[offset..<offset + n].withUnsafeBytes { h.update($0) }
                offset += n
                i += 1
            }
            #expect(h.finalize() == oneShot, "chunk sizes \(sizes)")
        }
        // A non-contiguous sequence takes the generic path.
        var h = SHA256()
        h.update(data.lazy.map { $0 })
        #expect(h.finalize() == oneShot)
    }

    @Test("finalize resets the hasher")
    func reuse() {
        var h = SHA256()
        h.update("junk".utf8)
        _ = h.finalize()
        h.update("abc".utf8)
        #expect(SHA256.hexString(h.finalize()) == SHA256.hex("abc"))
    }

    @Test("hex helper")
    func hexHelper() {
        #expect(SHA256.hexString([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hash([UInt8]()).count == 32)
    }

    @Test("agrees with /usr/bin/sha256sum on random data")
    func agreesWithCoreutils() throws {
        let tool = "/usr/bin/sha256sum"
        guard FileManager.default.isExecutableFile(atPath: tool) else { return }
        var rng = SHA256TestRNG(seed: 1804)
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("wf-sha256-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for size in [0, 1, 55, 56, 63, 64, 65, 1000, 65_537, 1_234_567] {
            let data = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let file = dir.appendingPathComponent("r\(size).bin")
            try Data(data).write(to: file)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = [file.path]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            #expect(SHA256.hexDigest(data) == String(text.prefix(64)), "size \(size)")
        }
    }
}

/// SplitMix64: a small deterministic generator so failures reproduce.
struct SHA256TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
