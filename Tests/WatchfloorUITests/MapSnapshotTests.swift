import Foundation
import Testing
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal
@testable import WatchfloorUI

/// Golden dumps of the whole pane (glyphs + role layer) plus the facts about them that must hold whatever the
/// exact glyphs: names on the map, the legend, the breadcrumb, the shading and the highlight.
@Suite struct MapSnapshotTests {
    typealias F = MapFixtures

    @Test func countyTownships80x24() throws {
        let p = try F.countyPane()
        let buffer = MapGolden.render(p, width: 80, height: 24)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "云岭县, townships, no selection"), named: "county-80x24")
        let text = buffer.dump().joined(separator: "\n")
        for name in ["城关镇", "青石镇", "龙泉镇", "河口乡", "白沙乡"] { #expect(text.contains(name), "label \(name)") }
        #expect(buffer.dump()[0].contains("网格地图 云岭县"))
        #expect(buffer.dump()[0].contains("负荷分 21（第4/4档）"), "the county's score: 12 + 6 + 2.5 + 0.5")
        // Relative shading: the legend gives each band's score range among the townships shown.
        #expect(buffer.dump()[22].contains("负荷(相对) 0 ⠂⠂0.5–2.5 ⠅⠅2.5–6 ⠭⠭6–12 ⣿⣿12"))
        // Each township is shaded by its own bucket: 城关镇 4, 青石镇 3, 龙泉镇 2, 河口乡 1, 白沙乡 0.
        let (level, frame) = p.frame(width: 78, height: 21)
        let roles = buffer.dumpStyles { MapGolden.theme.roleCode(of: $0) }
        for (id, role) in [(F.chengguan, "E"), (F.qingshi, "D"), (F.longquan, "C"), (F.hekou, "B"), (F.baisha, "A")] {
            let index = level.indexByID[id]!
            let fill = frame.raster.cells.indices.filter {
                frame.raster.cells[$0].region == index && !frame.raster.cells[$0].isBorder
            }
            let codes = Set(fill.map { i -> Character in
                let row = Array(roles[1 + i / 78])
                return row[1 + i % 78]
            })
            #expect(codes.subtracting(["H"]) == [Character(role)], "\(id) fill roles \(codes)")
        }
        #expect(MapGolden.count(.mapBorder, in: buffer) > 100)
        #expect(MapGolden.count(.mapSelected, in: buffer) == 0)
    }

    @Test func countyVillagesWithSelection120x40() throws {
        let p = try F.countyPane()
        p.select(gridID: "990102001002")
        let buffer = MapGolden.render(p, width: 120, height: 40)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "城关镇's villages, 东街社区 selected"),
                                named: "county-villages-120x40")
        let lines = buffer.dump()
        #expect(lines[0].contains("网格地图 云岭县 › 城关镇 › 东街社区"))
        #expect(lines[0].contains("负荷分 8（第4/4档）"))
        let text = lines.joined(separator: "\n")
        for name in ["北街社区", "东街社区", "南街社区"] { #expect(text.contains(name), "label \(name)") }
        #expect(!text.contains("城关镇北街社区"), "labels drop the parent's name")
        let selected = MapGolden.count(.mapSelected, in: buffer)
        #expect(selected > 100, "the selected village is highlighted (\(selected) cells)")
    }

    @Test func countyGridsInEnglish120x40() throws {
        let p = try F.countyPane()
        p.select(gridID: "990102001002001")
        let buffer = MapGolden.render(p, width: 120, height: 40, language: .en, focused: false)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "东街社区's grids, grid 1 selected, English, unfocused"),
                                named: "county-grids-en-120x40")
        let lines = buffer.dump()
        #expect(lines[0].hasPrefix("┌ Grid map 云岭县 › 城关镇 › 东街社区 › 第1网格 "))
        #expect(lines[0].contains("load score 8 (band 4 of 4)"), "the score said in words, with its band")
        #expect(lines[38].contains("Load (relative) 0 ⣿⣿8  score=I×8+II×4+III×2+IV×1+overdue×3"))
        let text = lines.joined(separator: "\n")
        for name in ["第1网格", "第2网格", "第3网格"] { #expect(text.contains(name), "label \(name)") }
    }

    @Test func aNarrowMapSaysTheScoreInShortRatherThanCutOff() throws {
        let p = try F.countyPane()
        p.select(gridID: "990102001002001")
        for (language, short) in [(Language.en, "load 8·4/4"), (.zh, "负荷 8·4/4档")] {
            let top = MapGolden.render(p, width: 40, height: 16, language: language, focused: true).dump()[0]
            #expect(top.contains(short), "\(top)")
        }
    }

    @Test func taiwanCountiesWithChineseNames() throws {
        let regions = try F.corpusRegions("taiwan", nameProperty: "name_traditional_chinese")
        #expect(regions.count == 22)
        let p = MapPane(regions: regions)
        #expect(p.visibleRegionIDs.count == 22, "22 roots: the top level shows them all")
        let buffer = MapGolden.render(p, width: 100, height: 40)
        MapGolden.assertMatches(MapGolden.snapshot(buffer, title: "Taiwan, 22 counties (corpus)"), named: "taiwan-100x40")
        let text = buffer.dump().joined(separator: "\n")
        let names = ["新北市", "宜蘭縣", "苗栗縣", "台中市", "南投縣", "花蓮縣", "台南市", "高雄市", "台東縣", "屏東縣"]
        // Labels never cover a boundary, so small counties show their name's stem (苗栗 for 苗栗縣).
        let shown = names.filter { text.contains(String($0.prefix(2))) }
        #expect(shown.count >= 7, "labels on the island: \(shown)")
        #expect(buffer.dump()[0].contains("网格地图 全部"))
    }

    /// With `NO_COLOR` the shading still reads (fill glyphs grow denser with the bucket) and the selection keeps
    /// reverse video.
    @Test func withoutColourTheSelectionAndTheScaleStayVisible() throws {
        let p = try F.countyPane()
        p.select(gridID: F.qingshi)
        let theme = Theme.builtin.adapted(to: .none)
        let buffer = MapGolden.render(p, width: 80, height: 24, theme: theme)
        #expect(buffer.cells.allSatisfy { $0.style.fg == .default && $0.style.bg == .default })
        let reversed = buffer.cells.filter { $0.style.attributes.contains(.reverse) }
        #expect(reversed.count > 50, "the selected township is in reverse video")
        let glyphs = Set(buffer.cells.map(\.grapheme))
        for fill in MapLoadScale.fillGlyphs.dropFirst() { #expect(glyphs.contains(String(fill)), "fill \(fill)") }
    }

    @Test func tooSmallPanesDrawWhatFitsWithoutCrashing() throws {
        let p = try F.countyPane()
        for (w, h) in [(0, 0), (1, 1), (2, 2), (3, 3), (5, 4), (12, 5), (30, 6)] {
            let b = MapGolden.render(p, width: w, height: h)
            #expect(b.dump().allSatisfy { DisplayWidth.of($0) == w })
        }
    }
}
