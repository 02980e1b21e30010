import Foundation
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorReports

/// A clock the fixture moves by hand, so every event time in the store is fixed.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Timestamp
    init(_ start: Timestamp) { value = start }
    var now: Timestamp {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}

/// `2026-11-21T20:00` → a timestamp in the county's zone (+08:00).
func local(_ text: String) -> Timestamp {
    guard let t = ISOTime.parse(text.count == 16 ? text + ":00+08:00" : text + "+08:00") else { fatalError("bad time \(text)") }
    return t
}

enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let golden = packageRoot.appendingPathComponent("Tests/WatchfloorReportsTests/Golden")

    /// The built `watchfloor` binary: beside the test bundle, else `.build/debug`.
    static var watchfloorBinary: String? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            // The bundle may be a directory (…/WatchfloorPackageTests.xctest/Contents/MacOS/…) or a file.
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("watchfloor"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("watchfloor"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/watchfloor"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
    }
}

/// A small, fully fixed store around the night shift 2026-11-21-night (2026-11-21 20:00 → 2026-11-22 08:00, +08:00):
/// incidents in every situation (before, inside and after the window; open, resolved; escalated by the timer and by
/// hand), hotline cases overdue, due next shift and due later, alert bursts inside and outside the window, notes,
/// and hostile text written straight into the rows (bypassing the store's own sanitising).
struct Fixture {
    static let shiftID = "2026-11-21-night"
    static let hostile = "\u{1B}]0;pwned\u{07}疑似食物中毒\u{1B}[2J\u{1B}[31m红色\u{9B}1m"

    let dir: String
    let store: Store
    private let scratch: ScratchLocation
    let settings: WatchfloorSettings
    let configPath: String
    let clock: ManualClock

    var dbPath: String { store.path }

    static let toml = """
        utc_offset = "+08:00"

        [operators]
        wangwei = "王伟"
        lina = "李娜"
        zhangmin = "张敏"
        liuyang = "刘洋"
        chenjing = "陈静"

        [[shifts.shift]]
        name = "day"
        start = "08:00"
        zh = "白班"
        en = "Day shift"

        [[shifts.shift]]
        name = "night"
        start = "20:00"
        zh = "夜班"
        en = "Night shift"

        [shifts.roster]
        day = ["wangwei", "lina"]
        night = ["liuyang", "chenjing"]
        "2026-11-21-night" = ["liuyang", "zhangmin"]
        """

