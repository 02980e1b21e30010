import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
import WatchfloorTerminal
@testable import WatchfloorUI

/// A small county in a temp store with fixed times and a fixed clock (2026-11-19 14:02 Beijing time), so screens
/// are byte-for-byte repeatable.
enum UIFixture {
    static let now = ISOTime.parse("2026-11-19T14:02:00+08:00")!
    static func ago(minutes: Int64) -> Timestamp { now.adding(seconds: -minutes * 60) }

    static func store(_ tag: String = "ui") throws -> Store {
        let dir = NSTemporaryDirectory() + "wf-uitest-\(tag)-" + UUID().uuidString
        let store = try Store(path: dir + "/w.db")
        store.clock = { now }
        var records: [IngestRecord] = [
            .grid(Grid(id: "990102", name: "云岭县")),
            .grid(Grid(id: "990102001", name: "城关镇")),
            .grid(Grid(id: "990102001001", name: "北街社区")),
            .grid(Grid(id: "990102001001001", name: "北街社区第1网格", worker: "孙娟", households: 412)),
            .grid(Grid(id: "990102003", name: "龙泉镇")),
            .grid(Grid(id: "990102003002", name: "温泉村")),
            .grid(Grid(id: "990102003002003", name: "温泉村第3网格", worker: "李强", households: 268)),
        ]
        records += [
            .incident(Incident(id: "", source: "110联动", sourceRef: "110-1", category: .naturalDisaster, level: .one,
                               title: "石门水库大坝出现渗漏险情", detail: "坝体下游坡脚渗水，水务局已派员巡查。",
                               gridID: "990102003002003", location: "龙泉镇温泉村石门水库", reporter: "网格员李强",
                               reportedAt: ago(minutes: 12))),
            .incident(Incident(id: "", source: "110联动", sourceRef: "110-2", category: .publicSafety, level: .two,
                               title: "城关镇人民路三车相撞致1死3伤", gridID: "990102001001001", reportedAt: ago(minutes: 65))),
            .incident(Incident(id: "", source: "卫健局", sourceRef: "WJ-3", category: .publicHealth, level: .three,
                               title: "温泉村一婚宴发生疑似食物中毒十余人就医", gridID: "990102003002003",
                               status: .acknowledged, reportedAt: ago(minutes: 200), ackedAt: ago(minutes: 190),
                               ackedBy: "zhangmin")),
            .incident(Incident(id: "", source: "网格上报", sourceRef: "WG-4", category: .dispute, level: .four,
                               title: "北街社区小区业主与物业因停车收费产生矛盾", gridID: "990102001001001",
                               status: .resolved, reportedAt: ago(minutes: 400), ackedAt: ago(minutes: 390),
                               ackedBy: "lina", assignee: "县住建局", dispatchedAt: ago(minutes: 380),
                               resolvedAt: ago(minutes: 30))),
        ]
        records += [
            .hotline(HotlineCase(ticket: "12345-20261116-0007", receivedAt: ago(minutes: 3 * 24 * 60), phone: "13812345678",
                                 type: .complaint, summary: "北街社区夜间施工噪音扰民，凌晨两点仍在作业",
                                 gridID: "990102001001001")),
            .hotline(HotlineCase(ticket: "12345-20261118-0031", receivedAt: ago(minutes: 18 * 60), phone: "15900001111",
                                 type: .help, summary: "温泉村从早上开始停水，老人做饭困难", gridID: "990102003002003")),
            .hotline(HotlineCase(ticket: "12345-20261119-0042", receivedAt: ago(minutes: 60), phone: "0871-66123456",
                                 type: .inquiry, summary: "耕地地力保护补贴什么时候发放", gridID: "990102003002003")),
        ]
        for i in 0..<5 {
            records.append(.alert(AlertObservation(at: ago(minutes: Int64(40 - i * 5)), sensor: "ids-dmz-01", signatureID: 2001219,
                                                   signature: "ET SCAN Potential SSH Scan", level: .three,
                                                   src: "192.0.2.238", dest: "10.99.10.11:22", asset: "县政务服务网",
                                                   gridID: "990102001001001")))
        }
        records.append(.alert(AlertObservation(at: ago(minutes: 3), sensor: "waf-portal-01", signatureID: 2024364,
                                               signature: "ET WEB_SERVER 疑似SQL注入尝试", level: .two,
                                               src: "203.0.113.155", dest: "10.99.10.12:443", asset: "县医院HIS系统",
                                               gridID: "990102003002003")))
        try IngestWriter(store: store).write(IngestBatch(source: "fixture", records: records))
        return store
    }

