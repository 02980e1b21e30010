import WatchfloorCore

/// The feed formats the daemon understands. Raw values are the names used in config and on the command line.
public enum IngestFormat: String, CaseIterable, Sendable {
    case jsonl, eve, syslog, cef, cap, open311, hotlineCSV = "hotline-csv", geojson
    /// RSS 2.0, RSS 1.0 or Atom (public-opinion feeds), and a monitoring service's CSV export of posts.
    case feed = "rss", postCSV = "post-csv"

    /// Line formats are decoded one line (or syslog frame) at a time; the others need the whole document.
    public var isLineFormat: Bool {
        switch self {
        case .jsonl, .eve, .syslog, .cef: true
        case .cap, .open311, .hotlineCSV, .geojson, .feed, .postCSV: false
        }
    }
}

/// Everything a decoder may need to know about the feed it is reading. Decoders are pure: the same bytes and
/// context always give the same result.
public struct DecodeContext: Sendable {
    /// The feed's name; becomes the incident `source` for formats that do not carry one (CAP uses `cap`).
    public var sourceName: String
    /// The county's UTC offset, applied to times that carry none (EVE without `+0000`, RFC 3164, CSV exports).
    public var defaultOffsetSeconds: Int
    public var hotlineCSV: HotlineCSVMapping
    public var geoJSON: GeoJSONMapping
    /// Which CSV columns hold which post field (`post-csv`).
    public var postCSV = PostCSVMapping()
    /// Sensor name for alerts whose record does not name one (EVE without `host`, CEF without a syslog host).
    public var defaultSensor: String
    /// The year assumed for RFC 3164 timestamps, which have none. Nil: the year of `referenceTime`.
    public var syslogYear: Int?
    /// When the daemon received the input. Used for records that carry no time of their own (a CEF line without
    /// `rt` behind a header-less syslog frame) and for the RFC 3164 year; nil keeps decoding independent of the
    /// clock, and such records are then rejected.
    public var receivedAt: Timestamp?
    /// The zone of RFC 3164 timestamps (which carry none) for this feed, set per syslog listener
    /// (`assume_utc_offset`): a sender abroad, or a device logging in UTC. Nil: `defaultOffsetSeconds`.
    public var assumedUTCOffsetSeconds: Int?

    public init(sourceName: String = "ingest", defaultOffsetSeconds: Int = ISOTime.chinaOffsetSeconds,
                hotlineCSV: HotlineCSVMapping = .chinese12345, geoJSON: GeoJSONMapping = GeoJSONMapping(),
                defaultSensor: String = "sensor", syslogYear: Int? = nil, receivedAt: Timestamp? = nil,
                assumedUTCOffsetSeconds: Int? = nil) {
        self.sourceName = sourceName; self.defaultOffsetSeconds = defaultOffsetSeconds
        self.hotlineCSV = hotlineCSV; self.geoJSON = geoJSON; self.defaultSensor = defaultSensor
        self.syslogYear = syslogYear; self.receivedAt = receivedAt; self.assumedUTCOffsetSeconds = assumedUTCOffsetSeconds
    }

    /// The offset RFC 3164 timestamps are read in.
    public var rfc3164OffsetSeconds: Int { assumedUTCOffsetSeconds ?? defaultOffsetSeconds }
}

/// Decodes one line (or one syslog frame) of a line-oriented feed. `position` is echoed into rejections
/// ("line 17", "frame 3").
public protocol LineDecoder: Sendable {
    func decode(line: UnsafeRawBufferPointer, position: String, context: DecodeContext) -> DecodeResult
}

/// Decodes a whole document (a CAP alert, a CSV export, a GeoJSON collection). `name` is the file or request
/// name, used in rejection positions.
public protocol DocumentDecoder: Sendable {
    func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult
}

/// The registry other layers call: pick a decoder by format, or decode a whole file.
public enum Decoders {
    /// Longer lines are rejected without being parsed: no legitimate record is this big, and a missing newline
    /// must not make the daemon buffer a whole file.
    public static let maxLineBytes = 1 << 20

    public static func lineDecoder(for format: IngestFormat) -> LineDecoder? {
        switch format {
        case .jsonl: NativeJSONLDecoder()
        case .eve: EVEDecoder()
        case .syslog, .cef: SyslogDecoder()
        default: nil
        }
    }

    public static func documentDecoder(for format: IngestFormat) -> DocumentDecoder? {
        switch format {
        case .cap: CAPDecoder()
        case .open311: Open311Decoder()
        case .hotlineCSV: HotlineCSVDecoder()
        case .geojson: GeoJSONDecoder()
        case .feed: FeedDecoder()
        case .postCSV: PostCSVDecoder()
        default: nil
        }
    }

