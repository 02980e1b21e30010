/// TCP syslog framing (RFC 6587): octet counting (`LEN SP MSG`, LEN decimal without leading zero) and
/// non-transparent framing (messages end with LF). The daemon owns the socket and buffering; this is the pure
/// part, so a frame split across two reads is handled by passing the returned remainder back in front of the
/// next read.
public enum SyslogFraming {
    /// Largest octet count accepted; a bigger prefix means the stream is not octet-counted (or is hostile).
    public static let maxFrameBytes = 1 << 20

    /// Splits `bytes` into complete frames and the unconsumed tail. Each frame is detected on its own: a frame
    /// that starts with `DIGITS SP` is octet-counted, otherwise it runs to the next LF (LF and a preceding CR are
    /// dropped; empty lines are skipped). An octet count larger than `maxFrameBytes` falls back to LF framing.
    public static func split(_ bytes: [UInt8]) -> (frames: [[UInt8]], remainder: ArraySlice<UInt8>) {
        var frames: [[UInt8]] = []
        var i = 0
        let n = bytes.count
        while i < n {
            // Skip stray LF/CR between frames (senders that add a trailer to octet-counted frames).
            if bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1; continue }
            if let (length, start) = octetCount(bytes, i) {
                guard start + length <= n else { return (frames, bytes[i...]) }
                frames.append(Array(bytes[start..<start + length]))
                i = start + length
                continue
            }
            guard let lf = bytes[i...].firstIndex(of: 0x0A) else { return (frames, bytes[i...]) }
            var end = lf
            if end > i, bytes[end - 1] == 0x0D { end -= 1 }
            if end > i { frames.append(Array(bytes[i..<end])) }
            i = lf + 1
        }
        return (frames, bytes[n...])
    }

    /// `(length, start of message)` when an octet count starts at `i`; nil when the bytes there are not one
    /// (or are an incomplete prefix — then LF framing is tried, which waits for more bytes as well).
    static func octetCount(_ b: [UInt8], _ i: Int) -> (Int, Int)? {
        guard i < b.count, b[i] >= 0x31, b[i] <= 0x39 else { return nil }
        var j = i
        var v = 0
        while j < b.count, b[j] >= 0x30, b[j] <= 0x39, j - i < 8 { v = v * 10 + Int(b[j] - 0x30); j += 1 }
        guard j < b.count, b[j] == 0x20, v > 0, v <= maxFrameBytes else { return nil }
        return (v, j + 1)
    }

    /// True when the data starts with an octet count followed by a syslog PRI: `188 <29>1 …`.
    public static func looksOctetCounted(_ b: [UInt8]) -> Bool {
        guard let (_, start) = octetCount(b, 0) else { return false }
        return start < b.count && b[start] == UInt8(ascii: "<")
    }
}
