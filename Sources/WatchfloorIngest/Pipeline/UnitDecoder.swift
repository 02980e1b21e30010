import WatchfloorCore
import WatchfloorStore

/// The pure stage of the pipeline: bytes → records and rejections (the decoders), then asset enrichment.
/// Runs on the source's own thread, so sources decode in parallel and the writer only writes.
public struct UnitDecoder: Sendable {
    public var config: PipelineConfig

    public init(config: PipelineConfig) { self.config = config }

    /// Decodes `unit`; with `config.county` set, records of other counties become rejections (`CountyGate`).
    public func decode(_ unit: IngestUnit) -> DecodeResult {
        var result = decodeAnyCounty(unit)
        CountyGate.apply(&result, county: config.county)
        return result
    }

    func decodeAnyCounty(_ unit: IngestUnit) -> DecodeResult {
        let context = config.context(source: unit.source, receivedAt: unit.receivedAt)
        var result: DecodeResult
        switch unit.payload {
        case .decoded(let r):
            result = r
        case .document(let bytes):
            result = Decoders.decode(file: bytes, name: unit.origin, format: unit.format, context: context)
            prefix(&result, with: unit.origin)
        case .messages(let messages, let first):
            result = DecodeResult()
            guard let decoder = Decoders.lineDecoder(for: unit.format) else {
                return unsupported(unit, messages.first ?? [])
            }
            for (i, m) in messages.enumerated() {
                let position = "\(unit.origin) message \(first + i)"
                if m.count > config.maxLineBytes {
                    result.rejections.append(tooLong(position, m.count, m))
                    continue
                }
                m.withUnsafeBytes { result.merge(decoder.decode(line: $0, position: position, context: context)) }
            }
        case .lines(let bytes, let firstLine, let baseOffset):
            result = DecodeResult()
            guard let decoder = Decoders.lineDecoder(for: unit.format) else { return unsupported(unit, bytes) }
            let origin = unit.origin
            let maxLine = config.maxLineBytes
            let assets = config.assets
            // Positions are only needed for rejections: build the string then, not for every good line.
            func position(_ number: Int, _ offset: Int) -> String {
                firstLine.map { "\(origin) line \($0 + number)" } ?? "\(origin) byte \(baseOffset + Int64(offset))"
            }
            LineSplitter.forEach(bytes) { number, offset, span in
                if span.count > maxLine {
                    result.rejections.append(tooLong(position(number, offset), span.count, Array(span.prefix(config.rawLimit))))
                    return
                }
                var r = decoder.decode(line: span, position: "", context: context)
                if !r.rejections.isEmpty {
                    let p = position(number, offset)
                    for i in r.rejections.indices where r.rejections[i].position.isEmpty { r.rejections[i].position = p }
                    result.rejections += r.rejections
                }
                for record in r.records {
                    if case .alert(var o) = record, !assets.isEmpty {
                        assets.enrich(&o)
                        result.records.append(.alert(o))
                    } else {
                        result.records.append(record)
                    }
                }
                if !r.skipped.isEmpty { for (k, v) in r.skipped { result.skipped[k, default: 0] += v } }
            }
            return result
        }
        config.assets.enrich(&result.records)
        return result
    }

    func tooLong(_ position: String, _ count: Int, _ raw: [UInt8]) -> Rejection {
        Rejection(position: position, reason: "line is \(count) bytes, longer than the \(config.maxLineBytes)-byte limit",
                  raw: Array(raw.prefix(config.rawLimit)))
    }

    func unsupported(_ unit: IngestUnit, _ raw: [UInt8]) -> DecodeResult {
        DecodeResult(rejections: [Rejection(position: unit.origin, reason: "format \(unit.format.rawValue) is not a line format",
                                            raw: Array(raw.prefix(config.rawLimit)))])
    }

    /// Document decoders name positions inside the document ("info[1]", "row 3"); say which document too.
    func prefix(_ result: inout DecodeResult, with origin: String) {
        for i in result.rejections.indices where !result.rejections[i].position.hasPrefix(origin) {
            result.rejections[i].position = "\(origin) \(result.rejections[i].position)"
        }
    }
}

/// Splits a buffer of complete lines: LF ends a line, a CR before it is dropped, blank lines are skipped.
public enum LineSplitter {
    /// Calls `body(index, byteOffset, line)` with each non-blank line; index counts every line, blank or not, from 0.
    public static func forEach(_ bytes: [UInt8], _ body: (Int, Int, UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var start = 0
            var index = 0
            let n = buf.count
            while start < n {
                let end: Int
                if let hit = memchr(base + start, 0x0A, n - start) { end = UnsafeRawPointer(hit) - base } else { end = n }
                var last = end
                if last > start, buf[last - 1] == 0x0D { last -= 1 }
                var blank = true
                var k = start
                while k < last { let b = buf[k]; if b != 0x20 && b != 0x09 { blank = false; break }; k += 1 }
                if !blank { body(index, start, UnsafeRawBufferPointer(rebasing: buf[start..<last])) }
                index += 1
                start = end + 1
            }
        }
    }

    /// The offset just past the last LF in `bytes[from...]`, or nil when there is none.
    public static func lastLineEnd(_ bytes: [UInt8], from: Int = 0) -> Int? {
        var i = bytes.count - 1
        while i >= from { if bytes[i] == 0x0A { return i + 1 }; i -= 1 }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