    /// Decodes a whole file. Line formats are split on LF (a trailing CR is dropped, blank lines are ignored) and
    /// positions are "line N". Two file shapes are recognised beyond plain lines:
    /// - EVE/JSONL written as a JSON array or pretty-printed (the first line is not a whole JSON value): the
    ///   file is read as a sequence of JSON values, positions "value N";
    /// - syslog starting with an RFC 6587 octet count (`188 <29>1 …`): split with `SyslogFraming`, positions
    ///   "frame N".
    public static func decode(file bytes: [UInt8], name: String, format: IngestFormat,
                              context: DecodeContext = DecodeContext()) -> DecodeResult {
        if let doc = documentDecoder(for: format) { return doc.decode(document: bytes, name: name, context: context) }
        guard let line = lineDecoder(for: format) else { return DecodeResult() }
        // A UTF-8 BOM at the start of a line file (Windows editors, some shippers) is not part of the first line.
        if ByteOrderMark.utf8Prefix(bytes) {
            return decode(file: Array(bytes.dropFirst(3)), name: name, format: format, context: context)
        }
        if format == .eve || format == .jsonl, let result = decodeJSONDocument(bytes, format: format, context: context) {
            return result
        }
        if format == .syslog || format == .cef, SyslogFraming.looksOctetCounted(bytes) {
            let (frames, remainder) = SyslogFraming.split(bytes)
            var result = DecodeResult()
            for (i, frame) in frames.enumerated() {
                frame.withUnsafeBytes { result.merge(line.decode(line: $0, position: "frame \(i + 1)", context: context)) }
            }
            if !remainder.isEmpty {
                result.rejections.append(Rejection(position: "frame \(frames.count + 1)",
                    reason: "incomplete octet-counted frame (\(remainder.count) bytes left over)", raw: Array(remainder.prefix(4096))))
            }
            return result
        }
        var result = DecodeResult()
        forEachLine(bytes) { number, span in
            if span.count > maxLineBytes {
                result.rejections.append(Rejection(position: "line \(number)",
                    reason: "line is \(span.count) bytes, longer than the \(maxLineBytes)-byte limit",
                    raw: Array(span.prefix(4096))))
                return
            }
            // Positions only name rejections: build "line N" for those, not for every good line.
            var decoded = line.decode(line: span, position: "", context: context)
            for i in decoded.rejections.indices where decoded.rejections[i].position.isEmpty {
                decoded.rejections[i].position = "line \(number)"
            }
            result.merge(decoded)
        }
        return result
    }

    /// Calls `body` with each non-blank line (1-based number, bytes without the LF and a trailing CR).
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { buf in
            var start = 0
            var number = 0
            let n = buf.count
            while start < n {
                number += 1
                var end = start
                if let p = memchrLF(buf, from: start) { end = p } else { end = n }
                var last = end
                if last > start, buf[last - 1] == 0x0D { last -= 1 }
                let span = UnsafeRawBufferPointer(rebasing: buf[start..<last])
                if !span.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { body(number, span) }
                start = end + 1
            }
        }
    }

    private static func memchrLF(_ buf: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = buf.baseAddress, from < buf.count else { return nil }
        guard let hit = memchr(base + from, 0x0A, buf.count - from) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// True when `span` is exactly one JSON value. Validated without building it: on the HTTP path every body's
    /// first line goes through here before it is decoded for real.
    private static func isOneJSONValue(_ span: UnsafeRawBufferPointer) -> Bool {
        var reader = JSONReader(span)
        do { try reader.skipValue(); try reader.expectEnd(); return true } catch { return false }
    }

    /// JSON arrays and pretty-printed JSON for the JSON line formats; nil when the file is ordinary JSON Lines.
    private static func decodeJSONDocument(_ bytes: [UInt8], format: IngestFormat, context: DecodeContext) -> DecodeResult? {
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            return DecodeResult()
        }
        let firstLineEnd = bytes[first...].firstIndex(of: 0x0A) ?? bytes.count
        let firstLineIsValue = bytes[first..<firstLineEnd].withUnsafeBytes { isOneJSONValue($0) }
        if bytes[first] != UInt8(ascii: "[") && firstLineIsValue { return nil }
        let values: [JSONValue]
        do {
            values = try bytes.withUnsafeBytes { try JSONParser.parseSequence($0) }
        } catch {
            // Not a JSON document either: fall back to lines so the good lines still land.
            if bytes[first] != UInt8(ascii: "[") { return nil }
            return DecodeResult(rejections: [Rejection(position: "document", reason: "invalid JSON: \(error)",
                                                       raw: Array(bytes.prefix(4096)))])
        }
        var elements: [JSONValue] = []
        for v in values { if case .array(let a) = v { elements += a } else { elements.append(v) } }
        var result = DecodeResult()
        for (i, value) in elements.enumerated() {
            let text = Array(value.serialized.utf8)
            text.withUnsafeBytes { span in
                let position = "value \(i + 1)"
                switch format {
                case .eve: result.merge(EVEDecoder().decode(line: span, position: position, context: context))
                default: result.merge(NativeJSONLDecoder().decode(line: span, position: position, context: context))
                }
            }
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
