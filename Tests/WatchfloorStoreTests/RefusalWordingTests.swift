import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Refusals tell a race (someone else acted first: who and when, by display name) from a rule (the state does not
/// allow it: which state does), in zh and en.
@Suite struct RefusalWordingTests {
    @Test(arguments: StoreEngine.allCases) func closingADispatchedIncidentIsARuleNotARace(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        let wang = OperatorActions(store: t.store, actor: "wangwei")
        try wang.acknowledge(incident: id)
        let dispatched = try wang.assign(incident: id, to: "城关派出所")
        do {
            try wang.close(incident: id, expectedVersion: dispatched.version)
            Issue.record("closing a dispatched incident must be refused")
        } catch let refused as ActionRefused {
            #expect(refused.isRule && !refused.isRace)
            #expect(refused.rule?.code == "lifecycle.close")
            // Never "already … by wangwei": the operator did nothing wrong against anyone.
            #expect(refused.message(.zh, names: ["wangwei": "王伟"]) == "只能关闭已处置的事件（当前：已派遣）")
            #expect(refused.message(.en, names: ["wangwei": "王伟"]) == "only a resolved incident can be closed (it is dispatched)")
        }
    }

    @Test(arguments: StoreEngine.allCases) func aStaleVersionIsARaceNamingTheWinnerByDisplayNameAndLocalTime(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let id = try t.seed([.incident(t.incident())]).incidentIDs[0]
        let seen = try #require(try IncidentRepository.get(t.store.withConnection { $0 }, id: id)).version
        try OperatorActions(store: t.store, actor: "wangwei").escalate(incident: id, expectedVersion: seen)
        do {
            try OperatorActions(store: t.store, actor: "lina").escalate(incident: id, expectedVersion: seen)
            Issue.record("the second escalation from the same version must lose")
        } catch let refused as ActionRefused {
            #expect(refused.isRace)
            #expect(refused.message(.zh, names: ["wangwei": "王伟"]) == "已由 王伟 于 14:00 升级")
            #expect(refused.message(.en, names: [:]) == "already escalated by wangwei at 14:00")
        }
        // One winner: escalated once.
        #expect(try IncidentRepository.get(t.store.withConnection { $0 }, id: id)?.escalations == 1)
    }

    @Test(arguments: StoreEngine.allCases) func hotlineAndAlertRulesNameTheAllowedStates(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        try t.seed([.hotline(HotlineCase(ticket: "12345-R", receivedAt: t.now, phone: "13800000000", type: .complaint,
                                         summary: "噪音", gridID: "990102001001001"))])
        do {
            try OperatorActions(store: t.store, actor: "lina").close(hotline: "12345-R")
            Issue.record("closing a new case must be refused")
        } catch let refused as ActionRefused {
            #expect(refused.isRule)
            #expect(refused.message(.en).hasPrefix("only a "))
            #expect(refused.message(.en).hasSuffix("hotline case can be closed (it is new)"))
            #expect(refused.message(.zh).hasPrefix("只能关闭"))
        }
    }

    @Test func ruleRefusalsOtherThanTheLifecycleCarryTheirOwnSentence() {
        let rule = RuleRefusal(code: "level.top", sentence: Bilingual("Ⅰ级事件不能再升级", "a level-Ⅰ incident cannot be escalated"))
        let refused = ActionRefused(entityKind: "incident", entityID: "INC-1", action: "escalate", currentStatus: "new",
                                    reason: .rule(rule), lastActor: "wangwei", lastAt: Timestamp(milliseconds: 0),
                                    lastAction: "escalate")
        #expect(refused.isRule)
        #expect(refused.message(.zh) == "Ⅰ级事件不能再升级")
        #expect(refused.message(.en) == "a level-Ⅰ incident cannot be escalated")
    }
}

/// A transfer restarts the stage clock, never the case's total: an overdue case stays overdue.
@Suite struct TransferDeadlineTests {
    /// A complaint received `days` ago and accepted now.
    func acceptedCase(_ t: TempStore, _ ticket: String, receivedDaysAgo days: Int64) throws -> OperatorActions {
        try t.seed([.hotline(HotlineCase(ticket: ticket, receivedAt: t.now.adding(seconds: -days * 86_400),
                                         phone: "13800000000", type: .complaint, summary: "噪音", gridID: "990102001001001"))])
        let ops = OperatorActions(store: t.store, actor: "lina")
        try ops.accept(hotline: ticket)
        return ops
    }

    @Test(arguments: StoreEngine.allCases) func anOverdueCaseStaysOverdueAfterATransfer(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let ops = try acceptedCase(t, "12345-LATE", receivedDaysAgo: 10)
        // Make the transfer stage overdue: it was due two hours ago.
        let missed = t.now.adding(seconds: -7200)
        try t.store.write { c in
            try c.run("UPDATE hotline_cases SET stage_due_at = ? WHERE ticket = ?", [.int(missed.milliseconds), .text("12345-LATE")])
        }
        let moved = try ops.transfer(hotline: "12345-LATE", to: "县住建局")
        #expect(moved.stageDueAt == missed, "keeps the deadline it missed")
        #expect(t.store.sla.state(due: moved.stageDueAt, now: t.now) == .overdue)
    }

    @Test(arguments: StoreEngine.allCases) func anOnTimeTransferIsCappedByTheOverallDeadline(engine: StoreEngine) throws {
        let t = try TempStore(engine: engine)
        let moved = try acceptedCase(t, "12345-OLD", receivedDaysAgo: 20).transfer(hotline: "12345-OLD", to: "县住建局")
        let overall = t.store.sla.overallDeadline(of: moved)
        #expect(moved.stageDueAt == overall && overall < t.now, "20 days in, the case is past its total time")
    }
}
