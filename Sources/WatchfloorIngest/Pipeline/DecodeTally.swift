import WatchfloorCore

/// What a file decoded to, counted without keeping the records: a multi-GB file is summarised in constant
/// memory. Keeps the first `keep` rejections for the report; the rest are only counted (all of them are in
/// dead_letters).
public struct DecodeTally: Sendable {
    public var records = 0
    public var rejected = 0
    public var skipped: [String: Int] = [:]
    public private(set) var firstRejections: [Rejection] = []
    public let keep: Int

    public init(keep: Int = 50) { self.keep = keep }

    public mutating func add(_ r: DecodeResult) {
        records += r.records.count
        rejected += r.rejections.count
        for (k, v) in r.skipped { skipped[k, default: 0] += v }
        for rejection in r.rejections where firstRejections.count < keep { firstRejections.append(rejection) }
    }

    public mutating func add(_ t: DecodeTally) {
        records += t.records
        rejected += t.rejected
        for (k, v) in t.skipped { skipped[k, default: 0] += v }
        for rejection in t.firstRejections where firstRejections.count < keep { firstRejections.append(rejection) }
    }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
}
