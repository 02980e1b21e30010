import Foundation
import Glibc
import Testing

/// A detached tmux session on its own server socket (`tmux -L wf-test-…`), driven as a person would: send keys,
/// read the screen with `capture-pane`. `kill()` stops the server; call it in a `defer`.
final class TmuxSession {
    let socket: String
    let name = "wf"

    /// Starts `command` (a shell command line) in a `width`×`height` window with a UTF-8 locale.
    init(_ tag: String, width: Int = 160, height: Int = 48, command: String) throws {
        socket = "wf-test-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // Started with posix_spawn and waitpid: the tmux server this forks inherits the child's descriptors, and
        // Foundation's Process would wait on them.
        let args = ["tmux", "-u", "-L", socket, "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color " + command]
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let status = TmuxSession.spawnAndWait("/usr/bin/tmux", args, env.map { "\($0.key)=\($0.value)" })
        guard status == 0 else { throw TmuxError(message: "tmux new-session exited \(status)") }
    }

    static func spawnAndWait(_ path: String, _ args: [String], _ env: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        // The tmux server outlives this call: it must not keep other tests' sockets and pipes open.
        closeDescriptorsFromThreeInChild(&actions)
        let cArgs = args.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, cArgs, cEnv) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    struct TmuxError: Error { let message: String }

    @discardableResult
    func tmux(_ args: [String]) throws -> ProcessResult {
        try run("/usr/bin/tmux", ["-u", "-L", socket] + args, environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
    }

    /// The visible screen, one line per row.
    func capture() -> String { (try? tmux(["capture-pane", "-p", "-t", name]).stdout) ?? "" }

    /// `tmux send-keys` names: "a", "Enter", "Escape", "Tab", or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) {
        _ = try? tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// Types a `:` command line (e.g. `county 990103`) and Enter, as an operator would.
    func command(_ line: String) {
        send(":")
        send(line, literal: true)
        send("Enter")
    }

    func display(_ format: String) -> String {
        ((try? tmux(["display-message", "-p", "-t", name, format]).stdout) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) {
        _ = try? tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Polls the screen until `predicate` holds (every 20 ms); returns whether it did.
    @discardableResult
    func waitFor(timeout: TimeInterval = 5, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(capture()) { return true }
            usleep(20_000)
        }
        return predicate(capture())
    }

    /// Ends the session for good: the pane's process, then the server (a detached server must never outlive a test).
    func kill() {
        let panePID = Int32(display("#{pane_pid}")) ?? 0
        let serverPID = Int32(display("#{pid}")) ?? 0
        _ = try? tmux(["kill-server"])
        for pid in [panePID, serverPID] where pid > 1 {
            Glibc.kill(pid, SIGKILL)
        }
    }
}

/// Shell-quotes one argument.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
