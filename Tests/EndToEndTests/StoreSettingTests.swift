import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore

/// `[store] url` in the settings file chooses the store for the daemon and the CLI when neither `--db` nor
/// `$WATCHFLOOR_DB` does (a relative file path is relative to the settings file), on both engines.
@Suite struct StoreSettingTests {
    static let line = "{\"timestamp\":\"2026-11-20T08:00:00.000000+0800\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.7\",\"src_port\":5,\"dest_ip\":\"10.99.0.1\",\"dest_port\":443,\"proto\":\"TCP\",\"host\":\"ids-城关\",\"alert\":{\"action\":\"allowed\",\"signature_id\":2000001,\"signature\":\"ET TEST 设置\",\"severity\":2}}\n"

    @Test(arguments: StoreEngine.allCases) func daemonAndCLIUseTheStoreOfTheSettingsFile(engine: StoreEngine) throws {
        let d = try DaemonProcess(engine: engine) { dir in
            try? FileManager.default.createDirectory(atPath: dir + "/spool", withIntermediateDirectories: true)
            return "[daemon]\n[[daemon.spool]]\nname = \"spool\"\npath = \"spool\"\npoll_ms = 20\n"
        }
        // The sqlite store as a path relative to the settings file; the PostgreSQL store as its URL.
        let url = engine == .sqlite ? "store.db" : d.db
        try ("[store]\nurl = \"\(url)\"\n" + (try String(contentsOfFile: d.config, encoding: .utf8)))
            .write(toFile: d.config, atomically: true, encoding: .utf8)
        #expect(d.db == (engine == .sqlite ? d.dir + "/store.db" : url))
        let (status, check, _) = try DaemonHarness.run(DaemonHarness.binary("watchfloord"), ["--config", d.config, "--check-config"])
        #expect(status == 0)
        #expect(check.contains("store: \(StoreEngine.displayable(d.db))\n"), "\(check)")

        d.passesStoreOnCommandLine = false
        try d.start()
        try (String(repeating: Self.line, count: 3)).write(toFile: d.dir + "/spool/a.eve.json", atomically: true, encoding: .utf8)
        #expect(DaemonHarness.waitUntil(30) { FileManager.default.fileExists(atPath: d.dir + "/spool/done/a.eve.json") }, "\(d.logText)")
        #expect(d.terminate() == 0)
        #expect(try d.scalar("SELECT SUM(count) FROM alerts") == 3)

        // The CLI reads the same settings file and so the same store; --db and $WATCHFLOOR_DB still come first.
        var env = ProcessInfo.processInfo.environment
        env["WATCHFLOOR_DB"] = nil
        let listed = try Self.cli(["list", "alerts", "--json", "--config", d.config], env)
        #expect(listed.0 == 0, "\(listed.2)")
        #expect(try JSONParser.parse(listed.1).array?.first?["count"]?.int == 3)
        let other = d.dir + "/other.db"
        env["WATCHFLOOR_DB"] = other
        let viaEnv = try Self.cli(["list", "alerts", "--json", "--config", d.config], env)
        #expect(viaEnv.0 != 0 && viaEnv.2.contains(other), "\(viaEnv.2)")
        env["WATCHFLOOR_DB"] = nil
        let viaFlag = try Self.cli(["list", "alerts", "--json", "--config", d.config, "--db", other], env)
        #expect(viaFlag.0 != 0 && viaFlag.2.contains(other), "\(viaFlag.2)")
    }

    /// `[store] url` that is not a string is a settings error naming the file.
    @Test func aStoreURLThatIsNotTextIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[store]\nurl = 5\n".write(toFile: dir + "/watchfloor.toml", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try WatchfloorSettings.load(path: dir + "/watchfloor.toml") }
        try "[store]\nurl = \"../db/w.db\"\n".write(toFile: dir + "/watchfloor.toml", atomically: true, encoding: .utf8)
        #expect(try WatchfloorSettings.load(path: dir + "/watchfloor.toml").storeURL == dir + "/../db/w.db")
    }

    static func cli(_ args: [String], _ env: [String: String]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DaemonHarness.binary("watchfloor"))
        p.arguments = args
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
