import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// The file sources in-process against a real store: tail rotation and truncation, spool moves and crash recovery.
@Suite(.serialized) struct SourceTests {
    static func append(_ path: String, _ lines: [String]) {
        let h = FileHandle(forWritingAtPath: path)!
        h.seekToEndOfFile()
        h.write(Data(Lines.bytes(lines)))
        try? h.close()
    }

    static func observations(_ t: TempStore) -> Int64 { (try? t.int("SELECT COALESCE(SUM(count),0) FROM alerts")) ?? -1 }

    @Test(arguments: StoreEngine.allCases) func tailSurvivesRotationAndTruncationWithoutLoss(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let (path, p, tail) = try Self.followingHundredLines(t)

        // The writer keeps its handle, the rotator renames, lines still land in the old file, then a new file appears.
        let old = FileHandle(forWritingAtPath: path)!
        old.seekToEndOfFile()
        #expect(rename(path, path + ".1") == 0)
        old.write(Data(Lines.bytes((100..<150).map { Lines.eve($0, sig: $0) })))
        old.write(Data(Lines.eve(150, sig: 150).utf8))   // the old file's last line has no LF
        try old.close()
        FileManager.default.createFile(atPath: path, contents: Data(Lines.bytes((151..<200).map { Lines.eve($0, sig: $0) })))
        #expect(waitUntil { Self.observations(t) == 200 }, "after rotation: \(Self.observations(t))")

        // A partial line waits for its LF.
        Self.append(path, [])
        let h = FileHandle(forWritingAtPath: path)!
        h.seekToEndOfFile()
        let line = Array(Lines.eve(200, sig: 200).utf8)
        h.write(Data(line[0..<40]))
        usleep(60_000)
        #expect(Self.observations(t) == 200)
        h.write(Data(line[40...] + [0x0A]))
        try h.close()
        #expect(waitUntil { Self.observations(t) == 201 })

        // copytruncate: the same inode, cut to 0 and written again from the start.
        let inode = FileIdentity.of(path: path)?.inode
        #expect(truncate(path, 0) == 0)
        Self.append(path, (300..<310).map { Lines.eve($0, sig: $0) })
        #expect(FileIdentity.of(path: path)?.inode == inode)
        #expect(waitUntil { Self.observations(t) == 211 }, "after truncation: \(Self.observations(t))")
        tail.stop()
        p.drain()
        #expect(try t.int("SELECT COUNT(*) FROM dead_letters") == 0)
        let cp = try IngestWriter(store: t.store).checkpoint(source: "eve", path: path)
        #expect(cp?.offset == Int64(Lines.bytes((300..<310).map { Lines.eve($0, sig: $0) }).count))
    }

    @Test(arguments: StoreEngine.allCases) func tailResumesFromItsCheckpointAndFinishesAFileRotatedWhileStopped(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let path = t.dir + "/eve.json"
        FileManager.default.createFile(atPath: path, contents: Data(Lines.bytes((0..<10).map { Lines.eve($0, sig: $0) })))
        do {
            let p = try IngestPipeline(store: t.store, config: PipelineConfig())
            p.start()
            let tail = TailSource(TailConfig(name: "eve", path: path, format: .eve, pollMilliseconds: 5), pipeline: p, log: { _ in })
            try tail.start()
            #expect(waitUntil { Self.observations(t) == 10 })
            tail.stop()
            p.drain()
        }
        // While stopped: more lines, then a rotation and a new file.
        Self.append(path, (10..<15).map { Lines.eve($0, sig: $0) })
        #expect(rename(path, path + ".1") == 0)
        FileManager.default.createFile(atPath: path, contents: Data(Lines.bytes((15..<20).map { Lines.eve($0, sig: $0) })))
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        let tail = TailSource(TailConfig(name: "eve", path: path, format: .eve, pollMilliseconds: 5), pipeline: p, log: { _ in })
        try tail.start()
        #expect(waitUntil { Self.observations(t) == 20 }, "\(Self.observations(t))")
        usleep(50_000)
        tail.stop()
        p.drain()
        #expect(Self.observations(t) == 20)
        #expect(try t.int("SELECT COUNT(*) FROM alerts") == 20)
    }

    @Test(arguments: StoreEngine.allCases) func tailInAMissingDirectoryFailsToStartWithAReason(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        let tail = TailSource(TailConfig(name: "eve", path: t.dir + "/nope/eve.json"), pipeline: p, log: { _ in })
        #expect(throws: SourceError.self) { try tail.start() }
    }

