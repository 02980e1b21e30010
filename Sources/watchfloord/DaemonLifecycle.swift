import Foundation
import Logging
import WatchfloorIngest

/// What the runtime tells the outside world about its state changes.
protocol DaemonLifecycleObserver: AnyObject, Sendable {
    func stopping()
    func reloading()
    /// `config` is the new config, or nil when the reload failed and the running one stays.
    func reloaded(_ config: DaemonConfig?)
}

/// Connects the runtime's life to systemd (`READY=1` once the sources are up, `RELOADING=1` then `READY=1` around
/// a SIGHUP, `STOPPING=1` on shutdown, `WATCHDOG=1` every half `WATCHDOG_USEC` while the store answers) and
/// applies a reloaded `log_level` unless `--log-level` fixed it.
final class DaemonLifecycle: DaemonLifecycleObserver, @unchecked Sendable {
    let notifier: SystemdNotifier?
    let log: DaemonLog
    let levelFromCommandLine: Bool
    private weak var runtime: DaemonRuntime?
    private let lock = NSLock()
    private var stopped = false

    init(notifier: SystemdNotifier?, log: DaemonLog, levelFromCommandLine: Bool) {
        self.notifier = notifier
        self.log = log
        self.levelFromCommandLine = levelFromCommandLine
    }

    /// The sources have been started (some may have failed; they are retried): tell systemd and start pinging
    /// its watchdog.
    func ready(_ runtime: DaemonRuntime) {
        self.runtime = runtime
        runtime.lifecycle = self
        for w in runtime.store.warnings { log.log(.warning, w, ["event": "store_permissions", "path": "\(runtime.storePath)"]) }
        guard let notifier else { return }
        notifier.ready(status: statusLine(runtime))
        log.log(.debug, "notified systemd", ["event": "sd_notify", "state": "READY=1", "socket": "\(notifier.socketName)"])
        if let interval = notifier.watchdogInterval {
            log.log(.info, "systemd watchdog on", ["event": "watchdog", "interval_seconds": "\(interval)"])
            let t = Thread { [weak self] in self?.watchdogLoop(every: interval) }
            t.name = "sd-watchdog"
            t.start()
        }
    }

    func stopping() {
        lock.lock(); stopped = true; lock.unlock()
        notifier?.stopping()
    }

    func reloading() { notifier?.reloading() }

    func reloaded(_ config: DaemonConfig?) {
        if let config, !levelFromCommandLine {
            let level = DaemonLog.level(named: config.logLevel) ?? .info
            if level != log.level {
                log.level = level
                log.log(.notice, "log level now \(level.rawValue)", ["event": "log_level", "level": "\(level.rawValue)"])
            }
        }
        if let runtime { notifier?.ready(status: statusLine(runtime)) }
    }

    private func statusLine(_ runtime: DaemonRuntime) -> String {
        let statuses = runtime.supervisor.statuses()
        let failed = statuses.filter { $0.state == .failed }.count
        return "\(statuses.count - failed) sources running" + (failed > 0 ? ", \(failed) failed" : "")
    }

    /// Pings while the store answers; a daemon whose store is wedged stops pinging and systemd restarts it.
    private func watchdogLoop(every interval: TimeInterval) {
        while true {
            lock.lock(); let done = stopped; lock.unlock()
            if done { return }
            if let runtime, runtime.store.health().ok {
                notifier?.watchdog()
            } else {
                log.log(.warning, "store does not answer: watchdog not pinged", ["event": "watchdog"])
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
