import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The built `watchfloor` UI inside tmux, as duty officers use it: titled panes, acknowledging by keystroke, two
/// operators racing, live updates from another process, resizing, and leaving the terminal clean.
@Suite(.serialized) struct UITmuxTests {
    let watchfloor = Binaries.path("watchfloor")

    /// A temp store with the sample county; returns its path and directory.
    func seededStore(_ tag: String) throws -> (db: String, dir: String, store: Store) {
        let dir = temporaryDirectory("ui-\(tag)")
        let db = dir + "/w.db"
        let store = try Store(path: db)
        try UISampleData.seed(store)
        return (db, dir, store)
    }

    func uiCommand(_ db: String, operator who: String, lang: String = "zh", extra: String = "") -> String {
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        return "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator \(who) --lang \(lang) \(extra)"
    }

    static let zhTitles = ["1 事件", "网格地图", "3 12345 工单", "4 安全告警"]

    func hasFourPanes(_ screen: String) -> Bool { UITmuxTests.zhTitles.allSatisfy { screen.contains($0) } }

    /// The incident the cursor starts on: the first in attention order (the UI's incident pane order).
    func firstIncident(_ store: Store) throws -> Incident {
        try store.read {
            try IncidentRepository.list($0, ListFilter(statuses: ["new", "acknowledged", "dispatched", "resolved"], limit: 1),
                                        order: .attention)
        }[0]
    }

    func shown(_ id: String, _ db: String) throws -> JSONValue {
        try JSONParser.parse(try run(watchfloor, ["show", id, "--json", "--db", db]).stdout)
    }

    @Test func acknowledgeByKeyThenSecondOperatorIsToldWhoWasFirst() throws {
        let (db, dir, store) = try seededStore("ack")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = try firstIncident(store)
        #expect(target.status == .new)
        let wang = try TmuxSession("wang", command: uiCommand(db, operator: "wangwei"))
        defer { wang.kill() }
        let li = try TmuxSession("lina", command: uiCommand(db, operator: "lina"))
        defer { li.kill() }
        #expect(wang.waitFor(timeout: 10) { hasFourPanes($0) }, "wangwei's screen:\n\(wang.capture())")
        #expect(li.waitFor(timeout: 10) { hasFourPanes($0) }, "lina's screen:\n\(li.capture())")
        #expect(wang.capture().contains("王伟 (wangwei)"))

        wang.send("a")
        #expect(wang.waitFor { $0.contains("已确认 \(target.id)") }, "\(wang.capture())")
        let json = try shown(target.id, db)
        #expect(json["status"]?.string == "acknowledged")
        #expect(json["acked_by"]?.string == "wangwei")

        // lina's screen updates without a key press (her cursor stays on the incident), then her `a` is refused.
        let titleStart = String(target.title.prefix(8))
        func ackedRow(_ screen: String) -> Bool {
            screen.split(separator: "\n").contains { $0.contains(titleStart) && $0.contains("已确认") && $0.contains("wangwei") }
        }
        #expect(li.waitFor { ackedRow($0) }, "lina's screen never showed the acknowledgement:\n\(li.capture())")
        li.send("a")
        #expect(li.waitFor { $0.contains("已由 王伟 于") && $0.contains("确认") }, "\(li.capture())")
        #expect(try shown(target.id, db)["acked_by"]?.string == "wangwei")
    }

