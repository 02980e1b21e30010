import Foundation
import Testing
import WatchfloorCore
import WatchfloorIngest
@testable import WatchfloorStore
@testable import WatchfloorListeners

/// /healthz tells the truth: 503 with the reason while commits fail, 200 again once they land.
@Suite(.serialized) struct HealthTests {
    /// The daemon's health wiring in small: DaemonHealth over the rig's store and pipeline.
    static func wire(_ rig: ListenerRig) {
        rig.environment.provideHealth { [store = rig.store, pipeline = rig.pipeline] in
            let reasons = DaemonHealth.reasons(.init(store: store.health(), commit: pipeline.metrics.commitState(),
                                                     backlogSeconds: pipeline.oldestQueuedAgeSeconds(), maxBacklogSeconds: 30, sources: []))
            return .init(status: reasons.isEmpty ? 200 : 503, json: JSONValue.object(["ok": .bool(reasons.isEmpty), "reasons": .array(reasons.map { .string($0) })]).serialized)
        }
    }

    @Test func healthzIs503WhileTheStoreCannotWriteAndRecoversAfter() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        Self.wire(rig)
        var config = HTTPConfig(name: "http", port: 0)
        config.guard.maxConnectionsPerPeer = 100
        let listener: HTTPListener = try rig.start(.http(config))
        let base = "http://127.0.0.1:\(listener.port)"
        #expect(try HTTPListenerTests.curl([base + "/healthz"]).code == 200)

        // A full disk, as SQLite sees it: no page may be added to the database.
        let pages = try rig.store.withConnection { try $0.scalarInt("PRAGMA page_count", []) ?? 0 }
        try rig.store.withConnection { _ = try $0.scalarInt("PRAGMA max_page_count = \(pages)", []) }
        let big = (0..<300).map { Sample.incident("FULL-\($0)") }.joined(separator: "\n")
        let poster = Thread { _ = try? HTTPListenerTests.curl(["-m", "30", "--data-binary", big, base + "/v1/records"]) }
        poster.start()
        var sick = (code: 0, body: "")
        #expect(waitUntil(10) {
            sick = (try? HTTPListenerTests.curl([base + "/healthz"])) ?? (0, "")
            return sick.code == 503
        })
        #expect(sick.body.contains("disk full"), "\(sick.body)")
        #expect(rig.incidentCount == 0)

        try rig.store.withConnection { _ = try $0.scalarInt("PRAGMA max_page_count = 1073741823", []) }
        #expect(waitUntil(15) { rig.incidentCount == 300 })
        #expect(waitUntil(5) { (try? HTTPListenerTests.curl([base + "/healthz"]).code) == 200 })
    }

    @Test func reasonsNameEachCondition() {
        let ok = StoreHealth(ok: true, lastSeq: 1, message: nil)
        let now = Timestamp.now()
        var commit = PipelineMetrics.CommitState(commitErrors: 0, lastCommitAt: now, lastCommitErrorAt: nil, lastCommitError: nil)
        #expect(DaemonHealth.reasons(.init(store: ok, commit: commit, backlogSeconds: 0, maxBacklogSeconds: 30, sources: [])).isEmpty)
        commit.commitErrors = 8
        commit.lastCommitErrorAt = Timestamp(milliseconds: now.milliseconds + 5)
        commit.lastCommitError = "SQLITE_BUSY: database is locked"
        let r = DaemonHealth.reasons(.init(store: StoreHealth(ok: false, lastSeq: 0, message: "locked"), commit: commit, backlogSeconds: 45,
                                           maxBacklogSeconds: 30, sources: [SourceSupervisor.Status(name: "syslog", kind: "syslog-tcp", state: .failed, detail: "", error: "port in use")]))
        #expect(r.count == 4, "\(r)")
        #expect(r.contains { $0.hasPrefix("commits failing") && $0.contains("8 failed attempts") })
        #expect(r.contains { $0.hasPrefix("backlog: ") && $0.contains("45.0 s") })
        #expect(r.contains { $0 == "source syslog down: port in use" })
        // A commit after the error: healthy again.
        commit.lastCommitAt = Timestamp(milliseconds: now.milliseconds + 10)
        #expect(DaemonHealth.reasons(.init(store: ok, commit: commit, backlogSeconds: 0, maxBacklogSeconds: 30, sources: [])).isEmpty)
    }
}
