import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorUI

/// The UI's escalate on a level-Ⅰ incident (run by its action runner, as a key press runs it) is refused with the
/// sentence, in the operator's language.
@Suite struct EscalateTopLevelTests {
    @Test func escalatingALevelOneIncidentIsRefusedInTheOperatorsLanguage() throws {
        let store = try UIFixture.store("escalate-top")
        let top = try #require(try store.withConnection { try IncidentRepository.list($0, ListFilter(maxLevel: .one)) }.first)
        for (lang, expected) in [(Language.zh, "已是Ⅰ级（特别重大），为最高等级，无法再升级"), (.en, "the highest grade; it cannot be escalated further")] {
            let runner = ActionRunner(store: try Store(path: store.path))
            runner.submit(id: 1, ActionRequest(item: .incident(top.id), verb: .escalate, expectedVersion: top.version),
                          actor: "wangwei", language: lang) { $0.message(lang) }
            runner.waitUntilIdle()
            let outcomes = runner.drain()
            guard case .actionFinished(1, .actionRefused(let text))? = outcomes.last else { Issue.record("\(outcomes)"); continue }
            #expect(text.contains(expected), "\(text)")
        }
        let after = try #require(try store.withConnection { try IncidentRepository.get($0, id: top.id) })
        #expect(after.escalations == top.escalations && after.version == top.version)
    }
}
