import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// Emoji, ZWJ sequences, flags, VS16, skin tones and combining marks arriving while the real UI runs in tmux: every
/// row's borders stay in their columns, and nothing stale is left after rows change (a full repaint with Ctrl-L
/// shows exactly what was already there).
@Suite(.serialized) struct UITmuxGraphemeTests {
    let watchfloor = Binaries.path("watchfloor")
    static let borders: Set<Character> = ["┃", "│", "┏", "┓", "┗", "┛", "┌", "┐", "└", "┘", "║", "╔", "╗", "╚", "╝"]

    /// Display columns of the border characters on each row (tmux's cells, measured as the UI measures them).
    static func borderColumns(_ screen: String) -> [[Int]] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            var col = 0
            var out: [Int] = []
            for c in row {
                if borders.contains(c) { out.append(col) }
                col += DisplayWidth.of(c)
            }
            return out
        }
    }

    static func rowWidths(_ screen: String) -> [Int] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayWidth.of($0) }
    }

    static func titles(_ n: Int) -> [String] {
        ["🚒消防车到场 👩‍🚒 处置中 🇨🇳 ⚠️ 注意安全 👍🏽 Cafe\u{301}",
         "居民求助 👨‍👩‍👧‍👦 家中进水 ❤️ 🏳️‍🌈 ✅",
         "⚠️⚠️⚠️ 道路塌陷 🚧🚧 1️⃣号路口 🇭🇰🇲🇴",
         "e\u{301}\u{302}\u{303} 组合字符 n\u{303} 测试 ☺︎ ✌🏿"].prefix(n).map { $0 }
    }

    @Test func hostileTitlesWhileRunningKeepEveryBorderInItsColumn() throws {
        let dir = temporaryDirectory("ui-emoji")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let store = try Store(path: db)
        try UISampleData.seed(store)
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        let width = 140, height = 40
        let ui = try TmuxSession("emoji", width: width, height: height,
                                 command: "\(shellQuote(watchfloor)) --db \(shellQuote(db)) --config \(shellQuote(config)) --operator wangwei --lang zh")
        defer { ui.kill() }
        #expect(ui.waitFor(timeout: 10) { $0.contains("1 事件") && $0.contains("4 安全告警") }, "\(ui.capture())")
        let before = ui.capture()
        let reference = Self.borderColumns(before)

        // Another writer ingests hostile titles into every pane while the UI runs (Ⅰ level so they sort on top).
        let now = Timestamp.now()
        var records: [IngestRecord] = []
        for (i, t) in Self.titles(4).enumerated() {
            records.append(.incident(Incident(id: "", source: "网格上报", sourceRef: "emoji-\(i)", category: .publicSafety,
                                              level: .one, title: t, gridID: "990102001001001", reportedAt: now)))
            records.append(.hotline(HotlineCase(ticket: "12345-EMOJI-\(i)", receivedAt: now, phone: "1370000000\(i)",
                                                type: .complaint, summary: t, gridID: "990102001001001")))
            records.append(.alert(AlertObservation(at: now, sensor: "waf-portal-01", signatureID: 3_000_000 + i,
                                                   signature: "ET WEB " + t, level: .one, src: "203.0.113.\(i + 1)",
                                                   dest: "10.99.10.12:443", asset: "县医院HIS系统")))
        }
        try IngestWriter(store: store).write(IngestBatch(source: "emoji", records: records))
        #expect(ui.waitFor(timeout: 10) { $0.contains("消防车到场") && $0.contains("道路塌陷") }, "\(ui.capture())")
        usleep(300_000)
        let after = ui.capture()
        let columns = Self.borderColumns(after)
        // Rows of panes keep their borders exactly where they were (the status and hint rows have none).
        for (y, (was, now)) in zip(reference, columns).enumerated() where !was.isEmpty {
            #expect(was == now, "row \(y): borders at \(now), expected \(was)\n\(after)")
        }
        for (y, w) in Self.rowWidths(after).enumerated() {
            #expect(w <= width, "row \(y) overflows: \(w) columns\n\(after)")
        }

        // Rows change: the emoji incidents are acknowledged and closed away by another operator, so other titles
        // move into their rows. A full repaint (Ctrl-L) must then show exactly what is on screen already.
        let ops = OperatorActions(store: store, actor: "lina")
        let ids = try store.read { c in
            try IncidentRepository.list(c, ListFilter(statuses: ["new"], limit: 100), order: .attention)
        }.filter { $0.sourceRef?.hasPrefix("emoji-") == true }.map(\.id)
        #expect(ids.count == 4)
        for id in ids {
            try ops.acknowledge(incident: id)
            try ops.resolve(incident: id)
            try ops.close(incident: id)
        }
        // (The incident pane is the focused one, framed by `┃`; the hotline and alert panes keep their emoji rows.)
        #expect(ui.waitFor(timeout: 10) { screen in
            !screen.split(separator: "\n").contains { $0.hasPrefix("┃") && $0.contains("消防车到场") }
        }, "\(ui.capture())")
        usleep(500_000)
        func body(_ s: String) -> [Substring] { Array(s.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)) }
        var settled = ui.capture()
        var repainted = settled
        for _ in 0..<3 {              // a live row (an age, a countdown) may tick between the two captures
            settled = ui.capture()
            ui.send("C-l")
            usleep(400_000)
            repainted = ui.capture()
            if body(settled) == body(repainted) { break }
        }
        #expect(body(settled) == body(repainted), "stale cells before the repaint:\n\(settled)\n--- after Ctrl-L:\n\(repainted)")
        for (y, (was, now)) in zip(reference, Self.borderColumns(repainted)).enumerated() where !was.isEmpty {
            #expect(was == now, "row \(y) after the rows changed\n\(repainted)")
        }
    }
}
