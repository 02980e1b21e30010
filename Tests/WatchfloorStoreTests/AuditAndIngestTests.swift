import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

@Suite struct AuditChainTests {
    func storeWithActions() throws -> TempStore {
        let t = try TempStore()
        let ids = try t.seed([.incident(t.incident()), .incident(t.incident())]).incidentIDs
        let ops = OperatorActions(store: t.store, actor: "wangwei")
        for id in ids { try ops.acknowledge(incident: id); try ops.resolve(incident: id) }
        return t
    }

    @Test func intactChainVerifies() throws {
        let t = try storeWithActions()
        let r = try t.store.withConnection { try AuditChain.verify($0) }
        #expect(r.ok && r.checked == 4)
    }

    @Test func editedRowIsNamed() throws {
        let t = try storeWithActions()
        let victim = try t.store.withConnection { try $0.scalarInt("SELECT seq FROM events WHERE hash IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 1") }!
        try t.store.withConnection { try $0.run("UPDATE events SET actor='lina' WHERE seq=?", [.int(victim)]) }
        let r = try t.store.withConnection { try AuditChain.verify($0) }
        #expect(r.firstBroken?.seq == victim)
        #expect(r.firstBroken?.reason.contains("edited") == true)
    }

    @Test func deletedRowIsNamed() throws {
        let t = try storeWithActions()
        let seqs = try t.store.withConnection { try $0.query("SELECT seq FROM events WHERE hash IS NOT NULL ORDER BY seq") { $0.int64(0) } }
        try t.store.withConnection { try $0.run("DELETE FROM events WHERE seq=?", [.int(seqs[1])]) }
        let r = try t.store.withConnection { try AuditChain.verify($0) }
        #expect(r.firstBroken?.seq == seqs[2])
        #expect(r.firstBroken?.reason.contains("removed") == true)
    }
}

@Suite struct IngestWriterTests {
    func obs(_ t: TempStore, src: String = "203.0.113.7", seconds: Int64 = 0, level: Level = .three) -> AlertObservation {
        AlertObservation(at: t.now.adding(seconds: seconds), sensor: "ids-dmz-01", signatureID: 2_019_401,
                         signature: "ET WEB_SERVER SQL Injection", level: level, src: src, dest: "10.99.1.20:443",
                         asset: "县政务服务网", raw: "{\"x\":1}")
    }

    @Test(arguments: StoreEngine.allCases) func alertsAggregateByDedupKeyWithinAndAcrossBatches(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let out = try t.seed((0..<50).map { .alert(obs(t, seconds: $0)) } + [.alert(obs(t, src: "198.51.100.9"))])
        #expect(out.alertObservations == 51 && out.created["alert"] == 2)
        #expect(out.events == 2)   // one bus event per aggregate, not per observation
        try t.seed([.alert(obs(t, seconds: 100, level: .two))])
        let alerts = try t.store.withConnection { try AlertRepository.list($0, ListFilter()) }
        let big = alerts.first { $0.src == "203.0.113.7" }!
        #expect(big.count == 51)
        #expect(big.firstSeen == t.now && big.lastSeen == t.now.adding(seconds: 100))
        #expect(big.level == .two)
        // The sample is read with the one alert, not with lists.
        #expect(big.sample == nil)
        #expect(try t.store.withConnection { try AlertRepository.get($0, id: big.id) }?.sample == "{\"x\":1}")
    }

    @Test(arguments: StoreEngine.allCases) func resentRecordsUpdateNeverDuplicate(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var i = t.incident()
        i.sourceRef = "110-778"
        try t.seed([.incident(i)])
        i.title = "城关镇东街路口两车追尾（已清障）"
        let out = try t.seed([.incident(i)])
        #expect(out.updated["incident"] == 1 && out.created["incident"] == nil)
        let h = HotlineCase(ticket: "12345-9", receivedAt: t.now, type: .help, summary: "老人走失求助")
        try t.seed([.hotline(h), .hotline(h)])
        let counts = try t.store.withConnection { c in
            (try IncidentRepository.count(c, ListFilter()), try HotlineRepository.count(c, ListFilter()))
        }
        #expect(counts.0 == 1 && counts.1 == 1)
    }

