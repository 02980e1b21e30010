import Foundation
import Testing

/// `scripts/install` into a temporary prefix (from the suite's debug build, so CI builds once), then the installed
/// programs as a user meets them: `--version`, the UI with a built-in theme in tmux, `--check-config`, the shell
/// completions loaded by bash, zsh and fish, the systemd unit, the man pages; then `--uninstall`.
@Suite(.serialized) struct InstallTests {
    static let root = Binaries.packageRoot.path

    func install(_ prefix: String, _ extra: [String] = []) throws -> ProcessResult {
        try run("/bin/bash", [Self.root + "/scripts/install", "--prefix", prefix, "--configuration", "debug", "--no-build",
                              "--bin-dir", Binaries.directory.path] + extra)
    }

    /// A store with the installed sample county, made by the installed binary itself.
    func seed(_ watchfloor: String, prefix: String, db: String) throws {
        let sample = prefix + "/share/watchfloor/sampledata"
        let r = try run(watchfloor, ["ingest", "--db", db, "--format", "jsonl", sample + "/county.jsonl", sample + "/incidents.jsonl"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// Runs `command` in `directory` under tmux with an empty config home, and returns the screen with colours
    /// (`capture-pane -e`) once the four panes are drawn. NO_COLOR is cleared: the check looks at the theme's colours.
    func screen(_ tag: String, directory: String, home: String, _ command: String) throws -> (text: String, escapes: String) {
        let tmux = try TmuxSession(tag, width: 160, height: 48, command: "sh -c " + shellQuote(
            "unset NO_COLOR; cd \(shellQuote(directory)) && HOME=\(shellQuote(home)) XDG_CONFIG_HOME=\(shellQuote(home + "/.config")) exec \(command)"))
        defer { tmux.kill() }
        let drawn = tmux.waitFor(timeout: 20) { $0.contains("Incidents") && $0.contains("12345") }
        let text = tmux.capture()
        #expect(drawn, "the installed UI did not draw:\n\(text)")
        let escapes = (try? tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.name]).stdout) ?? ""
        tmux.send("q")
        return (text, escapes)
    }

    @Test func installsIntoATemporaryPrefixAndEverythingInstalledRuns() throws {
        let base = temporaryDirectory("install")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let prefix = base + "/prefix"
        let installed = try install(prefix)
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let fm = FileManager.default
        for rel in ["bin/watchfloor", "bin/watchfloord", "share/watchfloor/themes/high-contrast.toml",
                    "etc/watchfloor/watchfloor.toml", "lib/systemd/system/watchfloord.service", "lib/sysusers.d/watchfloor.conf",
                    "share/man/man1/watchfloor.1", "share/man/man8/watchfloord.8", "share/watchfloor/sampledata/county.jsonl"] {
            #expect(fm.fileExists(atPath: prefix + "/" + rel), "\(rel) not installed")
        }
        let watchfloor = prefix + "/bin/watchfloor"
        let watchfloord = prefix + "/bin/watchfloord"

        // --version from both.
        let version = try run(watchfloor, ["--version"])
        #expect(version.status == 0 && version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version)")
        #expect(try run(watchfloord, ["--version"]).stdout == version.stdout)

        // The installed sample settings are valid; a broken copy is reported as file:line.
        let sample = prefix + "/etc/watchfloor/watchfloor.toml"
        let check = try run(watchfloord, ["--check-config", "--config", sample])
        #expect(check.status == 0 && check.stdout.contains("config \(sample): ok"), "\(check.stdout)\(check.stderr)")
        let broken = base + "/broken.toml"
        try (try String(contentsOfFile: sample, encoding: .utf8) + "\n[daemon]\nlog_level = \"shouty\"\n").write(toFile: broken, atomically: true, encoding: .utf8)
        let bad = try run(watchfloord, ["--check-config", "--config", broken])
        let badLine = (try String(contentsOfFile: broken, encoding: .utf8)).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("log_level") }.map { $0 + 1 }
        #expect(bad.status != 0 && bad.stderr.hasPrefix("\(broken):\(badLine ?? -1): [daemon] log_level"), "\(bad.stderr)")

        // The UI from the installed binary, with the high-contrast theme, in tmux.
        let home = base + "/home"
        let empty = base + "/empty"
        try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let db = base + "/store/w.db"
        try seed(watchfloor, prefix: prefix, db: db)
        let ui = try screen("inst", directory: empty, home: home,
                            "\(shellQuote(watchfloor)) ui --theme high-contrast --db \(shellQuote(db)) --lang en --operator wangwei")
        #expect(ui.text.contains("Grid map"), "\(ui.text)")
        // high-contrast's selection is yellow (#FFFF00 → 256-colour 226); the default theme has none.
        #expect(ui.escapes.contains("48;5;226"), "no high-contrast yellow on screen:\n\(ui.escapes.prefix(2000))")

        // A copied binary alone in a folder (no themes anywhere) still has every built-in theme.
        let lonely = base + "/lonely"
        try fm.createDirectory(atPath: lonely, withIntermediateDirectories: true)
        try fm.copyItem(atPath: watchfloor, toPath: lonely + "/watchfloor")
        let copied = try screen("copy", directory: lonely, home: home,
                                "./watchfloor ui --theme high-contrast --db \(shellQuote(db)) --lang en --operator wangwei")
        #expect(copied.escapes.contains("48;5;226"))
        let unknown = try run(lonely + "/watchfloor", ["ui", "--theme", "sepia", "--db", db], environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no such theme") && unknown.stderr.contains("high-contrast"), "\(unknown.stderr)")

        // The installed demo finds the installed sample county from any folder.
        let demo = try run("/bin/sh", ["-c", "cd \(shellQuote(empty)) && exec \(shellQuote(watchfloor)) demo --no-ui --duration 1"],
                           environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        #expect(demo.status == 0 && demo.stderr.contains("seeded") && demo.stdout.contains("grid.upserted"), "\(demo.stderr)")

        // Completion scripts load in each shell and complete a subcommand.
        let bashCompletion = prefix + "/share/bash-completion/completions/watchfloor"
        let bash = try run("/bin/bash", ["-c", "source \(shellQuote(bashCompletion)) && complete -p watchfloor"])
        #expect(bash.status == 0 && bash.stdout.contains("-F _watchfloor watchfloor"), "\(bash)")
        for b in ["watchfloor", "watchfloord"] {
            #expect(try run("/bin/bash", ["-n", prefix + "/share/bash-completion/completions/\(b)"]).status == 0)
        }
        if let zsh = DaemonHarness.which("zsh") {
            for b in ["watchfloor", "watchfloord"] {
                let r = try run(zsh, ["-n", prefix + "/share/zsh/site-functions/_\(b)"])
                #expect(r.status == 0, "\(r.stderr)")
            }
            let loaded = try run(zsh, ["-c", "fpath=(\(shellQuote(prefix + "/share/zsh/site-functions")) $fpath); autoload -Uz compinit; compinit -u; autoload -Uz _watchfloor; whence -v _watchfloor"])
            #expect(loaded.stdout.contains("autoload shell function"), "\(loaded)")
        }
        if let fish = DaemonHarness.which("fish") {
            let r = try run(fish, ["-c", "source \(shellQuote(prefix + "/share/fish/vendor_completions.d/watchfloor.fish")); complete -C 'watchfloor li'"])
            #expect(r.status == 0 && r.stdout.contains("list"), "\(r)")
        }

        // The systemd unit: notify type, watchdog, a dedicated user, hardening, the store writable, installed paths.
        let unit = try String(contentsOfFile: prefix + "/lib/systemd/system/watchfloord.service", encoding: .utf8)
        for line in ["Type=notify", "WatchdogSec=", "User=watchfloor", "NoNewPrivileges=yes", "ProtectSystem=strict",
                     "ReadWritePaths=/var/lib/watchfloor", "PrivateTmp=yes", "ExecReload=/bin/kill -HUP $MAINPID",
                     "ExecStart=\(watchfloord) --config \(sample) --db /var/lib/watchfloor/watchfloor.db"] {
            #expect(unit.contains("\n" + line), "unit lacks \(line)")
        }
        #expect(!unit.contains("@"), "unfilled placeholder in the unit")
        if let analyze = DaemonHarness.which("systemd-analyze") {
            let r = try run(analyze, ["verify", prefix + "/lib/systemd/system/watchfloord.service"])
            #expect(!r.stderr.contains("Unknown key") && !r.stderr.contains("Unknown section"), "\(r.stderr)")
        }
        for man in ["share/man/man1/watchfloor.1", "share/man/man8/watchfloord.8"] {
            #expect(try String(contentsOfFile: prefix + "/" + man, encoding: .utf8).hasPrefix(".TH "))
        }

        // A second install keeps edited settings; uninstall removes what was installed and keeps the settings.
        try "utc_offset = \"+08:00\"\n# edited\n".write(toFile: sample, atomically: true, encoding: .utf8)
        #expect(try install(prefix).status == 0)
        #expect(try String(contentsOfFile: sample, encoding: .utf8).contains("# edited"))
        #expect(fm.fileExists(atPath: sample + ".new"))
        let removed = try run("/bin/bash", [Self.root + "/scripts/install", "--uninstall", "--prefix", prefix])
        #expect(removed.status == 0, "\(removed.stderr)")
        for rel in ["bin/watchfloor", "bin/watchfloord", "share/watchfloor", "lib/systemd/system/watchfloord.service", "share/man/man1/watchfloor.1"] {
            #expect(!fm.fileExists(atPath: prefix + "/" + rel), "\(rel) left behind")
        }
        #expect(fm.fileExists(atPath: sample))
    }
}
