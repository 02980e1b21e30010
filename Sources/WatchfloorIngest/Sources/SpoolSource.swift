#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WatchfloorCore
import WatchfloorStore

/// A drop directory: every regular file that appears (dot-files and `*.tmp`/`*.part` are left alone while they
/// are being written) is ingested, then moved to `done/`, or to `failed/` with a `NAME.reason` file when nothing
/// in it could be used.
///
/// Crash safety: the file's checkpoint is keyed by its identity — name, inode, size and mtime — and commits
/// with its records, line chunk by line chunk. Killed before the move, the daemon finds the checkpoint at the
/// file's end on restart and only moves it; killed mid-file, it resumes after the last committed chunk. A new
/// file that reuses the name is a different identity and starts from 0.
public final class SpoolSource: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: SpoolConfig
    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    let flag = StopFlag()
    let box = DetailBox("not started")
    /// Bytes per unit: small enough that a unit fits in one short batch (`PipelineConfig.batchMaxMilliseconds`).
    let chunkBytes = 64 << 10
    private(set) var processed = 0

    init(_ s: SpoolConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) {
        config = .spool(s); settings = s; self.pipeline = pipeline; self.log = log
    }

    public var detail: String { box.value }
    var done: String { (settings.path as NSString).appendingPathComponent("done") }
    var failed: String { (settings.path as NSString).appendingPathComponent("failed") }

    public func start() throws {
        guard FileIdentity.isDirectory(settings.path) else {
            throw SourceError(source: config.name, message: "spool directory \(settings.path) does not exist")
        }
        for d in [done, failed] where !FileIdentity.isDirectory(d) {
            guard mkdir(d, 0o750) == 0 || errno == EEXIST else {
                throw SourceError(source: config.name, message: "cannot create \(d): \(String(cString: strerror(errno)))")
            }
        }
        box.value = "watching \(settings.path)"
        flag.enter()
        let t = Thread { [self] in
            defer { flag.leave() }
            while !flag.isStopped {
                scan()
                usleep(useconds_t(settings.pollMilliseconds * 1000))
            }
        }
        t.name = "spool"
        t.start()
    }

    public func stop() {
        flag.stop()
        flag.waitForWorkers()
        box.value = "stopped"
    }

    /// The files ready for ingest, oldest name first.
    func ready() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: settings.path) else { return [] }
        return names.filter { n in
            !n.hasPrefix(".") && !n.hasSuffix(".tmp") && !n.hasSuffix(".part") && !n.hasSuffix(".reason")
                && (FileIdentity.of(path: (settings.path as NSString).appendingPathComponent(n))?.isRegular ?? false)
        }.sorted()
    }

    func scan() {
        for name in ready() {
            if flag.isStopped { return }
            process(name)
        }
    }

    /// The format a file is read as: the spool's own, else by extension.
    public static func format(forFileName name: String) -> IngestFormat? {
        let n = name.lowercased()
        if n.contains("open311") && (n.hasSuffix(".json") || n.hasSuffix(".xml")) { return .open311 }
        if n.hasSuffix(".jsonl") || n.hasSuffix(".ndjson") { return .jsonl }
        if n.hasSuffix(".eve") || n.hasSuffix(".eve.json") || (n.contains("eve") && n.hasSuffix(".json")) { return .eve }
        if n.hasSuffix(".geojson") { return .geojson }
        if n.hasSuffix(".log") || n.hasSuffix(".syslog") { return .syslog }
        if n.hasSuffix(".cef") || n.hasSuffix(".leef") { return .cef }
        if n.hasSuffix(".rss") || n.hasSuffix(".atom") || n.hasSuffix(".rss.xml") || n.hasSuffix(".atom.xml") { return .feed }
        if n.hasSuffix(".cap") || n.hasSuffix(".xml") { return .cap }
        if n.hasSuffix(".posts.csv") { return .postCSV }
        if n.hasSuffix(".csv") { return .hotlineCSV }
        return nil
    }

    /// The checkpoint key of one file version.
    static func key(_ name: String, _ id: FileIdentity) -> String {
        "\(name)#ino=\(id.inode),size=\(id.size),mtime=\(id.mtimeNanoseconds)"
    }

    func process(_ name: String) {
        let path = (settings.path as NSString).appendingPathComponent(name)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, let id = FileIdentity.of(fd: fd) else {
            if fd >= 0 { close(fd) }
            return   // vanished or unreadable for now; the next scan tries again
        }
        defer { close(fd) }
        guard let format = settings.format ?? SpoolSource.format(forFileName: name) else {
            return move(name, to: failed, reason: "unknown format: set `format` on the spool or use a known extension (.eve.json, .jsonl, .log, .cef, .xml/.cap, .csv, .geojson, *open311*.json, .rss/.atom, .posts.csv)")
        }
        let key = SpoolSource.key(name, id)
        let saved: Checkpoint?
        do { saved = try IngestWriter(store: pipeline.store).checkpoint(source: config.name, path: key) } catch {
            log("\(config.name): cannot read the checkpoint of \(name): \(error)")
            return
        }
        var offset = saved?.offset ?? 0
        if offset > id.size { offset = 0 }
        box.value = "ingesting \(name) from byte \(offset)"
        func checkpoint(_ at: Int64) -> Checkpoint { Checkpoint(source: config.name, path: key, inode: id.inode, offset: at) }
        let last = LastCompletion()
        var tally = DecodeTally()
        if offset < id.size {
            // Line formats in pieces of whole lines, each piece's checkpoint committing with its records.
            var feeder = FileFeeder(pipeline: pipeline, source: config.name, format: format, origin: name)
            feeder.chunkBytes = chunkBytes
            feeder.checkpoint = checkpoint
            feeder.completion = { last.track() }
            feeder.shouldStop = { [flag] in flag.isStopped }
            let firstLine = offset > 0 ? 1 + countLines(fd, upTo: offset) : 1
            do { (tally, offset) = try feeder.feed(fd: fd, from: offset, firstLine: firstLine) } catch {
                log("\(config.name): cannot read \(name): \(error); will retry")
                _ = last.wait()
                return
            }
        }
        if flag.isStopped && offset < id.size { return }   // resume here after the restart
        if case .failure(let e) = last.wait() {
            log("\(config.name): \(name) could not be stored (\(e)); will retry")
            return
        }
        processed += 1
        let anyProgressBefore = (saved?.offset ?? 0) > 0
        if tally.records == 0 && tally.rejected > 0 && !anyProgressBefore {
            let reasons = tally.firstRejections.prefix(50).map { "\($0.position): \($0.reason)" }.joined(separator: "\n")
            move(name, to: failed, reason: "no record could be decoded (\(tally.rejected) rejected; all are in dead_letters)\n" + reasons)
        } else {
            if tally.rejected > 0 || !tally.skipped.isEmpty {
                log("\(config.name): \(name): \(tally.records) records, \(tally.rejected) rejected, \(tally.skippedTotal) skipped")
            }
            move(name, to: done, reason: nil)
        }
        // The file has left the spool: its checkpoint is no longer needed (a leftover is harmless: the key
        // names this exact file version).
        _ = try? pipeline.store.write { c in
            try c.run("DELETE FROM checkpoints WHERE source=? AND path=?", [.text(config.name), .text(key)])
        }
        box.value = "watching \(settings.path) (\(processed) files done)"
    }

    func countLines(_ fd: Int32, upTo offset: Int64) -> Int {
        var n = 0
        var at: Int64 = 0
        while at < offset {
            let data = readAt(fd, offset: at, count: Int(min(Int64(chunkBytes), offset - at)))
            if data.isEmpty { break }
            n += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            at += Int64(data.count)
        }
        return n
    }

    func move(_ name: String, to dir: String, reason: String?) {
        let from = (settings.path as NSString).appendingPathComponent(name)
        var target = (dir as NSString).appendingPathComponent(name)
        var n = 1
        while FileManager.default.fileExists(atPath: target) {
            target = (dir as NSString).appendingPathComponent("\(name).\(n)")
            n += 1
        }
        if let reason {
            try? Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: target + ".reason"))
        }
        if rename(from, target) != 0 {
            log("\(config.name): cannot move \(name) to \(dir): \(String(cString: strerror(errno)))")
        } else {
            log("\(config.name): \(name) → \((dir as NSString).lastPathComponent)/\((target as NSString).lastPathComponent)\(reason.map { " (" + ($0.split(separator: "\n").first.map(String.init) ?? "") + ")" } ?? "")")
        }
    }
}

/// Tracks the completion of a file's units: the last one to commit tells the outcome of all before it.
final class LastCompletion: @unchecked Sendable {
    private let cond = NSCondition()
    private var outstanding = 0
    private var firstError: Error?

    func track() -> @Sendable (Result<Void, Error>) -> Void {
        cond.lock(); outstanding += 1; cond.unlock()
        return { [self] r in
            cond.lock()
            if case .failure(let e) = r, firstError == nil { firstError = e }
            outstanding -= 1
            cond.broadcast()
            cond.unlock()
        }
    }

    func wait() -> Result<Void, Error> {
        cond.lock(); defer { cond.unlock() }
        while outstanding > 0 { cond.wait() }
        return firstError.map { .failure($0) } ?? .success(())
    }
}