    @Test func aChangeWrittenByAnotherProcessAppearsWithoutAKeyPress() throws {
        let (db, dir, store) = try seededStore("live")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ui = try TmuxSession("live", command: uiCommand(db, operator: "zhangmin"))
        defer { ui.kill() }
        #expect(ui.waitFor(timeout: 10) { hasFourPanes($0) })
        // Another process (the CLI) writes a new Ⅰ-level incident's acknowledgement… and this process ingests one.
        let fresh = Incident(id: "", source: "110联动", sourceRef: "live-test-1", category: .naturalDisaster, level: .one,
                             title: "石门水库大坝渗漏紧急险情", gridID: nil, reportedAt: .now())
        let started = Date()
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: [.incident(fresh)]))
        #expect(ui.waitFor(timeout: 3) { $0.contains("石门水库大坝渗漏紧急险情") }, "\(ui.capture())")
        let latency = Date().timeIntervalSince(started)
        #expect(latency < 1.0, "took \(latency) s (includes tmux polling)")
        // The status bar's alarm counts it.
        #expect(ui.capture().contains("未确认Ⅰ/Ⅱ级"))
    }

    @Test func resizingToSixtyByTwentyAndBackKeepsASensibleScreen() throws {
        let (db, dir, _) = try seededStore("resize")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ui = try TmuxSession("resize", command: uiCommand(db, operator: "liuyang"))
        defer { ui.kill() }
        #expect(ui.waitFor(timeout: 10) { hasFourPanes($0) })
        ui.resize(width: 60, height: 20)
        // Too low for four stacked panes with three rows each: tabs, the focused pane below a strip naming all four.
        #expect(ui.waitFor { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 19 && lines[0].contains("▶1 事件") && lines[0].contains("3 12345 工单")
                && screen.contains("┏ 1 事件")
        }, "at 60×20:\n\(ui.capture())")
        ui.send("3")
        #expect(ui.waitFor { $0.contains("▶3 12345 工单") && $0.contains("┏ 3 12345 工单") }, "\(ui.capture())")
        ui.send("1")
        ui.resize(width: 50, height: 12)
        #expect(ui.waitFor { $0.contains("终端窗口太小") && $0.contains("60×16") }, "\(ui.capture())")
        ui.resize(width: 160, height: 48)
        #expect(ui.waitFor { hasFourPanes($0) && !$0.contains("终端窗口太小") }, "back at 160×48:\n\(ui.capture())")
        // Still alive and responsive.
        ui.send("?")
        #expect(ui.waitFor { $0.contains("帮助 · 按 Esc 或 ? 关闭") })
        #expect(ui.display("#{pane_dead}") != "1")
    }

    @Test func quitGivesTheShellBackClean() throws {
        let (db, dir, _) = try seededStore("quit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shell = try TmuxSession("quit", width: 100, height: 30, command: "env PS1='wf-prompt$ ' sh")
        defer { shell.kill() }
        #expect(shell.waitFor { $0.contains("wf-prompt$") })
        shell.send(uiCommand(db, operator: "chenjing", lang: "en"), literal: true)
        shell.send("Enter")
        #expect(shell.waitFor(timeout: 10) { $0.contains("1 Incidents") && $0.contains("Grid map") && $0.contains("4 Security alerts") },
                "\(shell.capture())")
        #expect(shell.display("#{alternate_on}") == "1")
        // Ctrl-C reaches the UI as a key (raw mode) and asks too; n stays.
        shell.send("C-c")
        #expect(shell.waitFor { $0.contains("Quit Watchfloor?") }, "Ctrl-C asks before quitting:\n\(shell.capture())")
        shell.send("n")
        #expect(shell.waitFor { !$0.contains("Quit Watchfloor?") && $0.contains("1 Incidents") })
        #expect(shell.display("#{alternate_on}") == "1", "still running after n")
        shell.send("q")
        #expect(shell.waitFor { $0.contains("Quit Watchfloor?") }, "q asks before quitting:\n\(shell.capture())")
        shell.send("y")
        #expect(shell.waitFor { screen in
            screen.split(separator: "\n").last.map { $0.hasPrefix("wf-prompt$") } ?? false
        }, "\(shell.capture())")
        #expect(shell.display("#{alternate_on}") == "0")
        #expect(!shell.capture().contains("Incidents"), "the UI's screen must not be left behind")
    }

    /// Not a check: `WATCHFLOOR_UI_SEED=/path/w.db swift test --filter UISeed` writes the sample county into a
    /// store for looking at the UI by hand.
    @Test func UISeedForManualLook() throws {
        guard let path = ProcessInfo.processInfo.environment["WATCHFLOOR_UI_SEED"], !path.isEmpty else { return }
        try UISampleData.seed(try Store(path: path))
    }
}
