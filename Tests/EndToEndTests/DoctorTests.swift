import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// `watchfloor doctor`, one failing check at a time: each is reported with a fix and makes the exit status 1,
/// and a healthy setup (a running daemon included) passes.
@Suite(.serialized) struct DoctorTests {
    let watchfloor = Binaries.path("watchfloor")
    static let goodTerminal = ["LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": "", "TERM": "xterm-256color"]

    /// A directory with a healthy store and a settings file whose daemon listens on a free port (not started).
    func setup(_ tag: String, daemonPort: Int? = nil) throws -> (dir: String, db: String, config: String, port: Int) {
        let dir = temporaryDirectory(tag)
        let db = dir + "/store/w.db"
        _ = try Store(path: db)
        let port = daemonPort ?? DaemonHarness.freePort()
        let config = dir + "/watchfloor.toml"
        try "utc_offset = \"+08:00\"\n[daemon]\n[daemon.http]\naddress = \"127.0.0.1\"\nport = \(port)\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        return (dir, db, config, port)
    }

    func doctor(_ db: String, _ config: String, _ extra: [String] = [], env: [String: String] = goodTerminal) throws -> (status: Int32, checks: [JSONValue], stdout: String) {
        let r = try run(watchfloor, ["doctor", "--json", "--db", db, "--config", config, "--daemon-config", config, "--min-free-mb", "1"] + extra,
                        environment: env)
        let json = try JSONParser.parse(r.stdout)
        #expect(json["ok"]?.bool == (r.status == 0), "\(r.stdout)")
        return (r.status, json["checks"]?.array ?? [], r.stdout)
    }

    func failing(_ checks: [JSONValue]) -> [(area: String, name: String, detail: String, fix: String)] {
        checks.filter { $0["status"]?.string == "fail" }.map {
            ($0["area"]?.string ?? "", $0["name"]?.string ?? "", $0["detail"]?.string ?? "", $0["fix"]?.string ?? "")
        }
    }

