import Foundation
import Glibc

/// A benchmark subject run as its own process, measured as the kernel saw it: wall time from spawn to exit,
/// and the CPU seconds and peak RSS of that one child (`wait4`'s rusage, not the sum over all children).
final class ChildProcess {
    let pid: pid_t
    let started: Double
    private(set) var finished: Measurement?

    struct Measurement {
        var status: Int32
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakRSSMiB: Double
    }

    struct SpawnError: Error, CustomStringConvertible { let description: String }

    /// Starts `executable` with `arguments`, stdout to `stdoutPath` (or /dev/null), stderr inherited.
    init(_ executable: String, _ arguments: [String], stdoutPath: String? = nil, environment: [String: String] = [:]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var child: pid_t = 0
        started = BenchSupport.monotonicSeconds()
        let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the exit and measures it.
    @discardableResult
    func wait() -> Measurement {
        if let finished { return finished }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let end = BenchSupport.monotonicSeconds()
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let m = Measurement(status: status, wallSeconds: end - started, cpuSeconds: cpu, peakRSSMiB: Double(usage.ru_maxrss) / 1024)
        finished = m
        return m
    }

    /// An executable built beside this one (`watchfloor`, `watchfloord`).
    static func sibling(_ name: String) -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let path = me.deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        if let readlink = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: readlink).deletingLastPathComponent().appendingPathComponent(name).path
        }
        return path
    }

    /// Where `name` is found on PATH, if anywhere.
    static func onPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}
