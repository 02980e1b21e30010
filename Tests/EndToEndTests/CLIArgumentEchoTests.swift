import Foundation
import Testing

/// ArgumentParser quotes a bad argument back in its error: that echo passes the sanitiser like every other line.
@Suite struct CLIArgumentEchoTests {
    let watchfloor = Binaries.path("watchfloor")

    @Test func aHostileArgumentIsNotEchoedAsAnEscapeSequence() throws {
        let dir = temporaryDirectory("cli-echo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for args in [["list", "x\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m\u{202E}"], ["list", "incidents", "--limit", "1\u{1B}[2J"],
                     ["ack", "INC-1", "--expect-version", "\u{1B}]0;PWNED\u{07}"]] {
            let r = try run(watchfloor, args + ["--db", dir + "/w.db"])
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains("Error:") && r.stderr.contains("Usage:"), "\(r.stderr)")
            #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E },
                    "\(r.stderr.debugDescription)")
        }
        let help = try run(watchfloor, ["list", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: watchfloor list"))
        let version = try run(watchfloor, ["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
