import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore
import WatchfloorTerminal

/// `watchfloor doctor`: checks the store, the settings, the terminal and the daemon, says what is wrong and how to
/// fix it, and exits 1 when anything failed. It changes nothing (the store is opened read-only, modes are only
/// read).
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the store, settings, terminal and daemon; print what is wrong and the fix (exit 1 if anything is).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("daemon-config"), help: "The daemon's config (default: $WATCHFLOORD_CONFIG, /etc/watchfloor/watchfloord.toml, else the settings file).")
    var daemonConfig: String?
    @Option(name: .customLong("min-free-mb"), help: "Fail when the store's disk has less free space than this (MB).")
    var minFreeMB = 512
    @Flag(help: "One JSON object: ok and the list of checks.") var json = false

    func run() throws {
        var checks: [DoctorCheck] = []
        let store = global.storePath
        checks += StoreEngine.of(location: store) == .postgresql ? postgresStoreChecks(url: store) : storeChecks(path: store)
        let settingsPath = WatchfloorSettings.resolvePath(explicit: global.config)
        checks += settingsChecks(path: settingsPath)
        checks += terminalChecks(settings: (try? WatchfloorSettings.load(path: settingsPath)) ?? .builtinDefaults, settingsPath: settingsPath)
        checks += daemonChecks(settingsPath: settingsPath)
        let failed = checks.contains { $0.status == .fail }
        if json {
            printJSON(["ok": .bool(!failed), "checks": .array(checks.map(\.json))])
        } else {
            print(checks.map(\.text).joined(separator: "\n"))
            print(failed ? "\(checks.filter { $0.status == .fail }.count) problem(s) found" : "no problems found")
        }
        if failed { throw ExitCode(1) }
    }

    // MARK: store

    func storeChecks(path: String) -> [DoctorCheck] {
        let area = "store"
        var out: [DoctorCheck] = []
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else {
            return [.fail(area, "path", "no store at \(path)",
                          fix: "start watchfloord (it creates the store), or point --db / $WATCHFLOOR_DB at the duty room's store")]
        }
        out.append(.ok(area, "path", path))
        let dir = (path as NSString).deletingLastPathComponent
        var loose: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            var st = stat()
            if stat(file, &st) == 0, st.st_mode & 0o077 != 0 { loose.append("\(file) is mode 0\(String(st.st_mode & 0o777, radix: 8))") }
        }
        if loose.isEmpty {
            out.append(.ok(area, "permissions", "store files are 0600"))
        } else {
            out.append(.fail(area, "permissions", loose.joined(separator: "; ") + ": other users can read callers' names and phones",
                             fix: "chmod 600 \(path)* (any watchfloor command run by the store's owner also tightens them)"))
        }
        var dst = stat()
        if stat(dir, &dst) == 0, dst.st_mode & 0o077 != 0 {
            out.append(.warning(area, "directory", "\(dir) is mode 0\(String(dst.st_mode & 0o777, radix: 8))", fix: "chmod 700 \(dir)"))
        }
        do {
            let c = try Store.inspect(path: path)
            let mode = (try c.queryOne("PRAGMA journal_mode") { $0.string(0) } ?? "").lowercased()
            if mode == "wal" {
                out.append(.ok(area, "wal", "journal mode WAL"))
            } else {
                out.append(.fail(area, "wal", "journal mode is \(mode), not WAL: readers and the daemon block each other",
                                 fix: "sqlite3 \(path) 'PRAGMA journal_mode=WAL' (with the daemon stopped)"))
            }
            out.append(schemaVersionCheck(area, Int(try c.scalarInt("PRAGMA user_version") ?? 0)))
        } catch {
            out.append(.fail(area, "open", StoreError.describe(error, path: path),
                             fix: "check the file's owner and mode (ls -l \(path)) and that it is the duty room's store"))
        }
        if access(path, W_OK) != 0 || access(dir, W_OK) != 0 {
            out.append(.warning(area, "access", "read-only for this user: listing and showing work, actions do not",
                                fix: "run as the store's owner (or a member of its group) to act"))
        }
        var vfs = statvfs()
        if statvfs(dir, &vfs) == 0 {
            let free = Int64(vfs.f_bavail) * Int64(vfs.f_frsize) / (1 << 20)
            if free < Int64(minFreeMB) {
                out.append(.fail(area, "disk", "only \(groupedThousands(Int(free))) MB free on the disk holding \(dir) (want \(minFreeMB) MB)",
                                 fix: "free space there, or move the store to a larger disk (--db, $WATCHFLOOR_DB)"))
            } else {
                out.append(.ok(area, "disk", "\(groupedThousands(Int(free))) MB free"))
            }
        }
        return out
    }

    // MARK: settings

    func settingsChecks(path: String?) -> [DoctorCheck] {
        guard let path else {
            return [.ok("settings", "file", "none found: the built-in defaults apply (a commented sample is etc/watchfloor.toml, installed to PREFIX/etc/watchfloor/)")]
        }
        let problems = ConfigDiagnostics.check(path: path)
        if problems.isEmpty { return [.ok("settings", "file", "\(path) parses and validates")] }
        return problems.map { p in
            .fail("settings", "file", p.description,
                  fix: p.line.map { "edit \(p.file) at line \($0), then run watchfloord --check-config --config \(path)" }
                    ?? "edit \(p.file), then run watchfloord --check-config --config \(path)")
        }
    }

    // MARK: terminal

    func terminalChecks(settings: WatchfloorSettings, settingsPath: String?,
                        environment env: [String: String] = ProcessInfo.processInfo.environment) -> [DoctorCheck] {
        let area = "terminal"
        var out: [DoctorCheck] = []
        let localeVar = ["LC_ALL", "LC_CTYPE", "LANG"].first { !(env[$0] ?? "").isEmpty }
        let locale = localeVar.flatMap { env[$0] } ?? ""
        let lower = locale.lowercased()
        if lower.contains("utf-8") || lower.contains("utf8") {
            out.append(.ok(area, "locale", "\(localeVar!)=\(locale)"))
        } else {
            out.append(.fail(area, "locale", locale.isEmpty ? "no locale set (LANG, LC_ALL, LC_CTYPE): Chinese text prints as ?" : "\(localeVar!)=\(locale) is not UTF-8: Chinese text prints as ?",
                             fix: "export LANG=zh_CN.UTF-8 (or C.UTF-8) in the duty room's shell profile"))
        }
        let term = env["TERM"] ?? ""
        if term.isEmpty || term == "dumb" {
            out.append(.fail(area, "TERM", term.isEmpty ? "TERM is not set" : "TERM=dumb: the UI cannot draw",
                             fix: "export TERM=xterm-256color (or your terminal's own name)"))
        } else {
            out.append(.ok(area, "TERM", term))
        }
        let colours = ColorCapability.detect(environment: env)
        let colourText = switch colours {
        case .none: env["NO_COLOR"].map { _ in "none (NO_COLOR is set; the selection stays visible in reverse video)" } ?? "none"
        case .ansi8: "8 colours"
        case .ansi16: "16 colours"
        case .indexed256: "256 colours"
        case .truecolor: "24-bit colour"
        }
        out.append(.ok(area, "colours", colourText))
        let configured = settings.raw["ui"]?["ambiguous_wide"]?.bool ?? false
        if let answer = AmbiguousWidthProbe.probeControllingTerminal() {
            let wide = answer == .wide
            let file = settingsPath ?? "~/.config/watchfloor/watchfloor.toml"
            if wide == configured {
                out.append(.ok(area, "ambiguous width", "the terminal draws ○ Ⅰ · \(wide ? "two columns" : "one column") wide, as the settings say"))
            } else if wide {
                out.append(.fail(area, "ambiguous width", "the terminal draws East-Asian ambiguous characters (○ Ⅰ ·) two columns wide, but Watchfloor counts one: columns drift",
                                 fix: "set [ui] ambiguous_wide = true in \(file), or make the terminal draw them narrow"))
            } else {
                out.append(.fail(area, "ambiguous width", "[ui] ambiguous_wide = true, but the terminal draws ○ Ⅰ · one column wide: columns drift",
                                 fix: "remove ambiguous_wide from \(file) for this terminal"))
            }
        } else if isatty(STDOUT_FILENO) == 1 {
            out.append(.warning(area, "ambiguous width", "the terminal did not answer a cursor-position request", fix: nil))
        } else {
            out.append(.skipped(area, "ambiguous width", "standard output is not a terminal"))
        }
        out.append(cursesAmbiguousWidth(configuredWide: configured, area: area))
        return out
    }

    /// What curses itself makes of an ambiguous character under these settings (its cursor after writing `Ⅰ` on a
    /// screen over /dev/null), so no terminal is needed: with `ambiguous_wide = true` it must count 2, as the
    /// terminal probe and the cell buffer do, or the UI's rows drift although the layout is right.
    private func cursesAmbiguousWidth(configuredWide: Bool, area: String) -> DoctorCheck {
        CursesAmbiguousWidth.follow(wide: configuredWide)
        defer { CursesAmbiguousWidth.follow(wide: false) }
        let expected = configuredWide ? 2 : 1
        guard let columns = CursesAmbiguousWidth.cursesColumns(of: "\u{2160}") else {
            return .warning(area, "curses width", "curses could not set up a screen to measure Ⅰ (no xterm-256color terminfo entry?)", fix: nil)
        }
        if columns == expected {
            return .ok(area, "curses width", "curses counts ○ Ⅰ · \(columns == 2 ? "two columns" : "one column") wide, as the settings say")
        }
        return .fail(area, "curses width", "[ui] ambiguous_wide = \(configuredWide), but curses counts Ⅰ \(columns) column(s) wide (its wcwidth is \(CursesAmbiguousWidth.isInterposed ? "" : "not ")Watchfloor's): columns drift",
                     fix: "use a watchfloor built with the dynamic ncursesw (its wcwidth must bind to Watchfloor's)")
    }

    // MARK: daemon

    func daemonChecks(settingsPath: String?) -> [DoctorCheck] {
        let area = "daemon"
        guard let path = DaemonConfig.resolvePath(explicit: daemonConfig) else {
            return [.skipped(area, "healthz", "no daemon config found (--daemon-config, $WATCHFLOORD_CONFIG, /etc/watchfloor/watchfloord.toml)")]
        }
        var out: [DoctorCheck] = []
        if path != settingsPath {
            out += ConfigDiagnostics.check(path: path).map {
                .fail(area, "config", $0.description, fix: "edit \($0.file)\($0.line.map { " at line \($0)" } ?? ""), then run watchfloord --check-config --config \(path)")
            }
            if !out.isEmpty { return out }
        }
        guard let (_, config) = try? DaemonConfig.load(path: path) else { return out }
        let http = config.sources.compactMap { s -> HTTPConfig? in if case .http(let h) = s { return h }; return nil }.first
        guard let http else {
            return out + [.skipped(area, "healthz", "\(path) configures no [daemon.http] listener, so there is no /healthz to ask")]
        }
        let host = switch http.address { case "0.0.0.0", "": "127.0.0.1"; case "::": "::1"; default: http.address }
        switch HealthProbe.get(host: host, port: http.port, path: "/healthz") {
        case .failure(let e):
            out.append(.fail(area, "healthz", "http://\(host):\(http.port)/healthz: \(e)",
                             fix: "start the daemon: systemctl start watchfloord (or watchfloord --config \(path)); its log says why it stopped (journalctl -u watchfloord)"))
        case .success(let r):
            let body = try? JSONParser.parse(r.body)
            if r.status == 200, body?["ok"]?.bool == true {
                out.append(.ok(area, "healthz", "http://\(host):\(http.port)/healthz answers ok"))
            } else {
                let failing = body?["sources"]?.array?.filter { $0["state"]?.string == "failed" }
                    .compactMap { s in s["name"]?.string.map { "\($0): \(s["error"]?.string ?? "failed")" } } ?? []
                let store = body?["store"]?["message"]?.string
                let why = (failing + (store.map { ["store: \($0)"] } ?? [])).joined(separator: "; ")
                out.append(.fail(area, "healthz", "http://\(host):\(http.port)/healthz answers \(r.status)\(why.isEmpty ? "" : ": " + TextSanitizer.sanitize(why))",
                                 fix: "see the daemon's log (journalctl -u watchfloord) for the failing sources; it retries them every 30 s"))
            }
        }
        return out
    }
}
