import NIOCore

/// One TCP syslog frame, or the note that one was too long.
enum SyslogFrame: Equatable {
    case message([UInt8])
    /// A frame over the limit: its first bytes (for the dead letter) and its length (as far as it was seen).
    case oversized(prefix: [UInt8], length: Int)
}

/// RFC 6587 framing as an incremental `ByteToMessageDecoder`: each frame is octet-counted (`LEN SP MSG`, LEN
/// without a leading zero) or runs to the next LF (a CR before it is dropped), decided per frame as
/// `SyslogFraming` does for files. Bytes already searched for an LF are not searched again when more arrive, so a
/// frame sent one byte at a time costs linear time. A frame longer than `maxFrameBytes` becomes `.oversized`
/// and the stream resynchronises after it (the counted bytes, or up to the next LF).
struct SyslogFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = SyslogFrame

    let maxFrameBytes: Int
    /// Readable bytes of the current LF-framed frame already searched.
    private var scanned = 0
    /// Skipping an over-long frame: counted bytes still to drop, or (nil) drop up to the next LF.
    private var skipping: (remaining: Int?, seen: Int, prefix: [UInt8])?

    init(maxFrameBytes: Int) { self.maxFrameBytes = maxFrameBytes }

    static let prefixKept = 512

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let frame = nextFrame(&buffer) { context.fireChannelRead(wrapInboundOut(frame)) }
        // The last frame of a sender that closes without a final LF.
        if skipping == nil, buffer.readableBytes > 0, var bytes = buffer.readBytes(length: buffer.readableBytes) {
            while let last = bytes.last, last == 0x0D || last == 0 || last == 0x20 || last == 0x0A { bytes.removeLast() }
            if !bytes.isEmpty { context.fireChannelRead(wrapInboundOut(.message(bytes))) }
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    /// The next complete frame, consuming its bytes; nil when more bytes are needed. Pure, so tests feed it directly.
    mutating func nextFrame(_ buffer: inout ByteBuffer) -> SyslogFrame? {
        while true {
            if var skip = skipping {
                let view = buffer.readableBytesView
                if let remaining = skip.remaining {
                    let take = min(remaining, view.count)
                    buffer.moveReaderIndex(forwardBy: take)
                    skip.remaining = remaining - take
                    if remaining - take > 0 { skipping = skip; return nil }
                } else if let lf = view.firstIndex(of: 0x0A) {
                    skip.seen += lf - view.startIndex
                    buffer.moveReaderIndex(to: lf + 1)
                } else {
                    skip.seen += view.count
                    buffer.moveReaderIndex(forwardBy: view.count)
                    skipping = skip
                    return nil
                }
                skipping = nil
                return .oversized(prefix: skip.prefix, length: skip.seen)
            }
            // Stray CR/LF between frames (senders that add a trailer to octet-counted frames).
            while scanned == 0, let b = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), b == 0x0A || b == 0x0D {
                buffer.moveReaderIndex(forwardBy: 1)
            }
            guard buffer.readableBytes > 0 else { return nil }
            if scanned == 0 {
                switch octetCount(buffer) {
                case .incomplete: return nil
                case .counted(let length, let digits):
                    if length > maxFrameBytes {
                        buffer.moveReaderIndex(forwardBy: digits + 1)
                        let prefix = buffer.getBytes(at: buffer.readerIndex, length: min(Self.prefixKept, buffer.readableBytes)) ?? []
                        skipping = (length, length, prefix)
                        continue
                    }
                    guard buffer.readableBytes >= digits + 1 + length else { return nil }
                    buffer.moveReaderIndex(forwardBy: digits + 1)
                    return .message(buffer.readBytes(length: length) ?? [])
                case .notCounted: break
                }
            }
            let view = buffer.readableBytesView
            let from = view.startIndex + scanned
            if let lf = view[from...].firstIndex(of: 0x0A) {
                var end = lf
                if end > view.startIndex, view[end - 1] == 0x0D { end -= 1 }
                let bytes = Array(view[view.startIndex..<end])
                buffer.moveReaderIndex(to: lf + 1)
                scanned = 0
                if bytes.isEmpty { continue }
                if bytes.count > maxFrameBytes { return .oversized(prefix: Array(bytes.prefix(Self.prefixKept)), length: bytes.count) }
                return .message(bytes)
            }
            scanned = view.count
            if scanned > maxFrameBytes {
                skipping = (nil, 0, Array(view.prefix(Self.prefixKept)))
                scanned = 0
                continue
            }
            return nil
        }
    }

    enum OctetCount { case counted(length: Int, digits: Int), incomplete, notCounted }

    /// `LEN SP` at the start of the buffer: LEN is 1–8 digits without a leading zero.
    func octetCount(_ buffer: ByteBuffer) -> OctetCount {
        let view = buffer.readableBytesView
        guard let first = view.first, first >= 0x31, first <= 0x39 else { return .notCounted }
        var value = 0
        var i = view.startIndex
        while i < view.endIndex, view[i] >= 0x30, view[i] <= 0x39 {
            if i - view.startIndex >= 8 { return .notCounted }
            value = value * 10 + Int(view[i] - 0x30)
            i += 1
        }
        if i == view.endIndex { return .incomplete }
        return view[i] == 0x20 ? .counted(length: value, digits: i - view.startIndex) : .notCounted
    }
}
