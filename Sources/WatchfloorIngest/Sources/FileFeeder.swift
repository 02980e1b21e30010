#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WatchfloorCore
import WatchfloorStore

/// Feeds one file into the pipeline: the spool's files and `watchfloor ingest`'s. Line formats are streamed in
/// pieces of about `chunkBytes` (`ChunkedLineReader`), each piece a unit with the checkpoint just past it, so
/// memory stays bounded whatever the file's size and a crash resumes after the last committed piece. Documents
/// (CAP, CSV, GeoJSON, a JSON array or pretty-printed JSON, octet-counted syslog) are read whole: they are small
/// by nature and their decoders need all of it.
public struct FileFeeder {
    public let pipeline: IngestPipeline
    public var source: String
    public var format: IngestFormat
    /// Names the file in rejection positions.
    public var origin: String
    /// About 80 EVE lines: a unit always fits in one short batch (`PipelineConfig.batchMaxMilliseconds`), even
    /// on a loaded machine; the writer joins units into batches as the budget allows.
    public var chunkBytes = 64 << 10
    /// The checkpoint that becomes true once everything before `offset` is committed (nil: none, the CLI).
    public var checkpoint: (Int64) -> Checkpoint? = { _ in nil }
    /// A completion for each submitted unit (to learn when the file is committed and whether it failed).
    public var completion: () -> (@Sendable (Result<Void, Error>) -> Void)? = { nil }
    /// Polled between pieces: a stopping source leaves the rest for after the restart.
    public var shouldStop: () -> Bool = { false }

    public init(pipeline: IngestPipeline, source: String, format: IngestFormat, origin: String) {
        self.pipeline = pipeline; self.source = source; self.format = format; self.origin = origin
    }

    /// Submits the file from `offset` (whose first line is number `firstLine`) to its end; returns what was
    /// decoded and the offset reached.
    public func feed(fd: Int32, from offset: Int64 = 0, firstLine: Int = 1) throws -> (DecodeTally, Int64) {
        var tally = DecodeTally()
        guard FileFeeder.isStreamable(fd: fd, format: format) else {
            let bytes = try FileFeeder.readAll(fd)
            let r = pipeline.submit(IngestUnit(source: source, format: format, payload: .document(bytes), origin: origin,
                                               checkpoint: checkpoint(Int64(bytes.count)), receivedAt: Timestamp.now()),
                                    completion: completion())
            tally.add(r)
            return (tally, Int64(bytes.count))
        }
        var reader = ChunkedLineReader(fd: fd)
        reader.chunkBytes = chunkBytes
        reader.maxLineBytes = pipeline.config.maxLineBytes
        reader.keepBytes = pipeline.config.rawLimit
        var reached = offset
        try reader.forEach(from: offset, firstLine: firstLine) { piece in
            if shouldStop() { return false }
            let unit: IngestUnit
            switch piece {
            case .lines(let bytes, let start, let end, let first):
                unit = IngestUnit(source: source, format: format, payload: .lines(bytes, firstLine: first, baseOffset: start),
                                  origin: origin, checkpoint: checkpoint(end))
                reached = end
            case .tooLong(let prefix, let length, let line, let end):
                let r = DecodeResult(rejections: [Rejection(position: "\(origin) line \(line)",
                    reason: "line is \(length) bytes, longer than the \(pipeline.config.maxLineBytes)-byte limit", raw: prefix)])
                unit = IngestUnit(source: source, format: format, payload: .decoded(r), origin: origin, checkpoint: checkpoint(end))
                reached = end
            }
            tally.add(pipeline.submit(unit, completion: completion()))
            return true
        }
        return (tally, reached)
    }

    /// Whether a line-format file really is lines: not a JSON array, not pretty-printed JSON (its first line is
    /// not a whole value), not octet-counted syslog. A byte-order mark is looked past.
    public static func isStreamable(fd: Int32, format: IngestFormat) -> Bool {
        guard format.isLineFormat else { return false }
        var head = readAt(fd, offset: 0, count: 1 << 20)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        guard let first = head.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return true }
        if (format == .syslog || format == .cef) && SyslogFraming.looksOctetCounted(Array(head.prefix(64))) { return false }
        if head[first] == UInt8(ascii: "[") { return false }
        if head[first] == UInt8(ascii: "{") {
            let end = head[first...].firstIndex(of: 0x0A) ?? head.count
            return head[first..<end].withUnsafeBytes { (try? JSONParser.parse($0)) != nil }
        }
        return true
    }

    static func readAll(_ fd: Int32) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let more = readAt(fd, offset: Int64(out.count), count: 1 << 20)
            if more.isEmpty { return out }
            out += more
        }
    }
}
