import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloord`: the headless ingest daemon. Reads its sources from the `[daemon]` section of a settings file
/// and writes what they deliver into the shared store, exactly once.
@main
struct Watchfloord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchfloord",
        abstract: "Headless ingest daemon: spool directories, tailed files, syslog UDP/TCP and HTTP into the Watchfloor store.",
        discussion: """
        Config: --config FILE, else $WATCHFLOORD_CONFIG, else /etc/watchfloor/watchfloord.toml, else the shared
        settings file ($WATCHFLOOR_CONFIG, ~/.config/watchfloor/watchfloor.toml, /etc/watchfloor/watchfloor.toml). Sources live under [daemon]; see
        sampledata/watchfloord.toml.
        Signals: SIGTERM/SIGINT drain queued batches and exit 0; SIGHUP reloads the config and restarts the sources
        whose settings changed (and retries failed ones).
        Logs: one key=value line per event on stderr (--log-level, [daemon] log_level). Under systemd (Type=notify)
        it reports READY, RELOADING, STOPPING and WATCHDOG over $NOTIFY_SOCKET.
        """,
        version: WatchfloorVersion.string
    )

    @Option(name: .long, help: "Config file with a [daemon] section.")
    var config: String?

    @Option(name: .long, help: "The store: a file or a postgresql:// URL (default: $WATCHFLOOR_DB, else [store] url in the config, else ~/.local/share/watchfloor/watchfloor.db).")
    var db: String?

    @Flag(name: .customLong("check-config"), help: "Parse and validate the config, print its problems as file:line (or what would run), and exit (0 if valid).")
    var checkConfig = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: [daemon] log_level, else info).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, DaemonLog.level(named: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(DaemonConfig.logLevels.joined(separator: ", "))")
        }
    }

    func run() throws {
        let log = DaemonLog(level: DaemonLog.level(named: logLevel) ?? .info)
        guard let path = Watchfloord.resolveConfig(explicit: config) else {
            log.log(.error, "no config file: pass --config FILE (see sampledata/watchfloord.toml)", ["event": "config"])
            throw ExitCode(2)
        }
        let settings: WatchfloorSettings
        let daemon: DaemonConfig
        do {
            (settings, daemon) = try DaemonConfig.load(path: path)
        } catch {
            let problem = ConfigDiagnostics.problem(for: error, file: path)
            if checkConfig {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
            } else {
                log.log(.error, "config \(problem)", ["event": "config", "file": "\(problem.file)", "line": "\(problem.line ?? 0)"])
            }
            throw ExitCode(2)
        }
        if checkConfig {
            printCheck(path: path, daemon: daemon, store: settings.storeURL)
            return
        }
        if logLevel == nil, let level = DaemonLog.level(named: daemon.logLevel) { log.level = level }
        let runtime: DaemonRuntime
        do {
            runtime = try DaemonRuntime(configPath: path, storePath: StoreLocation.resolve(explicit: db, configured: settings.storeURL),
                                        settings: settings, daemon: daemon, log: log)
        } catch {
            log.log(.critical, "cannot start: \(error)", ["event": "start"])
            throw ExitCode(1)
        }
        let lifecycle = DaemonLifecycle(notifier: SystemdNotifier(), log: log, levelFromCommandLine: logLevel != nil)
        lifecycle.ready(runtime)
        runtime.run()   // returns after SIGTERM/SIGINT and a drain
        withExtendedLifetime(lifecycle) {}
    }

    private func printCheck(path: String, daemon: DaemonConfig, store: String?) {
        print("config \(path): ok")
        print("store: \(StoreEngine.displayable(StoreLocation.resolve(explicit: db, configured: store)))")
        print("log level: \(logLevel ?? daemon.logLevel ?? "info")")
        for s in daemon.sources { print("source \(s.name) (\(s.kind)): \(Watchfloord.describe(s))") }
        let c = daemon.pipeline.correlation
        print("correlation: \(c.enabled ? "≥\(c.minCount) alerts of level ≤\(c.maxLevel.rawValue) on one asset within \(c.windowMinutes) min" : "off")")
        print("assets: \(daemon.pipeline.assets.assets.count)")
        if daemon.sources.isEmpty { print("note: no sources configured: the daemon would run but ingest nothing") }
    }

    static func resolveConfig(explicit: String?) -> String? { DaemonConfig.resolvePath(explicit: explicit) }

    static func describe(_ s: SourceConfig) -> String {
        switch s {
        case .spool(let c): "\(c.path) (format: \(c.format?.rawValue ?? "by extension"))"
        case .tail(let c): "\(c.path) (\(c.format.rawValue))"
        case .syslog(let c): "\(c.transport.rawValue) \(c.address):\(c.port) (\(c.format.rawValue))\(c.guard.allow.isEmpty ? "" : ", allow \(c.guard.allow.map(\.description).joined(separator: " "))")"
        case .http(let c): "\(c.tls == nil ? "http" : "https")://\(c.address):\(c.port)\(c.tokens.isEmpty ? "" : ", \(c.tokens.count) tokens")"
        }
    }
}