    @Test func healthySetupWithARunningDaemonPasses() throws {
        let port = DaemonHarness.freePort()
        let d = try DaemonProcess { _ in "[daemon]\n[daemon.http]\nport = \(port)\n" }
        try d.start()
        defer { _ = d.terminate() }
        let r = try doctor(d.db, d.config)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.checks.contains { $0["area"]?.string == "daemon" && $0["status"]?.string == "ok" }, "\(r.stdout)")
        // The text form says the same, one line per check.
        let text = try run(watchfloor, ["doctor", "--db", d.db, "--config", d.config, "--daemon-config", d.config, "--min-free-mb", "1"],
                           environment: Self.goodTerminal)
        #expect(text.status == 0 && text.stdout.hasSuffix("no problems found\n"), "\(text.stdout)")
    }

    @Test func storeFailures() throws {
        let s = try setup("doc-store")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        // Missing.
        let missing = try doctor(s.dir + "/nowhere/w.db", s.config)
        #expect(missing.status == 1 && failing(missing.checks).contains { $0.area == "store" && $0.name == "path" && !$0.fix.isEmpty })
        // Loose permissions: reported, not changed by doctor.
        chmod(s.db, 0o644)
        let loose = try doctor(s.db, s.config)
        #expect(failing(loose.checks).contains { $0.name == "permissions" && $0.fix.contains("chmod 600") }, "\(loose.stdout)")
        var st = stat()
        stat(s.db, &st)
        #expect(st.st_mode & 0o777 == 0o644, "doctor changed the file's mode")
        chmod(s.db, 0o600)
        // Not WAL, then an old schema, then a newer one (set with the sqlite3 client).
        let sqlite3 = try #require(DaemonHarness.which("sqlite3"))
        _ = try run(sqlite3, [s.db, "PRAGMA journal_mode=DELETE;"])
        #expect(failing(try doctor(s.db, s.config).checks).contains { $0.name == "wal" && $0.detail.contains("delete") })
        _ = try run(sqlite3, [s.db, "PRAGMA journal_mode=WAL; PRAGMA user_version=1;"])
        #expect(failing(try doctor(s.db, s.config).checks).contains { $0.name == "schema" && $0.detail.contains("older") })
        _ = try run(sqlite3, [s.db, "PRAGMA user_version=9999;"])
        #expect(failing(try doctor(s.db, s.config).checks).contains { $0.name == "schema" && $0.detail.contains("newer") })
        _ = try run(sqlite3, [s.db, "PRAGMA user_version=\(Store.currentSchemaVersion);"])
        // Free disk below the threshold.
        let full = try doctor(s.db, s.config, ["--min-free-mb", "999999999"])
        #expect(failing(full.checks).contains { $0.name == "disk" && $0.detail.contains("MB free") }, "\(full.stdout)")
        // Not a database at all: a sentence, no SQLite wording.
        let junk = s.dir + "/junk.db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: junk))
        chmod(junk, 0o600)
        let bad = failing(try doctor(junk, s.config).checks).first { $0.name == "open" }
        #expect(bad?.detail.contains("not a Watchfloor store") == true && bad?.detail.contains("SQLite error") == false, "\(String(describing: bad))")
    }

    @Test func settingsFailuresCarryFileAndLine() throws {
        let s = try setup("doc-settings")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        let broken = s.dir + "/broken.toml"
        try "utc_offset = \"+08:00\"\n[ui]\ntheme = \n".write(toFile: broken, atomically: true, encoding: .utf8)
        let r = try doctor(s.db, broken, ["--daemon-config", s.config])
        let f = failing(r.checks).first { $0.area == "settings" }
        #expect(r.status == 1 && f?.detail.hasPrefix("\(broken):3: ") == true, "\(r.stdout)")
        #expect(f?.fix.contains("line 3") == true)
        let badKey = s.dir + "/badkey.toml"
        try "[daemon]\nbatch_max_records = 10\nbatch_linger = 5\n".write(toFile: badKey, atomically: true, encoding: .utf8)
        let k = failing(try doctor(s.db, badKey).checks).first { $0.area == "settings" }
        #expect(k?.detail == "\(badKey):3: [daemon] batch_linger: unknown key", "\(String(describing: k))")
    }

    @Test func terminalFailures() throws {
        let s = try setup("doc-term")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        let latin = try doctor(s.db, s.config, env: ["LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "TERM": "xterm-256color"])
        #expect(failing(latin.checks).contains { $0.area == "terminal" && $0.name == "locale" && $0.fix.contains("UTF-8") }, "\(latin.stdout)")
        let dumb = try doctor(s.db, s.config, env: ["LANG": "C.UTF-8", "LC_ALL": "", "TERM": "dumb"])
        #expect(failing(dumb.checks).contains { $0.name == "TERM" && $0.fix.contains("TERM=") }, "\(dumb.stdout)")
        let noColour = try doctor(s.db, s.config, env: Self.goodTerminal.merging(["NO_COLOR": "1"]) { $1 })
        #expect(noColour.checks.contains { $0["name"]?.string == "colours" && $0["detail"]?.string?.contains("NO_COLOR") == true })
    }

    /// In a real terminal (tmux, which draws ambiguous characters one column wide), the probe's answer is compared
    /// with the settings: `ambiguous_wide = true` there is a failure with its fix.
    @Test func ambiguousWidthIsProbedInATerminal() throws {
        let s = try setup("doc-amb")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        let wide = s.dir + "/wide.toml"
        try "[ui]\nambiguous_wide = true\n".write(toFile: wide, atomically: true, encoding: .utf8)
        func screen(_ config: String) throws -> String {
            let tmux = try TmuxSession("doctor", width: 200, height: 50, command: "sh -c " + shellQuote(
                "\(shellQuote(watchfloor)) doctor --db \(shellQuote(s.db)) --config \(shellQuote(config)) --daemon-config \(shellQuote(s.config)) --min-free-mb 1; echo EXIT=$?; sleep 60"))
            defer { tmux.kill() }
            #expect(tmux.waitFor(timeout: 15) { $0.contains("EXIT=") }, "\(tmux.capture())")
            return tmux.capture()
        }
        let narrow = try screen(s.config)
        #expect(narrow.contains("terminal ambiguous width: the terminal draws ○ Ⅰ · one column wide, as the settings say"), "\(narrow)")
        let mismatch = try screen(wide)
        #expect(mismatch.contains("FAIL  terminal ambiguous width: [ui] ambiguous_wide = true, but the terminal draws"), "\(mismatch)")
        #expect(mismatch.contains("fix: remove ambiguous_wide") && mismatch.contains("EXIT=1"), "\(mismatch)")
    }

    /// Without a terminal, doctor still checks that curses (in the real binary, through its interposed `wcwidth`)
    /// counts ambiguous characters as the settings say: one column by default, two with `ambiguous_wide = true`.
    @Test func cursesCountsAmbiguousCharactersAsTheSettingsSay() throws {
        let s = try setup("doc-curses")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        let wide = s.dir + "/wide.toml"
        try "[ui]\nambiguous_wide = true\n".write(toFile: wide, atomically: true, encoding: .utf8)
        func curses(_ config: String) throws -> JSONValue? {
            try doctor(s.db, config).checks.first { $0["name"]?.string == "curses width" }
        }
        let narrow = try #require(try curses(s.config))
        #expect(narrow["status"]?.string == "ok" && narrow["detail"]?.string?.contains("one column wide") == true, "\(narrow)")
        let widened = try #require(try curses(wide))
        #expect(widened["status"]?.string == "ok" && widened["detail"]?.string?.contains("two columns wide") == true, "\(widened)")
    }

    @Test func aDaemonThatDoesNotAnswerFails() throws {
        let s = try setup("doc-daemon")
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        let r = try doctor(s.db, s.config)
        let f = failing(r.checks).first { $0.area == "daemon" }
        #expect(r.status == 1 && f?.detail.contains("127.0.0.1:\(s.port)") == true && f?.fix.contains("systemctl start watchfloord") == true, "\(r.stdout)")
        // Without an HTTP listener there is nothing to ask: skipped, not failed.
        let quiet = s.dir + "/quiet.toml"
        try "[daemon]\n".write(toFile: quiet, atomically: true, encoding: .utf8)
        let q = try doctor(s.db, quiet)
        #expect(q.status == 0 && q.checks.contains { $0["area"]?.string == "daemon" && $0["status"]?.string == "skipped" }, "\(q.stdout)")
    }
}