    /// A runtime on a TestBackend, loaded and rendered once. The bus is fed by hand (`deliverNewEvents`) unless
    /// `watchBus`.
    static func runtime(_ store: Store, width: Int = 160, height: Int = 48, language: Language = .zh,
                        operator login: String = "wangwei", theme: Theme = .builtin,
                        capability: ColorCapability = .truecolor, readOnly: Bool = false, keyMap: KeyMap = .watchfloorUI,
                        watchBus: Bool = false) throws -> (UIRuntime, TestBackend) {
        let backend = TestBackend(width: width, height: height, colorCapability: capability)
        let names = ["wangwei": "王伟", "lina": "李娜"]
        let config = UIConfig(operatorLogin: login, operatorDisplay: names[login].map { "\($0) (\(login))" },
                              readOnly: readOnly, sla: store.sla, operatorNames: names)
        let model = Model(config: config, language: language, theme: theme, colorCapability: capability,
                          keyMap: keyMap, size: Size(width: width, height: height), now: now)
        let runtime = UIRuntime(store: store, model: model, backend: backend)
        try runtime.start(watchBus: watchBus)
        runtime.render()
        return (runtime, backend)
    }

    /// Presses keys; actions they start run off the loop, so this waits for them and applies their outcomes.
    static func press(_ runtime: UIRuntime, _ keys: Key...) {
        for k in keys { runtime.send(.key(k)); runtime.finishActions() }
        runtime.render()
    }

    static func type(_ runtime: UIRuntime, _ text: String) {
        for c in text { runtime.send(.key(.char(c))) }
        runtime.render()
    }

    /// Hands the runtime every bus event after `seq`, as its watcher thread would, and applies them.
    static func deliverNewEvents(_ runtime: UIRuntime, after seq: Int64) throws {
        let events = try runtime.store.withConnection { try EventLog.events($0, after: seq) }
        runtime.deliver(events)
        runtime.settle()
        runtime.render()
    }

    static func latestSeq(_ store: Store) throws -> Int64 { try store.withConnection { try EventLog.latestSeq($0) } }

    static func screenText(_ backend: TestBackend) -> String { backend.screen.dump().joined(separator: "\n") }
}

/// Golden files for whole screens and panes under `Golden/` (`WATCHFLOOR_RECORD=1` re-records).
enum UIGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Rows framed by `|`; with `styles`, a second block gives each cell's role (`Theme.distinctForTesting` codes).
    static func snapshot(_ buffer: Buffer, styles: Bool = false) -> String { buffer.snapshotText(styles: styles) }

    /// Attributes only (for NO_COLOR): R reverse, B bold, b both, U underline, . none.
    static func attributes(_ buffer: Buffer) -> String {
        buffer.dumpStyles { s in
            let a = s.attributes
            if a.contains(.reverse) && a.contains(.bold) { return "b" }
            if a.contains(.reverse) { return "R" }
            if a.contains(.bold) { return "B" }
            if a.contains(.underline) { return "U" }
            return "."
        }.map { "|\($0)|" }.joined(separator: "\n") + "\n"
    }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent("\(name).txt")
        let record = ProcessInfo.processInfo.environment["WATCHFLOOR_RECORD"].map { !$0.isEmpty && $0 != "0" } ?? false
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if record || expected == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record("golden file \(name).txt was missing; recorded it — check it and re-run", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(actual == expected, "golden \(name).txt differs; if intended, re-record with WATCHFLOOR_RECORD=1",
                sourceLocation: sourceLocation)
    }
}
