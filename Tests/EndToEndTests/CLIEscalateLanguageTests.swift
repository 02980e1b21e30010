import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// The level-Ⅰ refusal speaks the operator's language on the command line too (it was always English), and exits 4
/// like every refusal by rule.
@Suite struct CLIEscalateLanguageTests {
    let watchfloor = Binaries.path("watchfloor")

    @Test func theLevelOneRefusalIsInTheLanguageAsked() throws {
        let dir = temporaryDirectory("cli-esc")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/w.db"
        let store = try Store(path: db)
        let id = try IngestWriter(store: store).write(IngestBatch(source: "test", records: [
            .incident(Incident(id: "", source: "cap", sourceRef: "R-1", category: .naturalDisaster, level: .one,
                               title: "暴雨红色预警", reportedAt: Timestamp.now())),
        ])).incidentIDs[0]
        let zh = try run(watchfloor, ["escalate", id, "--db", db, "--operator", "王伟", "--lang", "zh"])
        #expect(zh.status == 4 && zh.stderr.contains("已是Ⅰ级（特别重大），为最高等级，无法再升级"), "\(zh.stderr)")
        let en = try run(watchfloor, ["escalate", id, "--db", db, "--operator", "lina", "--lang", "en"])
        #expect(en.status == 4 && en.stderr.contains("the highest grade; it cannot be escalated further"), "\(en.stderr)")
    }
}
