import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

@Suite struct OperatorActionTests {
    @Test(arguments: StoreEngine.allCases) func acknowledgeRecordsActorAndAuditsIt(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        #expect(id == "INC-20261122-0001")
        let acked = try OperatorActions(store: t.store, actor: "wangwei").acknowledge(incident: id, note: "已通知城关派出所")
        #expect(acked.status == .acknowledged)
        #expect(acked.ackedBy == "wangwei")
        #expect(acked.version == 2)
        let timeline = try t.store.withConnection { try EventLog.timeline($0, kind: "incident", id: id) }
        #expect(timeline.map(\.topic) == ["incident.created", "incident.acknowledge"])
        #expect(timeline.last?.hash != nil)
        #expect(timeline.first?.hash == nil)
        let notes = try t.store.withConnection { try NoteRepository.forEntity($0, kind: "incident", id: id) }
        #expect(notes.map(\.text) == ["已通知城关派出所"])
    }

    @Test(arguments: StoreEngine.allCases) func secondAcknowledgerLearnsWhoWon(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        try OperatorActions(store: t.store, actor: "wangwei").acknowledge(incident: id)
        do {
            try OperatorActions(store: t.store, actor: "lina").acknowledge(incident: id)
            Issue.record("second acknowledgement should be refused")
        } catch let refused as ActionRefused {
            #expect(refused.lastActor == "wangwei")
            #expect(refused.message(.zh) == "已由 wangwei 于 14:00 确认")
            #expect(refused.message(.en) == "already acknowledged by wangwei at 14:00")
        }
        #expect(try IncidentRepository.get(t.store.withConnection { $0 }, id: id)?.ackedBy == "wangwei")
    }

    @Test(arguments: StoreEngine.allCases) func staleVersionIsRefusedAndNothingIsOverwritten(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        let ops = OperatorActions(store: t.store, actor: "wangwei")
        try ops.acknowledge(incident: id, expectedVersion: 1)
        #expect(throws: ActionRefused.self) { try OperatorActions(store: t.store, actor: "lina").assign(incident: id, to: "城关派出所", expectedVersion: 1) }
        let i = try t.store.withConnection { try IncidentRepository.get($0, id: id) }!
        #expect(i.assignee == nil && i.status == .acknowledged && i.version == 2)
    }

