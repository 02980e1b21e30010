import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The public-opinion view in the real UI over the demo's sample posts, in tmux: beside the alerts at 160×48, a tab
/// at 80×24, the posts of a topic on Enter, and assessing one by key.
@Suite(.serialized) struct OpinionTmuxTests {
    @Test func opinionViewOverTheSamplePosts() throws {
        let tmux = try TmuxSession.demo("opinion", width: 160, height: 48, lang: "zh")
        defer { tmux.kill() }
        // Beside the alerts, with topics as the sample posts arrive.
        #expect(tmux.waitFor(timeout: 30) { $0.contains("5 网络舆情") && $0.contains("4 安全告警") && $0.contains("新发现") },
                "\(tmux.capture())")
        tmux.send("5")
        tmux.send("Enter")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("帖子（最新在前，链接只显示不打开）") }, "\(tmux.capture())")
        let detail = tmux.capture()
        #expect(detail.contains("热度") && detail.contains("平台"), "\(detail)")
        tmux.send("a")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("已研判") }, "\(tmux.capture())")
        tmux.send("Escape")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("研判中") }, "\(tmux.capture())")
        // Every row keeps its borders in their columns (posts carry emoji).
        let off = TmuxSession.rowsOffWidth(tmux.capture(), width: 160, rows: 46)
        #expect(off.isEmpty, "\(off)")
    }

    @Test func aTabAt80x24InEnglish() throws {
        let tmux = try TmuxSession.demo("opinion-80", width: 80, height: 24, lang: "en")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 30) { $0.contains("5 Opinion") }, "\(tmux.capture())")
        tmux.send("5")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("▶5 Opinion") && $0.contains("5 Public opinion") && $0.contains("Heat") }, "\(tmux.capture())")
    }
}
