import Foundation

/// Locates the built executables (`watchfloor`, `watchfloord`, `watchfloor-bench`): next to the test bundle,
/// or `$WATCHFLOOR_BIN_DIR`.
enum Binaries {
    static let directory: URL = {
        let env = ProcessInfo.processInfo.environment
        if let d = env["WATCHFLOOR_BIN_DIR"], !d.isEmpty { return URL(fileURLWithPath: d) }
        var candidates: [URL] = []
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(arg0.deletingLastPathComponent())
        candidates.append(arg0.deletingLastPathComponent().deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.appendingPathComponent("watchfloor").path) {
            return c
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a process to completion, capturing its output.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    if let stdin {
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try inPipe.fileHandleForWriting.close()
    } else {
        p.standardInput = FileHandle.nullDevice
        try p.run()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// A long-running child (a follower, the daemon) whose stdout is collected in the background.
final class Child: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var buffer = Data()
    private var errBuffer = Data()
    private var openStreams = 2
    private let outPipe = Pipe()
    private let errPipe = Pipe()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = outPipe, err = errPipe
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); defer { self.lock.unlock() }
            if d.isEmpty { h.readabilityHandler = nil; self.openStreams -= 1 } else { self.buffer.append(d) }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); defer { self.lock.unlock() }
            if d.isEmpty { h.readabilityHandler = nil; self.openStreams -= 1 } else { self.errBuffer.append(d) }
        }
        try process.run()
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: buffer, as: UTF8.self) }
    var errorOutput: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errBuffer, as: UTF8.self) }

    /// Waits until `predicate(output)` holds or the timeout passes.
    @discardableResult
    func waitFor(timeout: TimeInterval, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(output) { return true }
            usleep(20_000)
        }
        return predicate(output)
    }

    /// Waits for the process to exit and for its output to be fully read.
    func waitForExit() {
        process.waitUntilExit()
        // The writer is gone: stop the callbacks and read whatever is left synchronously.
        lock.lock()
        outPipe.fileHandleForReading.readabilityHandler = nil
        errPipe.fileHandleForReading.readabilityHandler = nil
        let stillOpen = openStreams
        openStreams = 0
        lock.unlock()
        guard stillOpen > 0 else { return }
        let restOut = outPipe.fileHandleForReading.readDataToEndOfFile()
        let restErr = errPipe.fileHandleForReading.readDataToEndOfFile()
        lock.lock(); buffer.append(restOut); errBuffer.append(restErr); lock.unlock()
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }
}

func temporaryDirectory(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "wf-\(tag)-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Asks `posix_spawn` to close every descriptor from 3 up in the child. A server that outlives the spawn (tmux,
/// PostgreSQL) would otherwise hold sockets and pipes that tests running meanwhile opened without close-on-exec, and
/// keep their ports busy after they are closed. glibc has the call since 2.34 but Swift's Glibc module does not
/// export it, so it is looked up by name; without it nothing is added.
func closeDescriptorsFromThreeInChild(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
}
