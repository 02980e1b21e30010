import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The spine across real processes: the built `watchfloor` binary writing, racing and following one store.
@Suite(.serialized) struct SpineProcessTests {
    let watchfloor = Binaries.path("watchfloor")

    @Test(arguments: StoreEngine.allCases) func twoWritersAndAFollowerSeeEveryEventInOrder(engine: StoreEngine) throws {
        let dir = temporaryDirectory("bus")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scratch = try ScratchLocation(engine: engine, file: dir + "/w.db")
        let db = scratch.location
        _ = try Store(path: db)
        let follower = try Child(watchfloor, ["events", "--follow", "--json", "--after", "0", "--db", db])
        defer { follower.terminate() }
        let perWriter = 15
        let script = """
        for i in $(seq 1 \(perWriter)); do "$1" note shift "writer $2 note $i 交班" --db "$3" --operator "$2" >/dev/null || exit 1; done
        """
        let a = try Child("/bin/sh", ["-c", script, "sh", watchfloor, "wangwei", db])
        let b = try Child("/bin/sh", ["-c", script, "sh", watchfloor, "lina", db])
        a.waitForExit(); b.waitForExit()
        #expect(a.process.terminationStatus == 0 && b.process.terminationStatus == 0)
        let total = 2 * perWriter
        #expect(follower.waitFor(timeout: 10) { $0.split(separator: "\n").count >= total }, "follower saw: \(follower.output)")
        let lines = follower.output.split(separator: "\n").map(String.init)
        let events = try lines.map { try JSONParser.parse($0) }
        let seqs = events.compactMap { $0["seq"]?.int }
        #expect(seqs == Array(1...Int64(total)))
        #expect(Set(events.compactMap { $0["actor"]?.string }) == ["wangwei", "lina"])
        #expect(events.allSatisfy { $0["topic"]?.string == "note.added" && ($0["at"]?.string?.hasSuffix("Z") ?? false) })
        // Each writer's own notes arrive in the order it wrote them.
        for who in ["wangwei", "lina"] {
            let mine = events.filter { $0["actor"]?.string == who }.compactMap { $0["data"]?["text"]?.string }
            #expect(mine == (1...perWriter).map { "writer \(who) note \($0) 交班" })
        }
    }

    @Test(arguments: StoreEngine.allCases) func acknowledgeRaceBetweenTwoProcessesHasExactlyOneWinner(engine: StoreEngine) throws {
        let dir = temporaryDirectory("race")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scratch = try ScratchLocation(engine: engine, file: dir + "/w.db")
        let db = scratch.location
        let store = try Store(path: db)
        let now = Timestamp.now()
        let incidents = (0..<4).map {
            IngestRecord.incident(Incident(id: "", source: "110联动", sourceRef: "r\($0)", category: .publicSafety, level: .two,
                                           title: "青石镇集市斗殴 \($0)", reportedAt: now))
        }
        let ids = try IngestWriter(store: store).write(IngestBatch(source: "test", records: incidents)).incidentIDs
        for id in ids {
            let a = try Child(watchfloor, ["ack", id, "--db", db, "--operator", "wangwei"])
            let b = try Child(watchfloor, ["ack", id, "--db", db, "--operator", "lina"])
            a.waitForExit(); b.waitForExit()
            let statuses = [a.process.terminationStatus, b.process.terminationStatus]
            #expect(statuses.sorted() == [0, 3], "exactly one winner for \(id): \(statuses)")
            let loser = a.process.terminationStatus == 0 ? b : a
            let winner = a.process.terminationStatus == 0 ? "wangwei" : "lina"
            #expect(loser.errorOutput.contains("already acknowledged by \(winner)"), "\(loser.errorOutput)")
            let shown = try run(watchfloor, ["show", id, "--json", "--db", db])
            let json = try JSONParser.parse(shown.stdout)
            #expect(json["status"]?.string == "acknowledged")
            #expect(json["acked_by"]?.string == winner)
        }
        let verify = try run(watchfloor, ["audit", "verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("intact: 4"))
    }

    @Test func auditVerifyNamesAnEditedRow() throws {
        let dir = temporaryDirectory("audit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        _ = try Store(path: db)
        for text in ["接班", "水库巡查正常", "交班"] {
            #expect(try run(watchfloor, ["note", "shift", text, "--db", db, "--operator", "zhangmin"]).status == 0)
        }
        #expect(try run(watchfloor, ["audit", "verify", "--db", db]).status == 0)
        let edit = try run("/usr/bin/sqlite3", [db, "UPDATE events SET data=replace(data,'水库巡查正常','水库巡查异常') WHERE seq=2"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let verify = try run(watchfloor, ["audit", "verify", "--db", db, "--json"])
        #expect(verify.status == 2)
        let json = try JSONParser.parse(verify.stdout)
        #expect(json["ok"]?.bool == false)
        #expect(json["first_broken_seq"]?.int == 2)
    }

    /// Regression: opening a second `Store` in one process must not drop SQLite's POSIX locks, or another process
    /// closing the database believes it is the last user and deletes the live WAL (writes then vanish).
    @Test func secondHandleInOneProcessKeepsOtherProcessesConsistent() throws {
        let dir = temporaryDirectory("locks")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let first = try Store(path: db)
        let ops = OperatorActions(store: first, actor: "wangwei")
        for i in 0..<10 { try ops.addNote(kind: "shift", id: "shift", text: "巡查 \(i)") }
        _ = try Store(path: db)   // a second handle, as the UI's background reader has
        #expect(try run("/usr/bin/sqlite3", [db, "SELECT count(*) FROM notes"]).stdout == "10\n")
        for i in 10..<15 { try ops.addNote(kind: "shift", id: "shift", text: "巡查 \(i)") }
        #expect(try run("/usr/bin/sqlite3", [db, "SELECT count(*) FROM notes"]).stdout == "15\n")
        #expect(try run(watchfloor, ["audit", "verify", "--db", db]).stdout.contains("intact: 15"))
    }

    @Test func errorsAreOneClearLine() throws {
        let dir = temporaryDirectory("errors")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let junk = dir + "/junk.db"
        try "not a database".write(toFile: junk, atomically: true, encoding: .utf8)
        let r = try run(watchfloor, ["list", "incidents", "--db", junk])
        #expect(r.status == 1)
        #expect(r.stderr == "watchfloor: \(junk) is not a Watchfloor store (not an SQLite database)\n")
        let missing = try run(watchfloor, ["list", "incidents", "--db", dir + "/nope/w.db"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("watchfloor: cannot open the store") && missing.stderr.split(separator: "\n").count == 1)
        let db = dir + "/w.db"
        _ = try Store(path: db)
        let notFound = try run(watchfloor, ["ack", "INC-20261122-9999", "--db", db])
        #expect(notFound.status == 1 && notFound.stderr == "watchfloor: no incident with id INC-20261122-9999\n")
    }
}
