import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// `watchfloor list` never stops short silently: a cut listing says `showing N of TOTAL (--limit, --offset)` on
/// stderr, `--limit 0` lists everything, and `--jsonl` streams one object per line in bounded memory.
@Suite(.serialized) struct ListWindowTests {
    let watchfloor = Binaries.path("watchfloor")

    /// A store with `count` distinct alerts (one dedup key each).
    static func storeWithAlerts(_ count: Int, tag: String) throws -> (dir: String, db: String) {
        let dir = temporaryDirectory(tag)
        let db = dir + "/w.db"
        let store = try Store(path: db)
        let now = Timestamp.now()
        let writer = IngestWriter(store: store)
        var i = 0
        while i < count {
            let n = min(5000, count - i)
            try writer.write(IngestBatch(source: "test", records: (i..<(i + n)).map { k in
                .alert(AlertObservation(at: Timestamp(milliseconds: now.milliseconds - Int64(k) * 1000), sensor: "ids-\(k % 7)",
                                        signatureID: 100_000 + k, signature: "测试特征 \(k) ＳＱＬ注入 — \(String(repeating: "长", count: k % 40))",
                                        level: .three, src: "203.0.113.\(k % 250 + 1)", dest: "10.99.1.\(k % 200 + 1):443"))
            }))
            i += n
        }
        return (dir, db)
    }

    /// A status the listing does not have is an error naming the known ones, not an empty table.
    @Test func anUnknownStatusIsRefusedNotAnEmptyTable() throws {
        let (dir, db) = try Self.storeWithAlerts(3, tag: "list-status")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = try run(watchfloor, ["list", "alerts", "--status", "new,opne", "--db", db])
        #expect(bad.status == 64 && bad.stdout.isEmpty, "\(bad)")
        #expect(bad.stderr.contains("unknown alerts status opne; known: new, acknowledged, closed, suppressed"), "\(bad.stderr)")
        let good = try run(watchfloor, ["list", "alerts", "--status", "new,acknowledged", "--db", db, "--json"])
        let listed = try JSONParser.parse(good.stdout).array?.count
        #expect(good.status == 0 && listed == 3, "\(good.stderr)")
        let grids = try run(watchfloor, ["list", "grids", "--status", "new", "--db", db])
        #expect(grids.status == 64 && grids.stderr.contains("grids have no status"), "\(grids.stderr)")
    }

    @Test func aCutListingSaysSoAndLimitZeroListsAll() throws {
        let (dir, db) = try Self.storeWithAlerts(2345, tag: "list-cut")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try run(watchfloor, ["list", "alerts", "--db", db, "--lang", "en"])
        #expect(first.status == 0)
        #expect(first.stdout.split(separator: "\n").count == 101)   // header + 100
        #expect(first.stderr == "showing 100 of 2,345 (--limit, --offset)\n", "\(first.stderr)")

        let all = try run(watchfloor, ["list", "alerts", "--db", db, "--limit", "0"])
        #expect(all.stdout.split(separator: "\n").count == 2346)
        #expect(all.stderr.isEmpty, "\(all.stderr)")

        let tail = try run(watchfloor, ["list", "alerts", "--db", db, "--offset", "2300", "--json"])
        #expect(try JSONParser.parse(tail.stdout).array?.count == 45)
        #expect(tail.stderr == "showing 45 of 2,345 from row 2301 (--limit, --offset)\n", "\(tail.stderr)")

        let exact = try run(watchfloor, ["list", "alerts", "--db", db, "--limit", "2345", "--json"])
        let exactCount = try JSONParser.parse(exact.stdout).array?.count
        #expect(exact.stderr.isEmpty && exactCount == 2345)

        let grids = try run(watchfloor, ["list", "grids", "--db", db, "--limit", "3"])
        #expect(grids.status == 0 && grids.stderr.isEmpty)   // nothing to cut
        let bad = try run(watchfloor, ["list", "alerts", "--db", db, "--limit=-1"])
        #expect(bad.status != 0 && bad.stderr.contains("--limit must be 0 (all) or more"))
    }

    @Test func jsonlStreamsOneObjectPerLine() throws {
        let (dir, db) = try Self.storeWithAlerts(2345, tag: "list-jsonl")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let streamed = try run(watchfloor, ["list", "alerts", "--db", db, "--jsonl", "--limit", "0"])
        let lines = streamed.stdout.split(separator: "\n")
        #expect(lines.count == 2345)
        let ids = try lines.map { try JSONParser.parse(String($0))["id"]?.string ?? "" }
        #expect(Set(ids).count == 2345 && ids.allSatisfy { $0.hasPrefix("ALT-") })
        // The same objects as --json, in the same order.
        let array = try JSONParser.parse(try run(watchfloor, ["list", "alerts", "--db", db, "--json", "--limit", "0"]).stdout).array ?? []
        #expect(array.map { $0["id"]?.string ?? "" } == ids)
        let windowed = try run(watchfloor, ["list", "alerts", "--db", db, "--jsonl"])
        #expect(windowed.stdout.split(separator: "\n").count == 100)
        #expect(windowed.stderr == "showing 100 of 2,345 (--limit, --offset)\n")
    }

    /// Peak memory of `--jsonl --limit 0` barely grows with the number of rows; `--json` (one array) does.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func jsonlMemoryIsBounded() throws {
        let (dir, db) = try Self.storeWithAlerts(10_000, tag: "list-rss")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let few = try peakRSSKiB(watchfloor, ["list", "alerts", "--db", db, "--jsonl", "--limit", "10"])
        let all = try peakRSSKiB(watchfloor, ["list", "alerts", "--db", db, "--jsonl", "--limit", "0"])
        let array = try peakRSSKiB(watchfloor, ["list", "alerts", "--db", db, "--json", "--limit", "0"])
        print("LIST RSS KiB: jsonl 10 rows \(few), jsonl 10,000 rows \(all), json array 10,000 rows \(array)")
        #expect(all - few < 8 * 1024, "streaming 10,000 rows grew RSS by \(all - few) KiB")
        #expect(array - few > 8 * 1024 && array - few > 4 * (all - few), "the array form should need clearly more memory than streaming")
    }

    /// A program's own peak RSS. Measured from a small Python parent: a child spawned straight from this (large)
    /// test process inherits its RSS high-water mark through vfork+exec, which would hide the child's own.
    func peakRSSKiB(_ path: String, _ args: [String]) throws -> Int {
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let r = try run("/usr/bin/python3", ["-c", script, path] + args)
        let parts = r.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard parts.count == 2, parts[0] == 0 else { throw HarnessError("\(path) \(args): \(r.stdout)\(r.stderr)") }
        return parts[1]
    }
}
