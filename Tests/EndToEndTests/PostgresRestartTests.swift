import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// A PostgreSQL server restart (`pg_ctl restart -m fast`) while the daemon ingests a spool file: the daemon keeps
/// running, retries its batch on a new connection, and every record lands exactly once (its checkpoint commits in
/// the same transaction as the records). Runs on a private cluster so no other test loses its server.
@Suite struct PostgresRestartTests {
    @Test func serverRestartMidFileLosesAndDoublesNothing() throws {
        let cluster = try PrivateCluster()
        let lines = 60_000
        let distinct = 400
        let d = try DaemonProcess(store: cluster.url, configBody: DaemonHarness.spoolConfig)
        let text = DaemonHarness.eveAlerts(lines: lines, distinct: distinct)
        let spool = d.dir + "/spool"
        let (midway, at, size) = try d.startAndWaitMidwayThrough(spoolFile: text)
        try cluster.restart()
        #expect(midway && at < size, "restarted at byte \(at) of \(size)")

        #expect(DaemonHarness.waitUntil(120) { FileManager.default.fileExists(atPath: spool + "/done/big.eve.json") }, "\(d.logText)")
        #expect(d.process?.isRunning == true, "the daemon exited after the restart:\n\(d.logText)")
        #expect(d.terminate() == 0)
        #expect(try d.scalar("SELECT SUM(count) FROM alerts") == Int64(lines))
        #expect(try d.scalar("SELECT COUNT(*) FROM alerts") == Int64(distinct))
        #expect(try d.scalar("SELECT COUNT(*) FROM dead_letters") == 0)
        #expect(!FileManager.default.fileExists(atPath: spool + "/failed/big.eve.json"))
    }
}
