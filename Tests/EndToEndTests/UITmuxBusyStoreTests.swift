import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// Another process (the `sqlite3` shell) holds the store's write lock for 10 s while the operator presses `a`: the
/// clock keeps ticking, the status bar says the store is busy, and the acknowledgement lands after the lock goes.
@Suite(.serialized) struct UITmuxBusyStoreTests {
    let watchfloor = Binaries.path("watchfloor")

    static func clock(_ screen: String) -> String? {
        guard let last = screen.split(separator: "\n").last(where: { $0.contains("值班员") }) else { return nil }
        let pattern = try! Regex("[0-9][0-9]:[0-9][0-9]:[0-9][0-9]")
        return last.firstMatch(of: pattern).map { String(last[$0.range]) }
    }

    @Test func aLockedStoreNeverFreezesTheScreenAndTheAcknowledgementLands() throws {
        let dir = temporaryDirectory("ui-busy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let store = try Store(path: db)
        try UISampleData.seed(store)
        let target = try store.read {
            try IncidentRepository.list($0, ListFilter(statuses: ["new", "acknowledged", "dispatched", "resolved"], limit: 1),
                                        order: .attention)
        }[0]
        #expect(target.status == .new)
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        let ui = try TmuxSession("busy", width: 160, height: 48,
                                 command: "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator wangwei --lang zh")
        defer { ui.kill() }
        #expect(ui.waitFor(timeout: 10) { $0.contains("1 事件") && $0.contains("存储正常") }, "\(ui.capture())")

        // sqlite3 takes the write lock and keeps it for 10 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "(echo 'BEGIN IMMEDIATE;'; echo 'SELECT 1;'; sleep 10; echo 'COMMIT;') | sqlite3 \(shellQuote(db))"]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        // Wait until the lock is really held (a write with no busy wait fails).
        let probe = try Connection(path: db, create: false)
        probe.setBusyTimeout(milliseconds: 0)
        var locked = false
        for _ in 0..<100 where !locked {
            do { try probe.execute("BEGIN IMMEDIATE"); try probe.execute("ROLLBACK"); usleep(50_000) } catch { locked = true }
        }
        #expect(locked, "sqlite3 never took the write lock")
        let lockedAt = Date()

        ui.send("a")
        #expect(ui.waitFor(timeout: 3) { $0.contains("存储忙") && $0.contains("处理中 \(target.id)") }, "\(ui.capture())")
        let first = Self.clock(ui.capture())
        usleep(2_200_000)
        let screen = ui.capture()
        let second = Self.clock(screen)
        #expect(first != nil && second != nil && first != second, "the clock stopped: \(first ?? "-") → \(second ?? "-")")
        #expect(screen.contains("存储忙"), "still busy while the lock is held:\n\(screen)")
        #expect(try store.read { try IncidentRepository.get($0, id: target.id) }?.status == .new)

        // The lock goes after 10 s; the acknowledgement lands and says so.
        #expect(ui.waitFor(timeout: 20) { $0.contains("已确认 \(target.id)") }, "\(ui.capture())")
        #expect(Date().timeIntervalSince(lockedAt) >= 8, "acknowledged before the lock was released?")
        let acked = try store.read { try IncidentRepository.get($0, id: target.id) }
        #expect(acked?.status == .acknowledged && acked?.ackedBy == "wangwei")
        #expect(ui.waitFor(timeout: 3) { $0.contains("存储正常") && !$0.contains("处理中") }, "\(ui.capture())")
        holder.waitUntilExit()
    }
}