    @Test(arguments: StoreEngine.allCases) func spoolMovesFilesToDoneOrFailedWithAReason(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let spool = t.dir + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        FileManager.default.createFile(atPath: spool + "/a.eve.json", contents: Data(Lines.bytes((0..<30).map { Lines.eve($0, sig: $0) } + ["{oops"])))
        FileManager.default.createFile(atPath: spool + "/b.eve.json", contents: Data("{oops\n{also bad\n".utf8))
        FileManager.default.createFile(atPath: spool + "/c.txt", contents: Data("hello\n".utf8))
        FileManager.default.createFile(atPath: spool + "/.d.eve.json", contents: Data("being written\n".utf8))
        let s = SpoolSource(SpoolConfig(name: "spool", path: spool, pollMilliseconds: 10), pipeline: p, log: { _ in })
        try s.start()
        let fm = FileManager.default
        #expect(waitUntil { fm.fileExists(atPath: spool + "/done/a.eve.json") && fm.fileExists(atPath: spool + "/failed/b.eve.json") && fm.fileExists(atPath: spool + "/failed/c.txt") })
        s.stop()
        p.drain()
        #expect(Self.observations(t) == 30)
        let reason = (try? String(contentsOfFile: spool + "/failed/b.eve.json.reason", encoding: .utf8)) ?? ""
        #expect(reason.contains("b.eve.json line 1") && reason.contains("b.eve.json line 2"))
        #expect(((try? String(contentsOfFile: spool + "/failed/c.txt.reason", encoding: .utf8)) ?? "").contains("unknown format"))
        #expect(fm.fileExists(atPath: spool + "/.d.eve.json"))
        #expect(try t.int("SELECT COUNT(*) FROM dead_letters WHERE source = 'spool'") == 3)
        #expect(try t.int("SELECT COUNT(*) FROM checkpoints") == 0)
    }

    @Test(arguments: StoreEngine.allCases) func spoolKilledBetweenCommitAndMoveOnlyMovesTheFileAfterRestart(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let spool = t.dir + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let bytes = Lines.bytes((0..<40).map { Lines.eve($0, sig: $0) })
        FileManager.default.createFile(atPath: spool + "/x.eve.json", contents: Data(bytes))
        // Simulate the crash: the records and the checkpoint at the end committed, the rename never happened.
        let p0 = try IngestPipeline(store: t.store, config: PipelineConfig())
        let id = try #require(FileIdentity.of(path: spool + "/x.eve.json"))
        try p0.ingestNow([IngestUnit(source: "spool", format: .eve, payload: .lines(bytes, firstLine: 1, baseOffset: 0), origin: "x.eve.json",
                                     checkpoint: Checkpoint(source: "spool", path: SpoolSource.key("x.eve.json", id), inode: id.inode, offset: Int64(bytes.count)))])
        // A half-done second file: the first 10 lines committed.
        let half = Lines.bytes((100..<110).map { Lines.eve($0, sig: $0) })
        let rest = Lines.bytes((110..<120).map { Lines.eve($0, sig: $0) })
        FileManager.default.createFile(atPath: spool + "/y.eve.json", contents: Data(half + rest))
        let yid = try #require(FileIdentity.of(path: spool + "/y.eve.json"))
        try p0.ingestNow([IngestUnit(source: "spool", format: .eve, payload: .lines(half, firstLine: 1, baseOffset: 0), origin: "y.eve.json",
                                     checkpoint: Checkpoint(source: "spool", path: SpoolSource.key("y.eve.json", yid), inode: yid.inode, offset: Int64(half.count)))])
        #expect(Self.observations(t) == 50)

        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        let s = SpoolSource(SpoolConfig(name: "spool", path: spool, pollMilliseconds: 10), pipeline: p, log: { _ in })
        try s.start()
        #expect(waitUntil { FileManager.default.fileExists(atPath: spool + "/done/x.eve.json") && FileManager.default.fileExists(atPath: spool + "/done/y.eve.json") })
        s.stop()
        p.drain()
        #expect(Self.observations(t) == 60)   // nothing twice, nothing lost
        #expect(try t.int("SELECT COUNT(*) FROM alerts") == 60)
    }
}

/// A source that failed to start comes back by itself once its cause is gone (the daemon retries on a timer).
@Suite struct SupervisorRetryTests {
    @Test(arguments: StoreEngine.allCases) func failedSpoolRecoversOnceItsDirectoryExists(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let spool = t.dir + "/later/spool"
        let p = try IngestPipeline(store: t.store, config: PipelineConfig())
        p.start()
        defer { p.drain() }
        let supervisor = SourceSupervisor(pipeline: p, log: { _ in })
        defer { supervisor.stopAll() }
        supervisor.apply([.spool(SpoolConfig(name: "spool", path: spool, pollMilliseconds: 10))])
        #expect(supervisor.statuses().map(\.state) == [.failed])
        #expect(supervisor.retryFailed().isEmpty)                 // still missing: still failed
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        #expect(supervisor.retryFailed() == ["spool"])
        #expect(supervisor.statuses().map(\.state) == [.running])
        #expect(supervisor.retryFailed().isEmpty)                 // running sources are left alone
    }
}
