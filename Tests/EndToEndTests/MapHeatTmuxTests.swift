import Foundation
import Testing
import WatchfloorCore

/// The map's opinion-heat shading in the real UI over the demo's sample data, in tmux: `o` on the map switches
/// the title and legend to opinion heat and back, in zh at 160×48 and in en at 80×24 (where the legend is short).
@Suite(.serialized) struct MapHeatTmuxTests {
    @Test func oShadesTheMapByOpinionHeatAndBack() throws {
        let tmux = try TmuxSession.demo("map-heat", width: 160, height: 48, lang: "zh")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 30) { $0.contains("网格地图 云岭县") && $0.contains("负荷(相对)") }, "\(tmux.capture())")
        tmux.send("2")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("o 舆情热度") }, "\(tmux.capture())")
        tmux.send("o")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("网格地图·舆情热度 云岭县") && $0.contains("舆情热度(相对)") },
                "\(tmux.capture())")
        // As the demo replays the sample posts, topics located in townships arrive on the bus and reshade the map:
        // the county's heat is said in words with its band, and the hottest township fills the top band.
        #expect(tmux.waitFor(timeout: 60) { $0.contains("（第4/4档）") && $0.contains("⣿⣿") && $0.contains("热度=区域内在办话题的最高热度") },
                "\(tmux.capture())")
        var screen = tmux.capture()
        // Another view and back: still heat.
        tmux.send("1")
        tmux.send("2")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("网格地图·舆情热度 云岭县") }, "\(tmux.capture())")
        tmux.send("o")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("网格地图 云岭县") && $0.contains("负荷(相对)") }, "\(tmux.capture())")
        screen = tmux.capture()
        #expect(!screen.contains("舆情热度(相对)"), "\(screen)")
        #expect(TmuxSession.rowsOffWidth(screen, width: 160, rows: 46).isEmpty, "every row keeps its borders in their columns")
    }

    @Test func inEnglishAt80x24() throws {
        let tmux = try TmuxSession.demo("map-heat-80", width: 80, height: 24, lang: "en")
        defer { tmux.kill() }
        #expect(tmux.waitFor(timeout: 30) { $0.contains("2 Grids") }, "\(tmux.capture())")
        tmux.send("2")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("Grid map 云岭县") && $0.contains("o opinion heat") }, "\(tmux.capture())")
        tmux.send("o")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("Grid map · opinion heat") && $0.contains("Heat ") }, "\(tmux.capture())")
    }
}
