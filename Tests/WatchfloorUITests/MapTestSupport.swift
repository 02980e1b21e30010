import Foundation
import Testing
import WatchfloorCore
import WatchfloorGeo
import WatchfloorTerminal
@testable import WatchfloorUI

/// Paths, sample data and golden files for the map pane's tests.
enum MapFixtures {
    /// Package root, found from this file so the tests run from any clone.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sampleCounty = packageRoot.appendingPathComponent("sampledata/county.jsonl")
    /// The vendored boundary files (Tests/Fixtures/corpus, with PROVENANCE.md): the clone is self-contained.
    static let corpus = packageRoot.appendingPathComponent("Tests/Fixtures/corpus/geojson/click_that_hood")
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MapGolden")

    /// The sample county's 69 grid records (county, 5 townships, 15 villages, 48 grids), geometry as GeoJSON text,
    /// read the way the ingest decoder would hand them to the store.
    static func countyGrids() throws -> [Grid] {
        let text = try String(contentsOf: sampleCounty, encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line -> Grid? in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["kind"] as? String == "grid", let id = object["id"] as? String, let name = object["name"] as? String
            else { return nil }
            let geometry = try object["geometry"].map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            return Grid(id: id, name: name, level: (object["level"] as? String).flatMap(GridLevel.init(rawValue:)),
                        parent: object["parent"] as? String, worker: object["worker"] as? String,
                        workerPhone: object["worker_phone"] as? String, households: object["households"] as? Int,
                        geometry: geometry)
        }
    }

    /// The sample county in a pane, shaded with `sampleLoads()`.
    static func countyPane() throws -> MapPane {
        let p = MapPane(grids: try countyGrids())
        p.update(loads: sampleLoads())
        return p
    }

    static func corpusRegions(_ name: String, nameProperty: String? = nil) throws -> [GeoRegion] {
        let url = corpus.appendingPathComponent("\(name).geojson")
        return try GeoJSONLoader.load(contentsOf: url, mapping: GeoFeatureMapping(nameProperty: nameProperty)).regions
    }

    /// The township codes of the sample county.
    static let chengguan = "990102001", qingshi = "990102002", longquan = "990102003", hekou = "990102004",
        baisha = "990102005"

    /// Loads that put the sample county's townships in every bucket: 城关镇 4 (a Ⅰ and a Ⅱ: 12), 青石镇 3 (6),
    /// 龙泉镇 2 (2.5), 河口乡 1 (0.5), 白沙乡 0; inside 城关镇 its grids differ too.
    static func sampleLoads() -> [String: GridLoad] {
        var own: [String: GridLoad] = [
            "990102001002001": GridLoad(openIncidents: [.one: 1]),
            "990102001001002": GridLoad(openIncidents: [.two: 1]),
            "990102002001001": GridLoad(openIncidents: [.three: 1], overdueHotline: 1, nearDueHotline: 1),
            "990102003002002": GridLoad(openIncidents: [.four: 1], nearDueHotline: 1, activeAlerts: 1),
            "990102004001003": GridLoad(activeAlerts: 1),
        ]
        for (id, load) in own {
            var p = GridCode.parent(of: id)
            while let code = p { own[code, default: .zero].add(load); p = GridCode.parent(of: code) }
        }
        return own
    }
}

/// Golden text dumps of the map: the glyph layer framed by `|` (so trailing spaces show; wide characters once),
/// then the style layer, one role code per column (`Theme.distinctForTesting`, legend in the file header).
enum MapGolden {
    static let theme = Theme.distinctForTesting

    static func snapshot(_ buffer: Buffer, title: String) -> String {
        let codes = buffer.dumpStyles { theme.roleCode(of: $0) }
        let used = Set(codes.joined())
        let legend = Theme.roleCodeLegend.split(separator: " ").filter { used.contains($0.first!) }.joined(separator: " ")
        var out = ["# \(title) — \(buffer.width)×\(buffer.height)", "## glyphs"]
        out += buffer.dump().map { "|\($0)|" }
        out.append("## roles: \(legend)")
        out += codes.map { "|\($0)|" }
        return out.joined(separator: "\n") + "\n"
    }

    static func render(_ pane: MapPane, width: Int, height: Int, language: Language = .zh, focused: Bool = true,
                       theme: Theme = theme) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        pane.render(into: &buffer, area: buffer.area, theme: theme, language: language, focused: focused)
        return buffer
    }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = MapFixtures.goldenDirectory.appendingPathComponent("\(name).txt")
        let record = ProcessInfo.processInfo.environment["WATCHFLOOR_RECORD"].map { !$0.isEmpty && $0 != "0" } ?? false
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if record || expected == nil {
            try? FileManager.default.createDirectory(at: MapFixtures.goldenDirectory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record("golden \(name).txt was missing; recorded it — look at it and re-run", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(actual == expected, "golden \(name).txt differs; if intended, re-record with WATCHFLOOR_RECORD=1",
                sourceLocation: sourceLocation)
    }

    /// Cells of `buffer` whose style is `role`'s.
    static func count(_ role: Role, in buffer: Buffer, theme: Theme = theme) -> Int {
        buffer.cells.filter { $0.style == theme[role] }.count
    }
}
