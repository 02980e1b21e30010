import Foundation

/// A point in time as epoch milliseconds: what the store keeps, sorts and compares on.
/// Integer milliseconds keep SQL range queries cheap and make the JSON `at` fields exact.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(_ date: Date) { milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }
    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + delta) }
    public func minutes(since other: Timestamp) -> Double { Double(milliseconds - other.milliseconds) / 60_000 }

    /// ISO-8601 in UTC with milliseconds: the stable wire form in `--json` output and the bus.
    public var iso: String { ISOTime.format(self, offsetSeconds: 0) }
    public var description: String { iso }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let ms = try? container.decode(Int64.self) { milliseconds = ms; return }
        let text = try container.decode(String.self)
        guard let parsed = ISOTime.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
