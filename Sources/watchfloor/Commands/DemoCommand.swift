import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor demo`: the README's first command. A temporary store seeded from `sampledata/`, the sample feeds
/// replayed through the daemon's pipeline at an accelerated pace, the escalation timer running, and the UI on top.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "A living duty room on a temporary store: sample county, replayed feeds, the UI.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The sample data directory (default: beside --config, else ./sampledata, else the installed PREFIX/share/watchfloor/sampledata).") var sampledata: String?
    @Option(help: "Replay the feeds' three days in this many minutes (then start over).") var replayMinutes: Double = 10
    @Flag(help: "No UI: print the event bus instead.") var noUI = false
    @Option(help: "With --no-ui: stop after this many seconds.") var duration: Double?
    @Flag(help: "Keep the temporary store when the demo ends (its path is printed).") var keep = false
    @Option(help: "UI theme (default, light, high-contrast, colorblind).") var theme: String?

    func run() throws {
        try reportingErrors {
            let configPath = WatchfloorSettings.resolvePath(explicit: global.config)
            let sampleDir = resolveSampleDirectory(configPath: configPath)
            let settings = try WatchfloorSettings.load(path: configPath ?? (sampleDir as NSString).appendingPathComponent("watchfloor.toml"))
            let temporary = !StoreLocation.isChosen(explicit: global.db, configured: (try? global.settings())?.storeURL)
            let path = temporary ? NSTemporaryDirectory() + "watchfloor-demo-\(getpid())/watchfloor.db" : global.storePath
            let store = try Store(path: path, sla: settings.slaClock)
            defer {
                if temporary && !keep { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            }
            let stop = StopFlag()
            if noUI { stop.installSignalHandlers() }

            let replayer = DemoReplay(options: .init(sampleDirectory: sampleDir, replayMinutes: replayMinutes,
                                                     offsetSeconds: settings.offsetSeconds),
                                      write: try DemoPipeline.writer(store: store, sampleDirectory: sampleDir))
            let seeded = try replayer.seed()
            let schedule = try replayer.schedule()
            TerminalOutput.error("watchfloor demo: store \(StoreEngine.displayable(path)); seeded \(seeded.created.values.reduce(0, +)) records; replaying \(schedule.count) feed records every \(replayMinutes) min")

            let background = Thread {
                let escalator = Escalator(store: store)
                var lastEscalation = Date.distantPast
                while !stop.isSet {
                    _ = try? replayer.replay(schedule, shouldStop: {
                        if Date().timeIntervalSince(lastEscalation) > 5 {
                            _ = try? escalator.run(now: store.clock())
                            lastEscalation = Date()
                        }
                        return stop.isSet
                    })
                }
            }
            background.start()

            if noUI {
                try followBus(store: store, settings: settings, stop: stop)
            } else {
                try runUI(store: store, settings: settings, global: demoGlobal, theme: theme, readOnly: false)
            }
            stop.set()
            if temporary && keep { print("demo store kept at \(path)") }
        }
    }

    /// The demo acts as `wangwei` (a rostered operator of the sample county) unless told otherwise.
    var demoGlobal: GlobalOptions {
        var g = global
        if g.operator == nil && ProcessInfo.processInfo.environment["WATCHFLOOR_OPERATOR"] == nil { g.operator = "wangwei" }
        return g
    }

    func resolveSampleDirectory(configPath: String?) -> String {
        if let sampledata { return sampledata }
        if let configPath {
            let dir = (configPath as NSString).deletingLastPathComponent
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("county.jsonl")) { return dir }
        }
        // An installed binary: scripts/install puts the sample county in PREFIX/share/watchfloor/sampledata.
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = exe.deletingLastPathComponent().appendingPathComponent("share/watchfloor/sampledata").path
        if !FileManager.default.fileExists(atPath: "sampledata/county.jsonl"),
           FileManager.default.fileExists(atPath: installed + "/county.jsonl") { return installed }
        return "sampledata"
    }

    func followBus(store: Store, settings: WatchfloorSettings, stop: StopFlag) throws {
        setvbuf(stdout, nil, _IOLBF, 0)
        let watcher = BusWatcher(path: store.path)
        let offset = settings.offsetSeconds
        try watcher.start(after: 0) { batch in
            for e in batch { print("#\(e.seq)  \(localTime(e.at, offset: offset))  \(e.topic)  \(e.entityKind):\(e.entityID)  \(e.actor)") }
        }
        let end = duration.map { Date().addingTimeInterval($0) }
        while !stop.isSet, end.map({ Date() < $0 }) ?? true { usleep(50_000) }
        watcher.stop()
    }
}

/// Set once by SIGINT/SIGTERM (or the demo itself); polled by the loops.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private var sources: [DispatchSourceSignal] = []

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }

    func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [weak self] in self?.set() }
            s.resume()
            sources.append(s)
        }
    }
}
