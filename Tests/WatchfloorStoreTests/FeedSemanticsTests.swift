import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Re-sends meet operators' work; CAP messages arrive out of order; escalation stops at Ⅰ; untrusted names and
/// reasons are sanitised; feed text is capped; handovers anchor the audit chain.
@Suite struct FeedSemanticsTests {
    func get(_ t: TempStore, _ id: String) throws -> Incident {
        try #require(try t.store.withConnection { try IncidentRepository.get($0, id: id) })
    }

    func notes(_ t: TempStore, _ kind: String, _ id: String) throws -> [Note] {
        try t.store.withConnection { try NoteRepository.forEntity($0, kind: kind, id: id) }
    }

    // MARK: Ownership (issue #11 item 3)

    @Test(arguments: StoreEngine.allCases) func resendKeepsTheLevelAnOperatorEscalatedAndSaysSo(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var sent = t.incident(level: .four, title: "白沙乡河口村水位上涨")
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        try OperatorActions(store: t.store, actor: "王伟").escalate(incident: id)
        sent.title = "白沙乡河口村水位上涨（更新）"
        try t.seed([.incident(sent)])
        let i = try get(t, id)
        #expect(i.level == .three, "the feed must not revert an escalation")
        #expect(i.title == "白沙乡河口村水位上涨（更新）", "the title is the feed's")
        let n = try notes(t, "incident", id)
        #expect(n.map(\.text) == ["feed says level Ⅳ; kept Ⅲ set by 王伟"])
        let audited = try t.store.withConnection { try EventLog.timeline($0, kind: "incident", id: id) }
            .filter { $0.topic == Topic.noteAdded && $0.hash != nil }
        #expect(audited.count == 1)
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    @Test(arguments: StoreEngine.allCases) func resendNeverDowngradesAnAcknowledgedLevelOne(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var sent = t.incident(level: .one, title: "暴雨红色预警")
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        try OperatorActions(store: t.store, actor: "lina").acknowledge(incident: id)
        sent.level = .four
        try t.seed([.incident(sent)])
        let i = try get(t, id)
        #expect(i.level == .one && i.status == .acknowledged && i.ackedBy == "lina")
        #expect(try notes(t, "incident", id).map(\.text) == ["feed says level Ⅳ; kept Ⅰ set by lina"])
    }

    @Test(arguments: StoreEngine.allCases) func untouchedIncidentsFollowTheFeedAndAFeedMayRaiseSeverity(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var sent = t.incident(level: .three)
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        sent.level = .four
        try t.seed([.incident(sent)])
        #expect(try get(t, id).level == .four, "nobody acted: the level is the feed's")
        try OperatorActions(store: t.store, actor: "lina").acknowledge(incident: id)
        sent.level = .two
        try t.seed([.incident(sent)])
        #expect(try get(t, id).level == .two, "more severe is never an operator's loss")
        #expect(try notes(t, "incident", id).isEmpty)
    }

    @Test(arguments: StoreEngine.allCases) func hotlineResendMovesForwardOnlyOnceAnOperatorActed(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var h = HotlineCase(ticket: "12345-9", receivedAt: t.now, phone: "13812341234", type: .complaint, summary: "夜间施工噪音")
        try t.seed([.hotline(h)])
        h.summary = "夜间施工噪音，22点后仍在施工"
        try t.seed([.hotline(h)])   // nobody acted: the platform's word
        try OperatorActions(store: t.store, actor: "王伟").accept(hotline: "12345-9")
        try t.seed([.hotline(h)])   // re-sent as new
        var got = try #require(try t.store.withConnection { try HotlineRepository.get($0, ticket: "12345-9") })
        #expect(got.status == .accepted && got.summary == "夜间施工噪音，22点后仍在施工")
        #expect(try notes(t, "hotline", "12345-9").map(\.text) == ["feed says status new; kept accepted set by 王伟"])
        h.status = .closed; h.closedAt = t.now
        try t.seed([.hotline(h)])   // the platform closed it: forward
        got = try #require(try t.store.withConnection { try HotlineRepository.get($0, ticket: "12345-9") })
        #expect(got.status == .closed)
    }

    // MARK: CAP order (item 1)

    @Test(arguments: StoreEngine.allCases) func cancelBeforeItsAlertIsKeptAndAppliedWhenTheAlertArrives(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let outcome = try t.seed([.incidentCancel(source: "cap", sourceRefs: ["CN-RAIN-1"], at: t.now, reason: "预警解除")])
        #expect(outcome.deadLetters == 0 && outcome.created.isEmpty)
        let alert = Incident(id: "", source: "cap", sourceRef: "CN-RAIN-1", category: .naturalDisaster, level: .one,
                             title: "暴雨红色预警", reportedAt: t.now.adding(seconds: -600))
        let id = try t.seed([.incident(alert)]).incidentIDs[0]
        let i = try get(t, id)
        #expect(i.status == .closed && i.closedAt == t.now)
        let topics = try t.store.withConnection { try EventLog.timeline($0, kind: "incident", id: id) }.map(\.topic)
        #expect(topics == [Topic.incidentCreated, "incident.cancelled"])
        t.advance(seconds: 600)
        #expect(try Escalator(store: t.store).run(now: t.now).isEmpty, "a cancelled alert is never escalated")
        #expect(try t.store.withConnection { try $0.scalarInt("SELECT COUNT(*) FROM pending_references") } == 0)
    }

    @Test(arguments: StoreEngine.allCases) func anExpiredPendingCancelNoLongerApplies(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.incidentCancel(source: "cap", sourceRefs: ["X-1"], at: t.now, reason: nil, expires: t.now.adding(seconds: 60))])
        t.advance(seconds: 3600)
        let id = try t.seed([.incident(Incident(id: "", source: "cap", sourceRef: "X-1", category: .naturalDisaster, level: .three,
                                                 title: "大风蓝色预警", reportedAt: t.now))]).incidentIDs[0]
        #expect(try get(t, id).status == .new)
    }

    @Test(arguments: StoreEngine.allCases) func updateBeforeItsAlertFoldsTheAlertIn(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let update = Incident(id: "", source: "cap", sourceRef: "CN-2", category: .naturalDisaster, level: .two,
                              title: "暴雨橙色预警（更新）", reportedAt: t.now)
        let id = try t.seed([.incident(update, supersedes: ["CN-1"])]).incidentIDs[0]
        let original = Incident(id: "", source: "cap", sourceRef: "CN-1", category: .naturalDisaster, level: .three,
                                title: "暴雨黄色预警", reportedAt: t.now.adding(seconds: -900))
        let out = try t.seed([.incident(original)])
        #expect(out.created.isEmpty && out.incidentIDs == [id])
        #expect(try t.store.withConnection { try IncidentRepository.count($0, ListFilter()) } == 1)
        #expect(try get(t, id).title == "暴雨橙色预警（更新）", "the newer content stays")
    }

    @Test(arguments: StoreEngine.allCases) func aCancelOfAnAlertOnlyItsUpdateBroughtCancelsTheUpdate(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let update = Incident(id: "", source: "cap", sourceRef: "CN-5", category: .naturalDisaster, level: .two,
                              title: "寒潮橙色预警（更新）", reportedAt: t.now)
        let id = try t.seed([.incident(update, supersedes: ["CN-4"])]).incidentIDs[0]
        try t.seed([.incidentCancel(source: "cap", sourceRefs: ["CN-4"], at: t.now, reason: nil)])
        #expect(try get(t, id).status == .closed)
    }

    @Test(arguments: StoreEngine.allCases) func aCancelOfAnIncidentAnOperatorTookOnBecomesANote(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let sent = Incident(id: "", source: "cap", sourceRef: "CN-3", category: .naturalDisaster, level: .two,
                            title: "大雾橙色预警", reportedAt: t.now)
        let id = try t.seed([.incident(sent)]).incidentIDs[0]
        try OperatorActions(store: t.store, actor: "王伟").acknowledge(incident: id)
        try t.seed([.incidentCancel(source: "cap", sourceRefs: ["CN-3"], at: t.now, reason: "预警解除")])
        #expect(try get(t, id).status == .acknowledged)
        #expect(try notes(t, "incident", id).map(\.text) == ["feed says status cancelled (预警解除); kept acknowledged set by 王伟"])
    }

    // MARK: Escalation stops at Ⅰ (item 4)

    @Test(arguments: StoreEngine.allCases) func escalatingPastLevelOneIsRefusedAndNotCounted(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident(level: .four))]).incidentIDs[0]
        let ops = OperatorActions(store: t.store, actor: "lina")
        var refused: [String] = []
        for _ in 0..<8 {
            do { try ops.escalate(incident: id) } catch let e as EscalationRefused { refused.append(e.message(.zh)) }
        }
        let i = try get(t, id)
        #expect(i.level == .one && i.escalations == 3)
        #expect(refused.count == 5)
        #expect(refused.first == "\(id) 已是Ⅰ级（特别重大），为最高等级，无法再升级")
    }

    @Test(arguments: StoreEngine.allCases) func racingEscalationsStopAtLevelOne(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident(level: .four))]).incidentIDs[0]
        let ok = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            if (try? OperatorActions(store: t.store, actor: "op\(n)").escalate(incident: id)) != nil { ok.add() }
        }
        #expect(ok.value == 3)
        #expect(try get(t, id).escalations == 3)
    }

    // MARK: Sanitiser (item 5) and caps (item 8)

    @Test(arguments: StoreEngine.allCases) func operatorNamesAndDeadLetterTextAreSanitised(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        try OperatorActions(store: t.store, actor: "\u{1B}[31m王伟\u{1B}[0m\u{202E}").acknowledge(incident: id, note: "ok\u{1B}]0;PWNED\u{07}")
        let i = try get(t, id)
        #expect(i.ackedBy == "王伟")
        let events = try t.store.withConnection { try EventLog.timeline($0, kind: "incident", id: id) }
        #expect(events.allSatisfy { !$0.actor.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E } })
        #expect(try notes(t, "incident", id).map(\.text) == ["ok"])
        try IngestWriter(store: t.store).write(IngestBatch(source: "http\u{1B}[2J", rejections: [
            Rejection(position: "POST from 1.2.3.4 \u{9B}31m", reason: "x \u{1B}]0;PWNED\u{07} bad", raw: Array("x \u{1B}]0;PWNED\u{07}".utf8))]))
        let d = try #require(try t.store.withConnection { try DeadLetterRepository.list($0) }.first)
        let shown = [d.source, d.position ?? "", d.reason]
        #expect(shown.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
        #expect(d.source == "http" && d.position?.hasPrefix("POST from 1.2.3.4") == true && !d.reason.contains("PWNED") && d.reason.hasSuffix("bad"))
        #expect(d.raw.contains(0x1B), "the raw bytes stay as received for forensics")
    }

    @Test(arguments: StoreEngine.allCases) func hugeTitlesAndDetailsAreCappedVisibly(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        var i = t.incident()
        i.title = String(repeating: "火", count: 1 << 20)
        i.detail = String(repeating: "d", count: 1 << 20)
        let id = try t.seed([.incident(i)]).incidentIDs[0]
        let got = try get(t, id)
        #expect(got.title.hasPrefix(String(repeating: "火", count: 512)))
        #expect(got.title.hasSuffix("〔已截断 truncated: \((1 << 20) - 512) more characters〕"))
        #expect(got.detail.utf8.count < 64 * 1024 + 100 && got.detail.hasSuffix("more bytes〕"))
    }

    // MARK: Audit anchoring (item 9)

    @Test(arguments: StoreEngine.allCases) func anchorsCatchTruncationAndRechaining(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let ids = try t.seed([.incident(t.incident()), .incident(t.incident())]).incidentIDs
        let ops = OperatorActions(store: t.store, actor: "lina")
        try ops.acknowledge(incident: ids[0])
        try ops.acknowledge(incident: ids[1])
        let anchor = try #require(try t.store.withConnection { try AuditChain.head($0) })
        #expect(try t.store.withConnection { try AuditChain.check($0, anchor: anchor) } == .holds)
        #expect(AuditHead.find(in: Array("- 审计链锚点: \(anchor.text)\n".utf8)) == anchor)

        // Re-chained: the second acknowledgement's actor rewritten and every hash recomputed. The chain walks clean.
        try t.store.write { c in
            try c.run("UPDATE events SET actor='mallory' WHERE seq=?", [.int(anchor.seq)])
            var prev = EventLog.genesis
            for e in try c.query("SELECT \(EventLog.columns) FROM events WHERE hash IS NOT NULL ORDER BY seq", [], EventLog.event) {
                let h = EventLog.chainHash(prev: prev, event: e)
                try c.run("UPDATE events SET prev_hash=?, hash=? WHERE seq=?", [.text(prev), .text(h), .int(e.seq)])
                prev = h
            }
        }
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok, "a re-chained log is internally consistent")
        guard case .differs = try t.store.withConnection({ try AuditChain.check($0, anchor: anchor) }) else {
            Issue.record("a re-chained log must fail the anchor"); return
        }
        // Truncated: the tail removed.
        try t.store.write { c in try c.run("DELETE FROM events WHERE seq >= ?", [.int(anchor.seq)]) }
        #expect(try t.store.withConnection { try AuditChain.verify($0) }.ok, "a truncated log is internally consistent")
        #expect(try t.store.withConnection { try AuditChain.check($0, anchor: anchor) } == .missing(latestAudited: anchor.seq - 1))
    }
}