    init(engine: StoreEngine = .sqlite) throws {
        dir = NSTemporaryDirectory() + "watchfloor-reports-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        configPath = dir + "/watchfloor.toml"
        try Fixture.toml.write(toFile: configPath, atomically: true, encoding: .utf8)
        settings = try WatchfloorSettings.load(path: configPath)
        scratch = try ScratchLocation(engine: engine, file: dir + "/watchfloor.db")
        store = try Store(path: scratch.location, sla: settings.slaClock)
        let clock = ManualClock(local("2026-11-20T09:00"))
        self.clock = clock
        store.clock = { clock.now }
        try populate()
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    func at(_ time: String) { clock.now = local(time) }

    private func populate() throws {
        let ingest = IngestWriter(store: store)
        let liuyang = OperatorActions(store: store, actor: "liuyang")
        let zhangmin = OperatorActions(store: store, actor: "zhangmin")
        let wangwei = OperatorActions(store: store, actor: "wangwei")

        func incident(_ id: String, _ cat: IncidentCategory, _ level: Level, _ title: String, _ reported: String,
                      status: IncidentStatus = .new, ackedBy: String? = nil, acked: String? = nil, resolved: String? = nil,
                      assignee: String? = nil, location: String? = nil) -> IngestRecord {
            .incident(Incident(id: id, source: "110联动", sourceRef: "ref-\(id)", category: cat, level: level, title: title,
                               gridID: "990102001003002", location: location, status: status, reportedAt: local(reported),
                               ackedAt: acked.map(local), ackedBy: ackedBy, assignee: assignee,
                               dispatchedAt: assignee == nil ? nil : acked.map(local), resolvedAt: resolved.map(local)))
        }

        // Before the window: an old cyber incident (resolved inside the window) and an open Ⅱ nobody acknowledged.
        at("2026-11-20T10:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261120-0009", .cyberSecurity, .two, "县政务服务网遭受持续扫描", "2026-11-20T10:00",
                     status: .dispatched, ackedBy: "wangwei", acked: "2026-11-20T10:12", assignee: "县网信办"),
        ]))
        at("2026-11-21T18:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261121-0001", .publicSafety, .two, "城关镇南街社区发生群体性聚集", "2026-11-21T18:00",
                     location: "城关镇南街社区广场"),
        ]))
        at("2026-11-21T19:00")
        try wangwei.addNote(kind: "incident", id: "INC-20261121-0001", text: "已电话联系报警人，派出所民警在途。")
        try ingest.write(IngestBatch(source: "fixture", records: alerts(2001219, "ET SCAN Potential SSH Scan", .three,
                                                                       src: "192.0.2.238", dest: "10.99.10.11:22", asset: "县政务服务网", count: 7)))
        // Hotline cases (deadlines fixed below).
        try ingest.write(IngestBatch(source: "fixture", records: [
            .hotline(HotlineCase(ticket: "20261120000011", receivedAt: local("2026-11-20T10:00"), phone: "13812341234",
                                 type: .complaint, summary: "小区夜间施工噪音扰民，多次反映未解决", gridID: "990102001003002",
                                 department: "县住建局", status: .transferred, transferredAt: local("2026-11-20T15:00"))),
            .hotline(HotlineCase(ticket: "20261121000022", receivedAt: local("2026-11-21T16:30"), channel: .wechat,
                                 phone: "0871-6512345", type: .help, summary: "独居老人家中断水，请求帮助",
                                 status: .accepted, acceptedAt: local("2026-11-21T16:40"))),
            .hotline(HotlineCase(ticket: "20261121000033", receivedAt: local("2026-11-21T17:00"), channel: .web,
                                 type: .inquiry, summary: "咨询医保异地备案流程")),
            .hotline(HotlineCase(ticket: "20261119000044", receivedAt: local("2026-11-19T09:00"), phone: "13900001111",
                                 type: .praise, summary: "感谢社区工作人员", status: .closed, closedAt: local("2026-11-20T09:00"))),
        ]))

        // Inside the window.
        at("2026-11-21T21:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261121-0002", .naturalDisaster, .one, "白沙乡河口村发生泥石流，冲毁村道", "2026-11-21T21:00",
                     location: "白沙乡河口村"),
        ] + alerts(2024364, "ET SCAN Possible Nmap User-Agent Observed", .two, src: "203.0.113.45",
                   dest: "10.99.10.11:443", asset: "县政务服务网", count: 5)
          + alerts(2001219, "ET SCAN Potential SSH Scan", .three, src: "192.0.2.238", dest: "10.99.10.11:22",
                   asset: "县政务服务网", count: 3)))
        at("2026-11-21T21:00:30")
        try zhangmin.resolve(incident: "INC-20261120-0009", note: "已封禁来源地址，扫描停止。")
        at("2026-11-21T21:04")
        try liuyang.acknowledge(incident: "INC-20261121-0002")
        at("2026-11-21T21:20")
        try liuyang.assign(incident: "INC-20261121-0002", to: "县应急管理局", note: "已通知应急局、白沙乡政府赶赴现场")

        at("2026-11-21T22:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261121-0003", .productionSafety, .three, "龙泉镇一砖厂发生机械伤人", "2026-11-21T22:00"),
        ]))
        at("2026-11-21T22:05")
        try zhangmin.acknowledge(incident: "INC-20261121-0003")
        at("2026-11-21T22:10")
        try zhangmin.assign(incident: "INC-20261121-0003", to: "县应急管理局")
        at("2026-11-21T23:30")
        try zhangmin.resolve(incident: "INC-20261121-0003", note: "伤者已送医，企业停产整改。")

        at("2026-11-21T23:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261121-0004", .dispute, .four, "河口乡两户村民因宅基地边界发生争执", "2026-11-21T23:00"),
        ]))
        try Escalator(store: store).run(now: local("2026-11-21T23:31"))
        at("2026-11-21T23:40")
        try liuyang.acknowledge(incident: "INC-20261121-0004")
        at("2026-11-21T23:45")
        try liuyang.escalate(incident: "INC-20261121-0004", reason: "双方持械，升级处置")

        at("2026-11-22T01:00")
        try ingest.write(IngestBatch(source: "fixture", records:
            alerts(2024364, "ET SCAN Possible Nmap User-Agent Observed", .two, src: "203.0.113.45", dest: "10.99.10.11:443",
                   asset: "县政务服务网", count: 4)
            + alerts(2100498, "GPL ATTACK_RESPONSE id check returned root", .two, src: "198.51.100.7", dest: "10.99.20.5:80",
                     asset: nil, count: 2)))
        at("2026-11-22T01:30")
        let nmap = try store.withConnection { try AlertRepository.list($0, ListFilter(text: "Nmap")) }.first!
        try zhangmin.acknowledge(alert: nmap.id)

        at("2026-11-22T02:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261122-0001", .publicHealth, .two, "placeholder", "2026-11-22T02:00", location: "龙泉镇中心小学"),
        ]))
        at("2026-11-22T03:00")
        try liuyang.addNote(kind: "shift", id: Fixture.shiftID, text: "夜间雨势加大，已提醒各乡镇值班人员加强巡查。\n白沙乡河口村泥石流现场持续监测。")

        // After the window.
        at("2026-11-22T09:00")
        try ingest.write(IngestBatch(source: "fixture", records: [
            incident("INC-20261122-0002", .other, .three, "交接班后上报的事件", "2026-11-22T09:00"),
        ]))

        // Hostile text straight into the rows (as if an older writer had not sanitised), and fixed deadlines.
        try store.write { c in
            try c.run("UPDATE incidents SET title=? WHERE id='INC-20261122-0001'", [.text(Fixture.hostile)])
            try c.run("UPDATE hotline_cases SET summary=? WHERE ticket='20261121000022'", [.text("独居老人家中断水 " + Fixture.hostile)])
            try c.run("UPDATE alerts SET signature=? WHERE signature_id=2100498", [.text("GPL ATTACK_RESPONSE " + Fixture.hostile)])
            try c.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (?,?,?,?,?)",
                      [.int(local("2026-11-22T04:00").milliseconds), .text("incident"), .text("INC-20261122-0001"),
                       .text("liuyang"), .text("学校已停课 " + Fixture.hostile)])
            for (ticket, due) in [("20261120000011", "2026-11-21T17:00"), ("20261121000022", "2026-11-22T12:00"),
                                  ("20261121000033", "2026-11-23T10:00")] {
                try c.run("UPDATE hotline_cases SET stage_due_at=? WHERE ticket=?", [.int(local(due).milliseconds), .text(ticket)])
            }
        }
        at("2026-11-22T09:30")
    }

    /// `count` observations of one alert (they fold into one row and one bus event with `delta = count`).
    private func alerts(_ sid: Int, _ sig: String, _ level: Level, src: String, dest: String, asset: String?, count: Int) -> [IngestRecord] {
        (0..<count).map { i in
            .alert(AlertObservation(at: clock.now.adding(seconds: Int64(i)), sensor: "ids-dmz-01", signatureID: sid,
                                    signature: sig, category: "Attempted Information Leak", level: level, src: src,
                                    dest: dest, proto: "TCP", asset: asset))
        }
    }
}
