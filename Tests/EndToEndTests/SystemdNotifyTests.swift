import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `watchfloord` speaks the systemd notification protocol to a datagram socket the test owns, as systemd would
/// with `Type=notify` and `WatchdogSec=`: READY once the sources are up, RELOADING then READY around SIGHUP,
/// WATCHDOG at half of WATCHDOG_USEC, STOPPING on SIGTERM.
@Suite(.serialized) struct SystemdNotifyTests {
    /// A bound AF_UNIX datagram socket (a path, or an abstract name when `abstract`), collecting messages.
    final class NotifySocket {
        let fd: Int32
        let name: String

        init(path: String, abstract: Bool) throws {
            let sock = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array(path.utf8)
            if abstract { bytes.insert(0, at: 0) }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
            let length = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1)
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(length)) } }
            guard rc == 0 else { close(sock); throw HarnessError("bind \(path): \(String(cString: strerror(errno)))") }
            var tv = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            fd = sock
            name = abstract ? "@" + path : path
        }

        deinit { close(fd) }

        /// Messages received until `predicate(all so far)` holds or `timeout` passes.
        func receive(until timeout: TimeInterval, _ predicate: ([String]) -> Bool) -> [String] {
            var got: [String] = []
            let end = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < end, !predicate(got) {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { got.append(String(decoding: buffer[0..<n], as: UTF8.self)) }
            }
            return got
        }
    }

    func startDaemon(notify: NotifySocket, watchdogUSec: Int?) throws -> (Child, String) {
        let dir = temporaryDirectory("notify")
        let port = DaemonHarness.freePort()
        try "[daemon]\n[daemon.http]\nport = \(port)\n".write(toFile: dir + "/d.toml", atomically: true, encoding: .utf8)
        var env = ["NOTIFY_SOCKET": notify.name]
        if let watchdogUSec { env["WATCHDOG_USEC"] = String(watchdogUSec) } else { env["WATCHDOG_USEC"] = "" }
        let child = try Child(Binaries.path("watchfloord"), ["--config", dir + "/d.toml", "--db", dir + "/s.db"], environment: env)
        return (child, dir)
    }

    @Test func readyReloadingWatchdogStopping() throws {
        let path = temporaryDirectory("sock") + "/notify.sock"
        let notify = try NotifySocket(path: path, abstract: false)
        let (daemon, dir) = try startDaemon(notify: notify, watchdogUSec: 400_000)
        defer { daemon.terminate(); try? FileManager.default.removeItem(atPath: dir) }

        let first = notify.receive(until: 15) { $0.contains { $0.contains("READY=1") } }
        let ready = try #require(first.first { $0.contains("READY=1") }, "no READY=1: \(first) \(daemon.errorOutput)")
        #expect(ready.contains("STATUS=1 sources running"))

        // WATCHDOG_USEC=400 ms: a ping every 200 ms, so at least three within a second.
        let pings = notify.receive(until: 5) { $0.filter { $0 == "WATCHDOG=1\n" }.count >= 3 }
        #expect(pings.filter { $0 == "WATCHDOG=1\n" }.count >= 3, "\(pings)")

        kill(daemon.process.processIdentifier, SIGHUP)
        let reload = notify.receive(until: 15) { got in
            guard let r = got.firstIndex(where: { $0.hasPrefix("RELOADING=1") }) else { return false }
            return got[r...].contains { $0.contains("READY=1") }
        }
        let r = try #require(reload.firstIndex { $0.hasPrefix("RELOADING=1") }, "no RELOADING=1 after SIGHUP: \(reload)")
        #expect(reload[r].contains("MONOTONIC_USEC="))
        #expect(reload[r...].contains { $0.contains("READY=1") }, "no READY=1 after the reload: \(reload)")

        kill(daemon.process.processIdentifier, SIGTERM)
        let stop = notify.receive(until: 15) { $0.contains { $0.hasPrefix("STOPPING=1") } }
        #expect(stop.contains { $0.hasPrefix("STOPPING=1") }, "\(stop)")
        daemon.waitForExit()
        #expect(daemon.process.terminationStatus == 0)
        // The log is key=value, one line per event.
        let lines = daemon.errorOutput.split(separator: "\n")
        #expect(lines.contains { $0.contains("level=info") && $0.contains("event=ready") && $0.contains("msg=\"ready: ") }, "\(daemon.errorOutput)")
        #expect(lines.allSatisfy { $0.hasPrefix("ts=") && $0.contains(" level=") }, "\(daemon.errorOutput)")
    }

    @Test func abstractSocketNameAndNoWatchdogWithoutUSec() throws {
        let name = "wf-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let notify = try NotifySocket(path: name, abstract: true)
        let (daemon, dir) = try startDaemon(notify: notify, watchdogUSec: nil)
        defer { daemon.terminate(); try? FileManager.default.removeItem(atPath: dir) }
        let got = notify.receive(until: 15) { $0.contains { $0.contains("READY=1") } }
        #expect(got.contains { $0.contains("READY=1") }, "\(got) \(daemon.errorOutput)")
        let more = notify.receive(until: 1) { _ in false }
        #expect(!more.contains("WATCHDOG=1\n"), "\(more)")
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(notify.receive(until: 15) { $0.contains { $0.hasPrefix("STOPPING=1") } }.contains { $0.hasPrefix("STOPPING=1") })
        daemon.waitForExit()
    }

    @Test func logLevelFiltersAndInvalidLevelIsRefused() throws {
        let dir = temporaryDirectory("loglevel")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[daemon]\nlog_level = \"warning\"\n".write(toFile: dir + "/d.toml", atomically: true, encoding: .utf8)
        let quiet = try Child(Binaries.path("watchfloord"), ["--config", dir + "/d.toml", "--db", dir + "/s.db"])
        usleep(1_500_000)
        kill(quiet.process.processIdentifier, SIGTERM)
        quiet.waitForExit()
        #expect(!quiet.errorOutput.contains("level=info"), "\(quiet.errorOutput)")
        let loud = try Child(Binaries.path("watchfloord"), ["--config", dir + "/d.toml", "--db", dir + "/s.db", "--log-level", "debug"])
        _ = DaemonHarness.waitUntil(15) { loud.errorOutput.contains("msg=\"ready: ") }
        kill(loud.process.processIdentifier, SIGTERM)
        loud.waitForExit()
        #expect(loud.errorOutput.contains("level=info msg=\"ready: "), "\(loud.errorOutput)")
        let bad = try run(Binaries.path("watchfloord"), ["--config", dir + "/d.toml", "--log-level", "chatty"])
        #expect(bad.status != 0 && bad.stderr.contains("--log-level must be one of"))
    }
}
