import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// logrotate's `create` mode: the file is renamed and a new one created, and the writer goes on appending to the
/// renamed file until its postrotate HUP makes it reopen. Those lines must land even when the tail has already
/// switched to the new file.
@Suite(.serialized) struct TailRotationGraceTests {
    @Test func linesTheWriterAppendsToTheRotatedFileAfterTheSwitchLand() throws {
        let t = try TempStore()
        let (path, p, tail) = try SourceTests.followingHundredLines(t)
        let writer = FileHandle(forWritingAtPath: path)!
        writer.seekToEndOfFile()
        #expect(rename(path, path + ".1") == 0)
        FileManager.default.createFile(atPath: path, contents: Data(Lines.bytes((100..<150).map { Lines.eve($0, sig: $0) })))
        #expect(waitUntil { SourceTests.observations(t) == 150 })
        usleep(200_000)   // the tail has switched to the new file
        writer.write(Data(Lines.bytes((150..<160).map { Lines.eve($0, sig: $0) })))
        usleep(500_000)
        writer.write(Data(Lines.eve(160, sig: 160).utf8))   // and the last one without LF, before it reopens
        try writer.close()
        #expect(waitUntil(8) { SourceTests.observations(t) == 161 }, "late lines of the rotated file: \(SourceTests.observations(t))")
        SourceTests.append(path, [Lines.eve(161, sig: 161)])
        #expect(waitUntil { SourceTests.observations(t) == 162 })
        tail.stop()
        p.drain()
        let cp = try IngestWriter(store: t.store).checkpoint(source: "eve", path: path)
        #expect(cp?.inode == FileIdentity.of(path: path)?.inode, "the checkpoint follows the new file")
        #expect(try t.int("SELECT COUNT(*) FROM dead_letters") == 0)
    }
}

extension SourceTests {
    /// An EVE file of 100 lines followed by a started tail (5 ms polls), all 100 landed.
    static func followingHundredLines(_ t: TempStore) throws -> (path: String, pipeline: IngestPipeline, tail: TailSource) {
        let path = t.dir + "/eve.json"
        FileManager.default.createFile(atPath: path, contents: Data(Lines.bytes((0..<100).map { Lines.eve($0, sig: $0) })))
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        let tail = TailSource(TailConfig(name: "eve", path: path, format: .eve, pollMilliseconds: 5), pipeline: p, log: { _ in })
        try tail.start()
        #expect(waitUntil { observations(t) == 100 })
        return (path, p, tail)
    }
}
