import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorUI

/// The UI's escalate on a level-Ⅰ incident is refused with the sentence, in the operator's language.
@Suite struct EscalateTopLevelTests {
    @Test func escalatingALevelOneIncidentIsRefusedInTheOperatorsLanguage() throws {
        let store = try UIFixture.store("escalate-top")
        let top = try #require(try store.withConnection { try IncidentRepository.list($0, ListFilter(maxLevel: .one)) }.first)
        for (lang, expected) in [(Language.zh, "已是Ⅰ级（特别重大），为最高等级，无法再升级"), (.en, "the highest grade; it cannot be escalated further")] {
            let (runtime, _) = try UIFixture.runtime(store, language: lang)
            let message = runtime.run(ActionRequest(item: .incident(top.id), verb: .escalate, expectedVersion: top.version))
            guard case .actionRefused(let text) = message else { Issue.record("\(message)"); continue }
            #expect(text.contains(expected), "\(text)")
        }
        let after = try #require(try store.withConnection { try IncidentRepository.get($0, id: top.id) })
        #expect(after.escalations == top.escalations && after.version == top.version)
    }
}
