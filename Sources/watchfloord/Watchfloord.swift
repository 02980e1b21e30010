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
        settings file ($WATCHFLOOR_CONFIG, ~/.config/watchfloor/watchfloor.toml). Sources live under [daemon]; see
        sampledata/watchfloord.toml.
        Signals: SIGTERM/SIGINT drain queued batches and exit 0; SIGHUP reloads the config and restarts the sources
        whose settings changed (and retries failed ones).
        """
    )

    @Option(name: .long, help: "Config file with a [daemon] section.")
    var config: String?

    @Option(name: .long, help: "The store file (default: $WATCHFLOOR_DB, else ~/.local/share/watchfloor/watchfloor.db).")
    var db: String?

    @Flag(name: .customLong("check-config"), help: "Parse the config, print what would run, and exit (0 if valid).")
    var checkConfig = false

    func run() throws {
        let log = DaemonLog()
        guard let path = Watchfloord.resolveConfig(explicit: config) else {
            log("no config file: pass --config FILE (see sampledata/watchfloord.toml)")
            throw ExitCode(2)
        }
        let settings: WatchfloorSettings
        let daemon: DaemonConfig
        do {
            (settings, daemon) = try DaemonConfig.load(path: path)
        } catch {
            log("config \(path): \(error)")
            throw ExitCode(2)
        }
        if checkConfig {
            print("config \(path): ok")
            print("store: \(StoreLocation.resolve(explicit: db))")
            for s in daemon.sources { print("source \(s.name) (\(s.kind)): \(Watchfloord.describe(s))") }
            let c = daemon.pipeline.correlation
            print("correlation: \(c.enabled ? "≥\(c.minCount) alerts of level ≤\(c.maxLevel.rawValue) on one asset within \(c.windowMinutes) min" : "off")")
            print("assets: \(daemon.pipeline.assets.assets.count)")
            return
        }
        let runtime: DaemonRuntime
        do {
            runtime = try DaemonRuntime(configPath: path, storePath: StoreLocation.resolve(explicit: db),
                                        settings: settings, daemon: daemon, log: log)
        } catch {
            log("cannot start: \(error)")
            throw ExitCode(1)
        }
        runtime.run()   // returns after SIGTERM/SIGINT and a drain
    }

    static func resolveConfig(explicit: String?) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        let env = ProcessInfo.processInfo.environment
        if let e = env["WATCHFLOORD_CONFIG"], !e.isEmpty { return e }
        if FileManager.default.fileExists(atPath: "/etc/watchfloor/watchfloord.toml") { return "/etc/watchfloor/watchfloord.toml" }
        return WatchfloorSettings.resolvePath(explicit: nil)
    }

    static func describe(_ s: SourceConfig) -> String {
        switch s {
        case .spool(let c): "\(c.path) (format: \(c.format?.rawValue ?? "by extension"))"
        case .tail(let c): "\(c.path) (\(c.format.rawValue))"
        case .syslog(let c): "\(c.transport.rawValue) \(c.address):\(c.port) (\(c.format.rawValue))\(c.guard.allow.isEmpty ? "" : ", allow \(c.guard.allow.map(\.description).joined(separator: " "))")"
        case .http(let c): "\(c.tls == nil ? "http" : "https")://\(c.address):\(c.port)\(c.tokens.isEmpty ? "" : ", \(c.tokens.count) tokens")"
        }
    }
}

/// One line per notable thing on stderr: `watchfloord 2026-11-20T08:12:00.123Z message`.
final class DaemonLog: @unchecked Sendable {
    private let lock = NSLock()
    func callAsFunction(_ message: String) {
        let line = "watchfloord \(Timestamp.now().iso) \(message)\n"
        lock.lock()
        FileHandle.standardError.write(Data(line.utf8))
        lock.unlock()
    }
}