    @Test(arguments: StoreEngine.allCases) func capUpdateAndCancel(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var warn = Incident(id: "", source: "cap", sourceRef: "cap-1", category: .naturalDisaster, level: .three,
                            title: "暴雨黄色预警", reportedAt: t.now)
        try t.seed([.incident(warn)])
        warn.sourceRef = "cap-2"; warn.title = "暴雨橙色预警"; warn.level = .two
        try t.seed([.incident(warn, supersedes: ["cap-1"])])
        var all = try t.store.withConnection { try IncidentRepository.list($0, ListFilter()) }
        #expect(all.count == 1 && all[0].title == "暴雨橙色预警" && all[0].sourceRef == "cap-2")
        try t.seed([.incidentCancel(source: "cap", sourceRefs: ["cap-2"], at: t.now, reason: "预警解除")])
        all = try t.store.withConnection { try IncidentRepository.list($0, ListFilter()) }
        #expect(all[0].status == .closed)
    }

    @Test(arguments: StoreEngine.allCases) func rejectionsBecomeDeadLettersAndTheRestLands(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let w = IngestWriter(store: t.store)
        let out = try w.write(IngestBatch(source: "feed.jsonl", records: [.incident(t.incident())],
                                          rejections: [Rejection(position: "line 2", reason: "missing field 'level'", raw: Array("{}".utf8))],
                                          checkpoints: [Checkpoint(source: "tail", path: "/var/feed.jsonl", inode: 42, offset: 120)]))
        #expect(out.deadLetters == 1 && out.created["incident"] == 1)
        let dl = try t.store.withConnection { try DeadLetterRepository.list($0) }
        #expect(dl.first?.reason == "missing field 'level'" && dl.first?.position == "line 2" && dl.first?.raw == Array("{}".utf8))
        #expect(try w.checkpoint(source: "tail", path: "/var/feed.jsonl") == Checkpoint(source: "tail", path: "/var/feed.jsonl", inode: 42, offset: 120))
    }

    @Test(arguments: StoreEngine.allCases) func hostileFeedTextIsSanitisedAtTheDoor(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incident(t.incident(title: "\u{1B}[2J\u{1B}]0;owned\u{07}网传\u{202E}谣言"))])
        let i = try t.store.withConnection { try IncidentRepository.list($0, ListFilter()) }[0]
        #expect(i.title == "网传谣言")
    }

    @Test(arguments: StoreEngine.allCases) func correlatedIncidentLinksAlerts(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed((0..<5).map { .alert(obs(t, src: "203.0.113.\($0)")) })
        let inc = Incident(id: "", source: "correlator", sourceRef: "burst:县政务服务网:1", category: .cyberSecurity, level: .two,
                           title: "县政务服务网 10分钟内高危告警激增", reportedAt: t.now)
        let out = try IngestWriter(store: t.store).write(IngestBatch(source: "correlator", correlated: [CorrelatedIncident(incident: inc, asset: "县政务服务网", since: t.now)]))
        let linked = try t.store.withConnection { try AlertRepository.list($0, ListFilter()) }.filter { $0.incidentID == out.incidentIDs.first }
        #expect(linked.count == 5)
    }
}

@Suite struct BusWatcherTests {
    @Test(arguments: BusWatcher.WakeMode.allCases)
    func deliversCommitsFromAnotherConnectionInOrder(mode: BusWatcher.WakeMode) async throws {
        let t = try TempStore()
        let watcher = BusWatcher(path: t.store.path, mode: mode, pollInterval: 0.005)
        let writer = try Store(path: t.store.path)
        let stream = watcher.events(after: 0)
        let ops = OperatorActions(store: writer, actor: "wangwei")
        for i in 0..<20 { try ops.addNote(kind: "shift", id: "shift", text: "巡查 \(i)") }
        var seen: [Int64] = []
        for await e in stream {
            seen.append(e.seq)
            if seen.count == 20 { break }
        }
        #expect(seen == Array(1...20))
    }
}
