import Foundation
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of a test's own (`scripts/pg-throwaway` from this checkout, its own data directory and
/// socket), for tests that restart the server: restarting the shared test server would cut every other test off.
///
/// The script's output goes to a file, never a pipe: the postmaster it starts outlives the script, and a pipe it
/// inherited would keep a reader waiting for an end of file that never comes. Every run is bounded in time.
final class PrivateCluster {
    let dir: String
    let url: String
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg-throwaway").path

    init() throws {
        dir = "/tmp/wf-pg-" + UUID().uuidString.prefix(8).lowercased()
        let out = try PrivateCluster.script(["start", dir], seconds: 120)
        guard let line = out.split(separator: "\n").first(where: { $0.contains("WATCHFLOOR_TEST_POSTGRES_URL=") }) else {
            throw HarnessError("pg-throwaway start printed no URL: \(out)")
        }
        url = String(line.split(separator: "'")[1])
    }

    /// `pg_ctl restart -m fast`: every connection is dropped; the server is back when this returns.
    func restart() throws { _ = try PrivateCluster.script(["restart", dir], seconds: 120) }

    deinit { _ = try? PrivateCluster.script(["stop", dir], seconds: 60) }

    /// Runs the script with stdout and stderr in a file and stdin from /dev/null, reaped with `waitpid` (not
    /// Foundation's `Process`, whose exit notification never came for this script in the test runner); killed
    /// after `seconds`.
    private static func script(_ args: [String], seconds: Double) throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("wf-pg-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server outlives this call: it must not keep other tests' sockets and pipes open.
        closeDescriptorsFromThreeInChild(&actions)
        let argv = ([script] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, script, &actions, nil, argv, environ)
        guard rc == 0 else { throw HarnessError("cannot run \(script): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        let finished = DaemonHarness.waitUntil(seconds) { waitpid(pid, &status, WNOHANG) == pid }
        if !finished { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        let out = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let exit = (status >> 8) & 0xFF
        guard finished, status & 0x7F == 0, exit == 0 else {
            throw HarnessError("pg-throwaway \(args.joined(separator: " ")) \(finished ? "failed (status \(status))" : "timed out after \(Int(seconds)) s"): \(out)")
        }
        return out
    }
}
