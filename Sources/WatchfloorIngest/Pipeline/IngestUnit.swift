import WatchfloorCore
import WatchfloorStore

/// One piece of input as a source hands it over: a run of complete lines, one message, or a whole document,
/// with where it came from and (for files) the checkpoint that is true once it has been committed.
public struct IngestUnit: Sendable {
    /// Bytes of input this unit carries (the queue's memory bound counts them).
    public var inputBytes: Int {
        switch payload {
        case .lines(let b, _, _), .document(let b): b.count
        case .messages(let m, _): m.reduce(0) { $0 + $1.count }
        case .decoded(let r): r.rejections.reduce(0) { $0 + $1.raw.count }
        }
    }

    public enum Payload: Sendable {
        /// Complete lines (LF-terminated, the last LF optional). `firstLine` numbers them in rejections
        /// ("eve.json line 17"); nil numbers them by byte offset from `baseOffset` instead.
        case lines([UInt8], firstLine: Int?, baseOffset: Int64)
        /// Separate messages (syslog datagrams or TCP frames), numbered from `firstNumber`.
        case messages([[UInt8]], firstNumber: Int)
        /// A whole document (a CAP file, a CSV export, an HTTP body) decoded by `Decoders.decode(file:)`.
        case document([UInt8])
        /// Already decoded (tests, the benchmark's pre-parsed rows).
        case decoded(DecodeResult)
    }

    public var source: String
    public var format: IngestFormat
    public var payload: Payload
    /// Names the input in rejection positions: a file name, "peer 127.0.0.1:40312", "POST /v1/records".
    public var origin: String
    public var checkpoint: Checkpoint?
    /// When the input arrived (for records that carry no time of their own).
    public var receivedAt: Timestamp?

    public init(source: String, format: IngestFormat, payload: Payload, origin: String, checkpoint: Checkpoint? = nil,
                receivedAt: Timestamp? = nil) {
        self.source = source; self.format = format; self.payload = payload; self.origin = origin
        self.checkpoint = checkpoint; self.receivedAt = receivedAt
    }
}

/// A unit after decoding and enrichment: what goes into a batch.
public struct DecodedUnit: Sendable {
    public var source: String
    public var result: DecodeResult
    public var checkpoint: Checkpoint?
    /// Monotonic nanoseconds when it was queued, for the lag metric.
    public var queuedAt: UInt64 = 0
    /// The size of the input it was decoded from, for the queue's memory bound.
    public var inputBytes = 0
    /// The batch-cost keys of its alerts (`BatchCost.keys`), set when it is queued.
    var costKeys: [Int]?
    /// Called on the writer thread once the unit's batch committed (or could not be).
    public var completion: (@Sendable (Result<Void, Error>) -> Void)?

    public init(source: String, result: DecodeResult, checkpoint: Checkpoint? = nil) {
        self.source = source; self.result = result; self.checkpoint = checkpoint
    }

    public var recordCount: Int { result.records.count + result.rejections.count }

    /// What the pipeline's queue keeps in a slot whose unit the writer has taken.
    static let consumed = DecodedUnit(source: "", result: DecodeResult())
}
