import Foundation
import Glibc
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// The daemon subject of `watchfloor-bench ingest`: a real `watchfloord` with a spool directory.
enum DaemonSpoolRun {
    static func measure(file: String, lines: Int, dir: String, db: String) throws -> IngestBench.SubjectResult {
        let spool = dir + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try IngestBench.writeConfig(dir, spool: spool)
        let daemon = try ChildProcess(ChildProcess.sibling("watchfloord"), ["--config", dir + "/bench.toml", "--db", db],
                                      stdoutPath: dir + "/daemon.out")
        // The spool source creates done/ once it runs.
        let done = spool + "/done/" + (file as NSString).lastPathComponent
        let ready = BenchSupport.monotonicSeconds() + 30
        while !FileManager.default.fileExists(atPath: spool + "/done") {
            if BenchSupport.monotonicSeconds() > ready { daemon.signal(SIGKILL); daemon.wait(); throw IngestBench.BenchError("watchfloord did not start; see \(dir)/daemon.out") }
            usleep(5_000)
        }
        // A hard link: the file appears in the spool whole and at once, without copying 100s of MB.
        let t0 = BenchSupport.monotonicSeconds()
        guard link(file, spool + "/" + (file as NSString).lastPathComponent) == 0 else {
            daemon.signal(SIGKILL); daemon.wait()
            throw IngestBench.BenchError("cannot link \(file) into \(spool): \(String(cString: strerror(errno)))")
        }
        let deadline = t0 + 3600
        while !FileManager.default.fileExists(atPath: done) && BenchSupport.monotonicSeconds() < deadline { usleep(2_000) }
        let wall = BenchSupport.monotonicSeconds() - t0
        daemon.signal(SIGTERM)
        let m = daemon.wait()
        guard FileManager.default.fileExists(atPath: done) else { throw IngestBench.BenchError("the daemon did not finish the file; see \(dir)/daemon.out") }
        let rows = try IngestBench.verify(db, lines: lines)
        return IngestBench.SubjectResult(wall: wall, cpu: m.cpuSeconds, rssMiB: m.peakRSSMiB, alertRows: rows)
    }
}

/// The raw ceiling: what SQLite alone costs for one plain row per line. Each 1 MiB chunk of the file is decoded
/// with the clock stopped; only the batched `INSERT` of its rows into a bare table (WAL, synchronous=NORMAL,
/// one prepared statement, transactions of 5,000 rows) is timed. Memory stays bounded by the chunk.
enum IngestCeiling {
    static func measure(file: String, db: String) throws -> Double {
        let bare = try Connection(path: db)
        try bare.execute("PRAGMA journal_mode=WAL")
        try bare.execute("PRAGMA synchronous=NORMAL")
        try bare.execute("""
            CREATE TABLE bare(at INTEGER, sensor TEXT, signature_id INTEGER, signature TEXT, category TEXT, level INTEGER,
              src TEXT, dest TEXT, proto TEXT, action TEXT)
            """)
        let decoder = EVEDecoder()
        let context = DecodeContext(sourceName: "bench")
        var seconds = 0.0
        var pending: [AlertObservation] = []
        func insert() throws {
            let t = BenchSupport.monotonicSeconds()
            try bare.writeTransaction {
                let s = try bare.prepare("INSERT INTO bare VALUES (?,?,?,?,?,?,?,?,?,?)")
                for o in pending {
                    s.reset()
                    try s.bind([.int(o.at.milliseconds), .text(o.sensor), .int(Int64(o.signatureID)), .text(o.signature),
                                .from(o.category), .int(Int64(o.level.rawValue)), .text(o.src), .text(o.dest), .from(o.proto), .from(o.action)])
                    while try s.step() {}
                }
            }
            seconds += BenchSupport.monotonicSeconds() - t
            pending.removeAll(keepingCapacity: true)
        }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IngestBench.BenchError("cannot open \(file)") }
        defer { close(fd) }
        try ChunkedLineReader(fd: fd).forEach { piece in
            guard case .lines(let chunk, _, _, _) = piece else { return true }
            LineSplitter.forEach(chunk) { _, _, line in
                for r in decoder.decode(line: line, position: "", context: context).records {
                    if case .alert(var o) = r { o.raw = nil; pending.append(o) }
                }
            }
            if pending.count >= 5_000 { try insert() }
            return true
        }
        if !pending.isEmpty { try insert() }
        return seconds
    }
}