    @Test(arguments: StoreEngine.allCases) func fullIncidentLifecycleAndEscalation(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident(level: .four))]).incidentIDs[0]
        let ops = OperatorActions(store: t.store, actor: "zhangmin")
        #expect(try ops.escalate(incident: id, reason: "伤者增多").level == .three)
        try ops.acknowledge(incident: id)
        #expect(try ops.assign(incident: id, to: "县交警大队").status == .dispatched)
        try ops.resolve(incident: id)
        try ops.close(incident: id)
        #expect(try ops.reopen(incident: id).status == .acknowledged)
        #expect(throws: ActionRefused.self) { try ops.close(incident: id) }
        let report = try t.store.withConnection { try AuditChain.verify($0) }
        #expect(report.ok && report.checked == 6)
    }

    @Test(arguments: StoreEngine.allCases) func timerEscalatesUnacknowledgedIncidents(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let ids = try t.seed([.incident(t.incident(level: .two)), .incident(t.incident(level: .four))]).incidentIDs
        t.advance(seconds: 5 * 60 + 1)
        #expect(try Escalator(store: t.store).run(now: t.now) == [ids[0]])
        #expect(try Escalator(store: t.store).run(now: t.now) == [])   // not again until another allowance passes
        t.advance(seconds: 30 * 60)
        #expect(Set(try Escalator(store: t.store).run(now: t.now)) == Set(ids))
        let i = try t.store.withConnection { try IncidentRepository.get($0, id: ids[0]) }!
        #expect(i.escalations == 2 && i.status == .new)
    }

    /// Ⅰ is the top grade: the timer refuses with the operator's sentence (once in the log), counts nothing.
    @Test(arguments: StoreEngine.allCases) func timerRefusesLevelOne(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident(level: .one))]).incidentIDs[0]
        t.advance(seconds: 121)
        let escalator = Escalator(store: t.store)
        #expect(try escalator.run(now: t.now) == [])
        #expect(escalator.refusedLast.map(\.description) == ["\(id) is already level Ⅰ (extremely serious), the highest grade; it cannot be escalated further"])
        t.advance(seconds: 121)
        #expect(try escalator.run(now: t.now) == [] && escalator.refusedLast.isEmpty)   // said once
        let i = try t.store.withConnection { try IncidentRepository.get($0, id: id) }!
        #expect(i.escalations == 0 && i.level == .one)
        let refusals = try t.store.withConnection { try EventLog.timeline($0, kind: "incident", id: id) }.filter { $0.topic == "incident.escalation_refused" }
        #expect(refusals.count == 1)
    }

    @Test(arguments: StoreEngine.allCases) func hotlineStagesCarryDeadlines(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.hotline(HotlineCase(ticket: "12345-1", receivedAt: t.now, phone: "13812341234", type: .complaint, summary: "夜间施工噪音"))])
        let ops = OperatorActions(store: t.store, actor: "lina")
        let accepted = try ops.accept(hotline: "12345-1")
        #expect(accepted.stageDueAt != nil)
        let moved = try ops.transfer(hotline: "12345-1", to: "县住建局")
        #expect(moved.department == "县住建局")
        #expect(moved.stageDueAt == t.store.sla.deadline(stage: .handle, type: .complaint, startedAt: t.now))
        try ops.returnCase(hotline: "12345-1", reason: "非本单位职责")
        try ops.transfer(hotline: "12345-1", to: "县生态环境分局")
        try ops.reply(hotline: "12345-1")
        try ops.callback(hotline: "12345-1", result: "已停工", satisfaction: .satisfied)
        #expect(try ops.close(hotline: "12345-1").status == .closed)
        #expect(throws: ActionRefused.self) { try ops.accept(hotline: "12345-1") }
    }

    @Test(arguments: StoreEngine.allCases) func alertTriage(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let o = AlertObservation(at: t.now, sensor: "ids-dmz-01", signatureID: 1, signature: "ET SCAN", level: .two, src: "203.0.113.7", dest: "10.99.1.20:443")
        try t.seed([.alert(o)])
        let id = try t.store.withConnection { try AlertRepository.list($0, ListFilter()) }[0].id
        let ops = OperatorActions(store: t.store, actor: "chenjing")
        try ops.acknowledge(alert: id)
        try ops.suppress(alert: id, until: t.now.adding(seconds: 3600))
        #expect(throws: ActionRefused.self) { try ops.acknowledge(alert: id) }
        t.advance(seconds: 3601)
        #expect(try ops.acknowledge(alert: id).status == .acknowledged)   // suppression lapsed
        try ops.close(alert: id)
        try t.seed([.alert(o)])   // fires again: reopens
        let a = try t.store.withConnection { try AlertRepository.get($0, id: id) }!
        #expect(a.status == .new && a.count == 2 && a.ackedBy == nil)
    }

    @Test(arguments: StoreEngine.allCases) func notesAreSanitisedAndAudited(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try OperatorActions(store: t.store, actor: "wangwei").addNote(kind: "shift", id: "shift", text: "\u{1B}]0;pwned\u{07}交班：\u{1B}[31m水库巡查\u{1B}[0m正常")
        let notes = try t.store.withConnection { try NoteRepository.between($0, since: t.now, until: t.now.adding(seconds: 1)) }
        #expect(notes.map(\.text) == ["交班：水库巡查正常"])
        #expect(throws: StoreError.self) { try OperatorActions(store: t.store, actor: "x").addNote(kind: "shift", id: "shift", text: "  ") }
    }
}
