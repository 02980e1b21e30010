import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
#if canImport(Glibc)
import Glibc
#endif

/// Drives the built `watchfloord` and `watchfloor` binaries as processes, with real clients (`logger`, `curl`).
enum DaemonHarness {
    /// The directory holding the built executables: next to the test bundle, else `.build/debug`.
    static var binDirectory: String {
        var candidates: [String] = []
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(arg0.deletingLastPathComponent().path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        candidates.append(Bundle.main.bundleURL.path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug").path)
        for c in candidates where FileManager.default.isExecutableFile(atPath: c + "/watchfloord") { return c }
        return candidates.last!
    }

    static func binary(_ name: String) -> String { binDirectory + "/" + name }

    /// A port nobody listens on right now (TCP and UDP).
    static func freePort() -> Int {
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            let port = Int(UInt16(bigEndian: addr.sin_port))
            close(fd)
            // Make sure UDP is free on it too.
            let u = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            addr.sin_port = UInt16(port).bigEndian
            let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(u, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
            close(u)
            if ok && port > 0 { return port }
        }
        return 0
    }

    /// Runs a program to completion; returns (status, stdout, stderr).
    @discardableResult
    static func run(_ path: String, _ args: [String], stdin: Data? = nil) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        if let stdin {
            let i = Pipe()
            p.standardInput = i
            try p.run()
            i.fileHandleForWriting.write(stdin)
            try i.fileHandleForWriting.close()
        } else {
            p.standardInput = FileHandle.nullDevice
            try p.run()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A daemon config with one spool (`DIR/spool`, created) polled every 20 ms, batches of 2000, no correlation.
    static func spoolConfig(_ dir: String) -> String {
        try? FileManager.default.createDirectory(atPath: dir + "/spool", withIntermediateDirectories: true)
        return "[daemon]\nbatch_max_records = 2000\n[daemon.correlation]\nenabled = false\n[[daemon.spool]]\nname = \"spool\"\npath = \"spool\"\npoll_ms = 20\n"
    }

    /// `lines` Suricata EVE alert lines over `distinct` alert identities (so `SUM(count)` = lines, `COUNT(*)` = distinct).
    static func eveAlerts(lines: Int, distinct: Int) -> String {
        var text = ""
        text.reserveCapacity(lines * 330)
        for i in 0..<lines {
            let k = i % distinct
            text += "{\"timestamp\":\"2026-11-20T08:\(String(format: "%02d:%02d", (i / 60) % 60, i % 60)).000000+0800\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.\(k % 250)\",\"src_port\":5\(k % 7),\"dest_ip\":\"10.99.\(k % 3).\(k % 11)\",\"dest_port\":443,\"proto\":\"TCP\",\"host\":\"ids-\(k % 4)\",\"alert\":{\"action\":\"allowed\",\"signature_id\":\(2_000_000 + k),\"signature\":\"ET TEST \(k)\",\"severity\":2}}\n"
        }
        return text
    }

    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") { return "\(dir)/\(tool)" }
        return nil
    }

    static func waitUntil(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}

/// One daemon process on a temporary store and config.
final class DaemonProcess {
    let dir: String
    let db: String
    let config: String
    let log: String
    private(set) var process: Process?
    private let scratch: ScratchLocation?
    /// False: start without `--db` and without `$WATCHFLOOR_DB`, so the config's `[store] url` chooses the store.
    var passesStoreOnCommandLine = true

    /// `store`: a store location to use (a PostgreSQL URL, say) instead of a fresh one on `engine`.
    init(engine: StoreEngine = .sqlite, store: String? = nil, configBody: (String) -> String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("wfd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        scratch = store == nil ? try ScratchLocation(engine: engine, file: dir + "/store.db") : nil
        db = store ?? scratch!.location
        config = dir + "/watchfloord.toml"
        log = dir + "/daemon.log"
        try configBody(dir).write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit {
        if let p = process, p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: dir)
    }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Starts the daemon and waits for its "ready" line.
    func start() throws {
        if !FileManager.default.fileExists(atPath: log) { FileManager.default.createFile(atPath: log, contents: nil) }
        let h = FileHandle(forWritingAtPath: log)!
        h.seekToEndOfFile()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DaemonHarness.binary("watchfloord"))
        p.arguments = ["--config", config] + (passesStoreOnCommandLine ? ["--db", db] : [])
        if !passesStoreOnCommandLine {
            p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "WATCHFLOOR_DB" }
        }
        p.standardError = h
        p.standardOutput = h
        p.standardInput = FileHandle.nullDevice
        try p.run()
        process = p
        let readyCount = readyLines
        guard DaemonHarness.waitUntil(15, { readyLines > readyCount || !p.isRunning }), p.isRunning else {
            throw HarnessError("watchfloord did not become ready:\n\(logText)")
        }
    }

    /// How many "ready: …" events the log holds (the key=value line quotes the message: `msg="ready: …"`).
    var readyLines: Int { logText.components(separatedBy: "msg=\"ready: ").count - 1 }

    func signal(_ sig: Int32) { if let p = process { kill(p.processIdentifier, sig) } }

    /// Sends SIGTERM and returns the exit status.
    func terminate() -> Int32 {
        guard let p = process else { return -1 }
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        return p.terminationStatus
    }

    func killHard() {
        guard let p = process else { return }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    /// `watchfloor list WHAT --json` against this store.
    func list(_ what: String, _ extra: [String] = []) throws -> [JSONValue] {
        let (status, out, err) = try DaemonHarness.run(DaemonHarness.binary("watchfloor"), ["list", what, "--json", "--db", db, "--limit", "10000"] + extra)
        guard status == 0 else { throw HarnessError("watchfloor list \(what) failed: \(err)") }
        return try JSONParser.parse(out).array ?? []
    }

    func scalar(_ sql: String) throws -> Int64 {
        let s = try Store(path: db, create: false)
        return try s.withConnection { try $0.scalarInt(sql) ?? 0 }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension DaemonProcess {
    /// Starts the daemon with `text` as one big spool file (written aside and renamed in, so the spool never sees it
    /// half-written) and waits up to 60 s for a checkpoint inside it: the moment the kill and restart tests strike.
    func startAndWaitMidwayThrough(spoolFile text: String) throws -> (midway: Bool, checkpoint: Int64, size: Int64) {
        let spool = dir + "/spool"
        try text.write(toFile: spool + "/big.eve.json.tmp", atomically: false, encoding: .utf8)
        try start()
        #expect(rename(spool + "/big.eve.json.tmp", spool + "/big.eve.json") == 0)
        var at: Int64 = 0
        let midway = DaemonHarness.waitUntil(60) {
            at = (try? scalar("SELECT COALESCE(MAX(offset),0) FROM checkpoints WHERE source='spool'")) ?? 0
            return at > 0
        }
        return (midway, at, Int64(text.utf8.count))
    }
}
