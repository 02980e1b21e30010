#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WatchfloorCore

/// Reads a line-format file in bounded pieces: runs of whole lines of about `chunkBytes`, never the whole file.
/// What one read cuts in the middle of a line is carried into the next piece; a UTF-8 byte-order mark at the
/// start of the file is dropped; CR LF and a last line without LF are the splitter's business (`LineSplitter`).
/// A line longer than `maxLineBytes` is not buffered: it is skipped to its LF and reported as `.tooLong` with
/// its first `keepBytes`, so a file without newlines costs one chunk of memory, not its size.
public struct ChunkedLineReader {
    public enum Piece {
        /// Whole lines (the last LF may be missing at the end of the file). `offset` is the file offset of the first
        /// byte, `end` the offset just past the piece (the checkpoint once it is committed), `firstLine` the
        /// 1-based number of its first line.
        case lines([UInt8], offset: Int64, end: Int64, firstLine: Int)
        /// One line over the limit: its first bytes, its length, and where the next piece starts.
        case tooLong(prefix: [UInt8], length: Int64, line: Int, end: Int64)
    }

    public let fd: Int32
    public var chunkBytes = 1 << 20
    public var maxLineBytes = Decoders.maxLineBytes
    public var keepBytes = 4096

    public init(fd: Int32) { self.fd = fd }

    /// Calls `body` with each piece from `offset` (numbering lines from `firstLine`) to the end of the file as it
    /// is now. `body` returns false to stop early (a stopping source). Throws `ReadError` when the file cannot be read.
    public func forEach(from offset: Int64 = 0, firstLine: Int = 1, _ body: (Piece) throws -> Bool) throws {
        var pending: [UInt8] = []            // bytes read but not yet handed over: the start of an unfinished line
        pending.reserveCapacity(chunkBytes * 2)
        var pendingOffset = offset           // file offset of pending[0]
        var readOffset = offset
        var line = firstLine
        var skipping: (prefix: [UInt8], length: Int64, line: Int)?   // inside an over-long line
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, chunkBytes, off_t(readOffset)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(offset: readOffset, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            var start = 0
            if readOffset == 0 && n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                start = 3
                pendingOffset = 3
            }
            readOffset += Int64(n)
            if var s = skipping {
                // Look for the end of the over-long line.
                if let lf = buffer[start..<n].firstIndex(of: 0x0A) {
                    s.length += Int64(lf - start)
                    skipping = nil
                    let end = readOffset - Int64(n - lf - 1)
                    if try !body(.tooLong(prefix: s.prefix, length: s.length, line: s.line, end: end)) { return }
                    line = s.line + 1
                    pending.removeAll(keepingCapacity: true)
                    pending.append(contentsOf: buffer[(lf + 1)..<n])
                    pendingOffset = end
                } else {
                    s.length += Int64(n - start)
                    skipping = s
                    continue
                }
            } else {
                pending.append(contentsOf: buffer[start..<n])
            }
            if let end = LineSplitter.lastLineEnd(pending) {
                let piece = Array(pending[..<end])
                let lines = piece.withUnsafeBytes { ChunkedLineReader.countLF($0) }
                let pieceEnd = pendingOffset + Int64(end)
                if try !body(.lines(piece, offset: pendingOffset, end: pieceEnd, firstLine: line)) { return }
                line += lines
                pending.removeFirst(end)
                pendingOffset = pieceEnd
            }
            if pending.count > maxLineBytes {
                skipping = (Array(pending.prefix(keepBytes)), Int64(pending.count), line)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if let s = skipping {
            _ = try body(.tooLong(prefix: s.prefix, length: s.length, line: s.line, end: readOffset))
        } else if !pending.isEmpty {
            _ = try body(.lines(pending, offset: pendingOffset, end: pendingOffset + Int64(pending.count), firstLine: line))
        }
    }

    /// The number of LF bytes in `buf`.
    public static func countLF(_ buf: UnsafeRawBufferPointer) -> Int {
        guard var p = buf.baseAddress else { return 0 }
        var left = buf.count
        var n = 0
        while left > 0, let hit = memchr(p, 0x0A, left) {
            n += 1
            let skip = UnsafeRawPointer(hit) - p + 1
            p += skip
            left -= skip
        }
        return n
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var offset: Int64
        public var reason: String
        public var description: String { "read failed at byte \(offset): \(reason)" }
    }
}
