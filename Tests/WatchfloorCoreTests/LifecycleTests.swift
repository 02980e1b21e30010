import Testing
@testable import WatchfloorCore

/// Every transition from every state: allowed ones land where the table says, all others are refused
/// with an error naming the current state.
@Suite struct LifecycleTests {
    func check<S: LifecycleStatus>(_ transitions: [Transition<S>], expected: [String: [S: S]]) {
        for t in transitions {
            let allowed = expected[t.action] ?? [:]
            for state in S.allCases {
                do {
                    let next = try t.apply(to: state)
                    #expect(allowed[state] == next, "\(t.action) from \(state) should not give \(next)")
                } catch {
                    #expect(allowed[state] == nil, "\(t.action) from \(state) should be allowed")
                    #expect(error.current == state.rawValue)
                    #expect(error.entity == S.entityName)
                    #expect(error.description.contains(state.rawValue))
                }
            }
        }
    }

    @Test func incidentTransitions() {
        check(IncidentTransitions.all, expected: [
            "acknowledge": [.new: .acknowledged],
            "assign": [.acknowledged: .dispatched, .dispatched: .dispatched],
            "escalate": [.new: .new, .acknowledged: .acknowledged, .dispatched: .dispatched],
            "resolve": [.acknowledged: .resolved, .dispatched: .resolved],
            "close": [.resolved: .closed],
            "reopen": [.resolved: .acknowledged, .closed: .acknowledged],
        ])
    }

    @Test func hotlineTransitions() {
        check(HotlineTransitions.all, expected: [
            "accept": [.new: .accepted],
            "transfer": [.accepted: .transferred, .returned: .transferred],
            "reply": [.accepted: .replied, .transferred: .replied],
            "callback": [.replied: .callbackDone],
            "close": [.callbackDone: .closed],
            "return": [.transferred: .returned],
        ])
    }

    @Test func alertTransitions() {
        check(AlertTransitions.all, expected: [
            "acknowledge": [.new: .acknowledged],
            "close": [.new: .closed, .acknowledged: .closed, .suppressed: .closed],
            "suppress": [.new: .suppressed, .acknowledged: .suppressed, .suppressed: .suppressed],
        ])
    }

    @Test func suppressionLapses() {
        var a = SecurityAlert(id: 1, dedupKey: "k", firstSeen: Timestamp(milliseconds: 0), lastSeen: Timestamp(milliseconds: 0),
                              count: 1, sensor: "s", signatureID: 1, signature: "x", level: .two, src: "a", dest: "b")
        a.status = .suppressed
        a.suppressedUntil = Timestamp(milliseconds: 1000)
        #expect(a.effectiveStatus(now: Timestamp(milliseconds: 999)) == .suppressed)
        #expect(a.effectiveStatus(now: Timestamp(milliseconds: 1000)) == .new)
    }

    @Test func levelsAndLabels() {
        #expect(Level.four.raised == .three)
        #expect(Level.one.raised == .one)
        #expect(Level.one < Level.four)
        #expect(Level.two.label.zh == "Ⅱ级 重大")
        #expect(IncidentCategory.publicOpinion.label.text(.zh) == "网络舆情")
        #expect(Set(IncidentCategory.allCases.map(\.label.zh)).count == IncidentCategory.allCases.count)
    }
}
