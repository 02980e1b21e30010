import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// A store in a read-only directory, itself read-only, is still listed, shown, followed and exported — without a
/// byte written. Tests run as root, whom chmod does not stop, so the commands run as the unprivileged user
/// `nobody` through `setpriv` (util-linux), with the store owned by nobody and chmod'd 0400 in a 0500 directory.
@Suite(.serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
                        && getpwnam("nobody") != nil))
struct ReadOnlyStoreTests {
    /// The sample county in a store under `dir/store/`, closed again, plus a copy of `watchfloor` that nobody can run.
    func prepare(_ tag: String) throws -> (dir: String, db: String, binary: String) {
        let dir = temporaryDirectory(tag)
        chmod(dir, 0o755)
        let db = dir + "/store/w.db"
        do {
            let store = try Store(path: db)
            try UISampleData.seed(store)
        }
        let binary = dir + "/watchfloor"
        try FileManager.default.copyItem(atPath: Binaries.path("watchfloor"), toPath: binary)
        return (dir, db, binary)
    }

    func asNobody(_ binary: String, _ args: [String], home: String) throws -> ProcessResult {
        try run("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=\(home)",
                                     "XDG_CONFIG_HOME=\(home)/.config", binary] + args)
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
        }
        return out
    }

    @Test func listShowEventsAndExportWorkWithoutWriting() throws {
        let (dir, db, binary) = try prepare("ro")
        defer { _ = try? run("/bin/chmod", ["-R", "u+w", dir]); try? FileManager.default.removeItem(atPath: dir) }
        let storeDir = dir + "/store"
        let nobody = getpwnam("nobody")!.pointee.pw_uid
        for f in [storeDir, db] { #expect(chown(f, nobody, 0) == 0) }
        chmod(db, 0o400)
        chmod(storeDir, 0o500)
        let before = try snapshot(storeDir)
        #expect(before.keys.sorted() == ["w.db"])

        let list = try asNobody(binary, ["list", "incidents", "--db", db, "--lang", "en", "--limit", "5"], home: dir)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 6 && list.stderr.hasPrefix("showing 5 of "), "\(list)")
        let id = try #require(list.stdout.split(separator: "\n")[1].split(separator: " ").first.map(String.init))

        let show = try asNobody(binary, ["show", id, "--json", "--db", db], home: dir)
        let shownID = try JSONParser.parse(show.stdout)["id"]?.string
        #expect(show.status == 0 && shownID == id, "\(show)")
        let events = try asNobody(binary, ["events", "--json", "--db", db], home: dir)
        #expect(events.status == 0 && events.stdout.split(separator: "\n").count > 100, "\(events.stderr)")
        let export = try asNobody(binary, ["export", "handover", "--shift", "previous", "--db", db, "--lang", "en"], home: dir)
        #expect(export.status == 0 && export.stdout.contains("Shift handover"), "\(export.stderr)")
        #expect(export.stderr.contains("not recorded in the audit chain"))

        // Writing is refused in one sentence: no SQLite wording, no SQL.
        let ack = try asNobody(binary, ["ack", id, "--db", db], home: dir)
        #expect(ack.status == 1 && ack.stderr.split(separator: "\n").count == 1, "\(ack.stderr)")
        #expect(ack.stderr.contains("read-only"), "\(ack.stderr)")
        for raw in ["SQLite", "sqlite", "attempt to write", "INSERT", "UPDATE", "BEGIN"] { #expect(!ack.stderr.contains(raw)) }

        // Following the bus works too (until stopped).
        let follow = try run("/usr/bin/timeout", ["2", "/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                                  "env", "HOME=\(dir)", binary, "events", "--follow", "--after", "0", "--db", db])
        #expect(follow.status == 124 && follow.stdout.split(separator: "\n").count > 100, "\(follow.status) \(follow.stderr)")

        // The screen opens watch-only, in tmux, as a person would see it.
        let tmux = try TmuxSession("ro", width: 160, height: 48, command: "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=\(shellQuote(dir)) \(shellQuote(binary)) ui --db \(shellQuote(db)) --lang en")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 20) { $0.contains("Incidents") && $0.contains("READ-ONLY") }, "\(tmux.capture())")
        tmux.send("q")

        // Not a byte written: no -wal, no -shm, the database unchanged.
        #expect(try snapshot(storeDir) == before)
    }

    @Test func looseModesAreTightenedWithAWarning() throws {
        let (dir, db, binary) = try prepare("perm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(db, 0o644)
        FileManager.default.createFile(atPath: db + "-wal", contents: nil, attributes: [.posixPermissions: 0o664])
        let r = try run(binary, ["list", "incidents", "--db", db, "--limit", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("watchfloor: warning: \(db) was readable by others (mode 644); tightened to 0600"), "\(r.stderr)")
        #expect(r.stderr.contains("\(db)-wal was readable by others (mode 664)"), "\(r.stderr)")
        var st = stat()
        stat(db, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        // Already tight: silent.
        let again = try run(binary, ["list", "incidents", "--db", db, "--limit", "1"])
        #expect(!again.stderr.contains("warning"), "\(again.stderr)")
    }
}
