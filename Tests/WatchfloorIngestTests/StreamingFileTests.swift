import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// Files are read in bounded pieces (`ChunkedLineReader`, `FileFeeder`): every line arrives whole and once, whatever
/// the chunk size cuts, with the right numbers and offsets.
@Suite struct StreamingFileTests {
    final class TempFile {
        let path: String
        let fd: Int32
        init(_ bytes: [UInt8]) {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("wf-stream-\(UUID().uuidString)").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            fd = open(path, O_RDONLY)
        }
        deinit { close(fd); unlink(path) }
    }

    /// Every line the reader hands over (CR dropped by the splitter), with its number, plus the over-long ones.
    static func read(_ bytes: [UInt8], chunk: Int, maxLine: Int = 1 << 20, from offset: Int64 = 0, firstLine: Int = 1)
        throws -> (lines: [(Int, String)], tooLong: [(line: Int, length: Int64)], ends: [Int64], maxPiece: Int) {
        let f = TempFile(bytes)
        var reader = ChunkedLineReader(fd: f.fd)
        reader.chunkBytes = chunk
        reader.maxLineBytes = maxLine
        reader.keepBytes = 8
        var lines: [(Int, String)] = [], tooLong: [(Int, Int64)] = [], ends: [Int64] = []
        var maxPiece = 0
        try reader.forEach(from: offset, firstLine: firstLine) { piece in
            switch piece {
            case .lines(let b, let start, let end, let first):
                #expect(end - start == Int64(b.count))
                #expect(Array(bytes[Int(start)..<Int(end)]) == b, "offsets name the piece's bytes")
                maxPiece = max(maxPiece, b.count)
                LineSplitter.forEach(b) { i, _, span in lines.append((first + i, String(decoding: span, as: UTF8.self))) }
                ends.append(end)
            case .tooLong(let prefix, let length, let line, let end):
                #expect(prefix.count <= 8)
                tooLong.append((line, length))
                ends.append(end)
            }
            return true
        }
        return (lines, tooLong, ends, maxPiece)
    }

    @Test func aFileLargerThanTheChunkArrivesWholeLineByLine() throws {
        let text = (1...500).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }
        let bytes = Array((text.joined(separator: "\n") + "\n").utf8)
        for chunk in [7, 64, 100, 4096] {
            let r = try Self.read(bytes, chunk: chunk)
            #expect(r.lines.map(\.1) == text, "chunk \(chunk)")
            #expect(r.lines.map(\.0) == Array(1...500), "numbers, chunk \(chunk)")
            #expect(r.ends.last == Int64(bytes.count))
            #expect(r.maxPiece <= chunk + 60, "pieces stay near the chunk size (chunk \(chunk), piece \(r.maxPiece))")
        }
    }

    @Test func aLineSplitAcrossReadsIsJoined() throws {
        let bytes = Array("aaaa\nbbbbbbbbbbbbbbbbbbbb\ncc\n".utf8)
        let r = try Self.read(bytes, chunk: 8)
        #expect(r.lines.map(\.1) == ["aaaa", "bbbbbbbbbbbbbbbbbbbb", "cc"])
        #expect(r.lines.map(\.0) == [1, 2, 3])
    }

    @Test func theLastLineWithoutNewlineIsRead() throws {
        let r = try Self.read(Array("one\ntwo\nthree".utf8), chunk: 5)
        #expect(r.lines.map(\.1) == ["one", "two", "three"])
        #expect(r.ends.last == 13)
    }

    @Test func crlfAndBlankLines() throws {
        let r = try Self.read(Array("one\r\n\r\ntwo\r\nthree\r\n".utf8), chunk: 4)
        #expect(r.lines.map(\.1) == ["one", "two", "three"])
        #expect(r.lines.map(\.0) == [1, 3, 4], "blank lines still count")
    }

    @Test func aByteOrderMarkAtTheStartIsDropped() throws {
        let r = try Self.read([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}\n{\"b\":2}\n".utf8), chunk: 6)
        #expect(r.lines.map(\.1) == ["{\"a\":1}", "{\"b\":2}"])
        // Only at the start of the file: the same bytes later are data.
        let later = try Self.read(Array("x\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("y\n".utf8), chunk: 3)
        #expect(later.lines.map(\.1) == ["x", "\u{FEFF}y"])
    }

    @Test func anOverLongLineIsSkippedNotBuffered() throws {
        let long = String(repeating: "z", count: 1000)
        let bytes = Array("short\n\(long)\nafter\n\(long)".utf8)
        let r = try Self.read(bytes, chunk: 16, maxLine: 100)
        #expect(r.lines.map(\.1) == ["short", "after"])
        #expect(r.lines.map(\.0) == [1, 3])
        #expect(r.tooLong.map(\.line) == [2, 4])
        #expect(r.tooLong.map(\.length) == [1000, 1000])
        #expect(r.maxPiece <= 16 + 100)
    }

    @Test func resumingFromAnOffsetKeepsNumbering() throws {
        let bytes = Array("a\nb\nc\nd\n".utf8)
        let r = try Self.read(bytes, chunk: 3, from: 4, firstLine: 3)
        #expect(r.lines.map(\.1) == ["c", "d"])
        #expect(r.lines.map(\.0) == [3, 4])
    }

    /// The feeder through the real pipeline: a file bigger than the chunk lands completely, rejections name their
    /// line, a BOM and CRLF do no harm, and the summary holds counts, not records.
    @Test func feederStreamsAFileIntoTheStore() throws {
        let t = try TempStore()
        var lines = (0..<300).map { Lines.eve($0, sig: 1000 + $0 % 50) }
        lines[150] = "{not json"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n")).utf8)
        let f = TempFile(bytes)
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        var feeder = FileFeeder(pipeline: p, source: "cli", format: .eve, origin: "big.eve.json")
        feeder.chunkBytes = 1000
        let (tally, reached) = try feeder.feed(fd: f.fd)
        p.flush()
        p.drain()
        #expect(reached == Int64(bytes.count))
        #expect(tally.records == 299)
        #expect(tally.rejected == 1)
        #expect(tally.firstRejections.first?.position == "big.eve.json line 151")
        #expect(try t.int("SELECT SUM(count) FROM alerts") == 299)
        #expect(try t.int("SELECT COUNT(*) FROM dead_letters") == 1)
    }

    @Test func prettyPrintedJSONIsReadAsADocument() throws {
        let pretty = "{\n  \"timestamp\": \"2026-11-20T08:00:01.000000+0800\",\n  \"event_type\": \"alert\"\n}\n"
        let f = TempFile(Array(pretty.utf8))
        #expect(!FileFeeder.isStreamable(fd: f.fd, format: .eve))
        let lines = TempFile(Lines.bytes([Lines.eve(1)]))
        #expect(FileFeeder.isStreamable(fd: lines.fd, format: .eve))
        let array = TempFile(Array("[\(Lines.eve(1))]".utf8))
        #expect(!FileFeeder.isStreamable(fd: array.fd, format: .eve))
        #expect(!FileFeeder.isStreamable(fd: lines.fd, format: .cap))
    }
}
