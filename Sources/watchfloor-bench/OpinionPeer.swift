import Foundation
import WatchfloorStore

/// The opinion bench's peer: `Benchmarks/peers/opinion_posts.py` (python3 standard library: JSON decode, one
/// compiled regex for watch-words and places, SimHash with an exact-band index, SQLite inserts in transactions of
/// 1,000) on the first `posts` posts of the same generated stream, run as a child process so its CPU seconds and
/// peak RSS are its own. Writing the input file also times the generator alone, which the pipeline's own figure
/// includes (it generates its input chunk by chunk on the submitting thread).
struct OpinionPeerRun {
    var posts: Int
    var topics: Int64
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSMiB: Double
    /// Seconds the generator took for these posts.
    var generateSeconds: Double

    static func measure(posts: Int, stories: Int, seed: UInt64, dir: String) throws -> OpinionPeerRun? {
        guard posts > 0 else { return nil }
        guard let python = ChildProcess.onPath("python3") else { throw IngestBench.BenchError("python3 is not on PATH") }
        let file = dir + "/peer-posts.jsonl"
        FileManager.default.createFile(atPath: file, contents: nil)
        guard let out = FileHandle(forWritingAtPath: file) else { throw IngestBench.BenchError("cannot write \(file)") }
        var gen = SyntheticPosts(stories: stories, seed: seed)
        var generateSeconds = 0.0
        var n = 0
        while n < posts {
            let count = min(5_000, posts - n)
            let t = BenchSupport.monotonicSeconds()
            let chunk = gen.lines(count)
            generateSeconds += BenchSupport.monotonicSeconds() - t
            out.write(Data(chunk))
            n += count
        }
        try out.close()
        let places = SyntheticPosts.grids.compactMap { r -> String? in if case .grid(let g) = r { g.name } else { nil } }
        let peer = IngestBench.locatePeer("Benchmarks/peers/opinion_posts.py")
        let child = try ChildProcess(python, [peer, file, dir + "/peer.db"] + places, stdoutPath: dir + "/peer.out")
        let m = child.wait()
        guard m.status == 0 else { throw IngestBench.BenchError("\(peer) exited with status \(m.status)") }
        let c = try Connection(path: dir + "/peer.db")
        guard try c.scalarInt("SELECT COUNT(*) FROM posts") == Int64(posts) else {
            throw IngestBench.BenchError("\(peer) did not store all \(posts) posts")
        }
        return OpinionPeerRun(posts: posts, topics: try c.scalarInt("SELECT COUNT(*) FROM topics") ?? 0, wallSeconds: m.wallSeconds,
                              cpuSeconds: m.cpuSeconds, peakRSSMiB: m.peakRSSMiB, generateSeconds: generateSeconds)
    }
}
