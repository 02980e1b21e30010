import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// Column widths by content priority, per pane and per language: at 80 columns the grid column shows the grid's
/// own name (`第1网格`, never `…第1网格`), lower-priority columns (category, ticket, asset, first seen) give way
/// first; on wide screens every column shows. Goldens of the dashboard at 80×24 and 160×48 in zh and en (the
/// 80×24 en and 160×48 zh ones are in UISnapshotTests).
@Suite struct PaneColumnPriorityTests {
    @Test(arguments: [(80, 24, Language.zh), (160, 48, .en)])
    func dashboardGolden(width: Int, height: Int, language: Language) throws {
        let (_, backend) = try UIFixture.runtime(try UIFixture.store(), width: width, height: height, language: language)
        UIGolden.assertMatches(UIGolden.snapshot(backend.screen), named: "dashboard-\(width)x\(height)-\(language.rawValue)")
    }

    /// Every pane at 80×24 (tabs), both languages: the grid's own name whole wherever a grid column shows.
    @Test(arguments: [Language.zh, .en])
    func gridColumnKeepsTheGridsOwnNameAt80(language: Language) throws {
        let (rt, backend) = try UIFixture.runtime(try UIFixture.store(), width: 80, height: 24, language: language)
        let incidents = UIFixture.screenText(backend)
        #expect(incidents.contains("第3网格") && incidents.contains("第1网格"), "\(incidents)")
        #expect(!incidents.contains("…1网格") && !incidents.contains("…3网格") && !incidents.contains(" …第"), "\(incidents)")
        let header = backend.screen.dump()[2]
        #expect(header.contains(language.pick("状态", "Status")) && header.contains(language.pick("时长", "Age")), "\(header)")
        // The title keeps room to read: the first title shows whole at 80 columns.
        #expect(incidents.contains("石门水库大坝出现渗漏险情"), "\(incidents)")
        UIFixture.press(rt, .char("3"))
        let hotline = backend.screen.dump()
        #expect(hotline.joined().contains(language.pick("诉求", "Summary")))
        #expect(!hotline.joined().contains("…1网格"), "\(hotline.joined(separator: "\n"))")
    }

    /// Lower priorities give way first: the incident pane drops the acked-by column before the category, the
    /// category before the grid, and the grid only after the age; the title is never dropped.
    @Test func incidentColumnsGiveWayInPriorityOrder() throws {
        var model = try Self.model(language: .en)
        var seen: [[String]] = []
        for width in stride(from: 130, through: 30, by: -4) {
            let (columns, _) = model.table(for: try Self.incidentSnapshot(), width: width)
            seen.append(columns.map(\.title))
            #expect(columns.contains { $0.title.hasPrefix("Title") }, "the title stays at \(width)")
        }
        let order = ["Acked by", "Category", "Age", "Grid", "Status"]
        var dropped: [String] = []
        for titles in seen {
            for name in order where !titles.contains(name) && !dropped.contains(name) { dropped.append(name) }
        }
        #expect(dropped == Array(order.prefix(dropped.count)), "dropped in order: \(dropped)")
        #expect(dropped.count >= 3)
        model = try Self.model(language: .zh)
        for width in [44, 60, 78] {
            let (columns, rows) = model.table(for: try Self.incidentSnapshot(), width: width)
            let grid = try #require(columns.firstIndex { $0.title == "网格" }, "a grid column at \(width)")
            for row in rows {
                let cell = row.cells[grid].map(\.text).joined()
                #expect(!cell.hasPrefix("…") && (cell.hasSuffix("第1网格") || cell.hasSuffix("第3网格")),
                        "\(cell) at \(width): the grid's own name whole")
                guard case .fixed(let room) = columns[grid].width else { Issue.record("planned widths are fixed"); continue }
                #expect(DisplayWidth.of(cell) <= room, "\(cell) fits at \(width)")
            }
        }
    }

    static func model(language: Language) throws -> Model {
        var m = Model(config: UIConfig(operatorLogin: "wangwei"), language: language, theme: .builtin,
                      size: Size(width: 160, height: 48), now: UIFixture.now)
        _ = m.update(.gridNamesLoaded(["990102001001": "北街社区", "990102001001001": "北街社区第1网格",
                                       "990102003002": "温泉村", "990102003002003": "温泉村第3网格"]))
        return m
    }

    static func incidentSnapshot() throws -> PaneSnapshot {
        let store = try UIFixture.store("columns")
        let items = try store.withConnection { try IncidentRepository.list($0, ListFilter(limit: 10), order: .attention) }
        return .incidents(items, offset: 0, total: items.count)
    }
}
