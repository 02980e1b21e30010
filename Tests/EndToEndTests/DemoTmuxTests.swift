import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The README's demo, the map's grid filter and the handover key, driven in tmux as a person would.
@Suite(.serialized) struct DemoTmuxTests {
    let watchfloor = Binaries.path("watchfloor")
    let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path

    @Test func demoStartsALivingDutyRoom() throws {
        let script = "cd \(shellQuote(Binaries.packageRoot.path)) && exec \(shellQuote(watchfloor)) demo --config \(shellQuote(config)) --replay-minutes 0.2 --lang zh"
        let command = "sh -c \(shellQuote(script))"
        let tmux = try TmuxSession("demo", width: 160, height: 48, command: command)
        defer { tmux.kill() }
        let titles = ["1 事件", "网格地图 云岭县", "3 12345 工单", "4 安全告警"]
        #expect(tmux.waitFor(timeout: 30) { screen in titles.allSatisfy { screen.contains($0) } }, "\(tmux.capture())")
        let screen = tmux.capture()
        #expect(screen.contains("王伟 (wangwei)"))          // the demo's operator
        #expect(screen.contains("城关镇") && screen.contains("白沙乡"))   // map labels
        #expect(screen.contains("****"))                    // masked phones in the hotline queue
        #expect(screen.contains("网络攻击告警聚集"))          // the correlation rule fired on the seeded burst
        // The replayed feeds keep arriving without a key press: the weather bureau's CAP Update (sent last in the
        // feeds' window) upgrades the rainstorm warning on screen.
        #expect(!screen.contains("升级为暴雨橙"))
        #expect(tmux.waitFor(timeout: 30) { $0.contains("升级为暴雨橙") }, "\(tmux.capture())")
        tmux.send("q")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("退出 Watchfloor？") }, "q asks first:\n\(tmux.capture())")
        tmux.send("y")
        let gone = (0..<100).contains { _ in
            usleep(50_000)
            return (try? tmux.tmux(["has-session", "-t", tmux.name]))?.status != 0
        }
        #expect(gone, "the demo should exit on q")
    }

    func seeded(_ tag: String) throws -> (db: String, dir: String) {
        let dir = temporaryDirectory(tag)
        let db = dir + "/w.db"
        try UISampleData.seed(try Store(path: db))
        return (db, dir)
    }

    func ui(_ db: String, _ who: String) -> String {
        "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator \(who) --lang zh"
    }

    @Test func selectingAGridOnTheMapFiltersTheIncidentPane() throws {
        let (db, dir) = try seeded("grid")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = try TmuxSession("grid", command: ui(db, "lina"))
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 10) { $0.contains("网格地图 云岭县") })
        tmux.send("2")
        tmux.send("Right")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("1 事件 · 网格 ") }, "\(tmux.capture())")
        let screen = tmux.capture()
        // The map's breadcrumb names the selection; the incident pane's title carries the same filter.
        let breadcrumb = try #require(screen.split(separator: "\n").first?.components(separatedBy: "网格地图 云岭县 › ").last)
        let township = String(breadcrumb.prefix { $0 != " " && $0 != "━" && $0 != "─" })
        #expect(screen.contains("1 事件 · 网格 \(township)"))
        let grids = try JSONParser.parse(try run(watchfloor, ["list", "grids", "--json", "--db", db]).stdout).array ?? []
        let code = try #require(grids.first { $0["name"]?.string == township }?["id"]?.string)
        // The incident pane lists everything not yet closed.
        let listed = try JSONParser.parse(try run(watchfloor, ["list", "incidents", "--grid", code, "--status", "new,acknowledged,dispatched,resolved",
                                                               "--json", "--limit", "1000", "--db", db]).stdout).array ?? []
        #expect(!listed.isEmpty)
        // The pane's counter ("1/N") agrees with the CLI for the same grid, and every row shown is in it.
        let firstLine = String(screen.split(separator: "\n")[0])
        #expect(firstLine.contains("1/\(listed.count) "), "\(firstLine) vs \(listed.count)")
        let rows = screen.split(separator: "\n").dropFirst(2).prefix(8).map { String($0.prefix(90)) }
            .filter { line in   // (under NO_COLOR a one-column gutter carries row markers)
                ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"].contains { line.hasPrefix("│" + $0) || line.hasPrefix("│ " + $0) || line.hasPrefix("│!" + $0) }
            }
        // (The Grid column names the grid below the township, so rows are matched by title.)
        let titles = listed.compactMap { $0["title"]?.string.map { String($0.prefix(6)) } }
        #expect(!rows.isEmpty && rows.allSatisfy { row in titles.contains { row.contains($0) } }, "\(rows)")
        tmux.send("Escape")
        #expect(tmux.waitFor(timeout: 5) { !$0.contains("1 事件 · 网格 ") })
    }

    @Test func xExportsTheHandoverWithAVerifiableSignOver() throws {
        let (db, dir) = try seeded("handover")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = try TmuxSession("handover", command: ui(db, "lina"))
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 10) { $0.contains("4 安全告警") })
        tmux.send("x")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("交接班报告") && $0.contains("[y]") }, "\(tmux.capture())")
        tmux.send("y")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("交接班已导出") }, "\(tmux.capture())")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/handovers")
        #expect(files.count == 1)
        let file = dir + "/handovers/" + files[0]
        let verify = try run(watchfloor, ["handover", "verify", file, "--db", db])
        #expect(verify.status == 0 && verify.stdout.contains("exported by lina"), "\(verify.stdout)\(verify.stderr)")
        let events = try run(watchfloor, ["events", "--json", "--db", db]).stdout.split(separator: "\n")
        #expect(events.contains { $0.contains("\"topic\":\"handover.exported\"") && $0.contains("\"actor\":\"lina\"") })
    }
}
