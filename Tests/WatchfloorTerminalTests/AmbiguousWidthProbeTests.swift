import Foundation
import Testing
@testable import WatchfloorTerminal
#if canImport(Glibc)
import Glibc
#endif

/// The ambiguous-width probe against a real pseudo-terminal whose far end plays the terminal: it reads the probe,
/// answers with a cursor-position report, or stays silent.
@Suite struct AmbiguousWidthProbeTests {
    /// Opens a pty pair through /dev/ptmx (unlock, then ask its number); returns (master, slave).
    func pty() throws -> (Int32, Int32) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            throw PTYError()
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw PTYError() }
        return (master, slave)
    }

    struct PTYError: Error {}

    /// Plays a terminal on `master`: waits for the probe's `ESC [ 6 n`, then writes `answer` (if any).
    func terminal(_ master: Int32, answer: String?) -> Thread {
        let t = Thread {
            var seen: [UInt8] = []
            var byte: UInt8 = 0
            while read(master, &byte, 1) == 1 {
                seen.append(byte)
                if seen.suffix(4) == Array("\u{1B}[6n".utf8) { break }
            }
            if let answer { _ = answer.withCString { write(master, $0, strlen($0)) } }
        }
        t.start()
        return t
    }

    @Test(arguments: [("\u{1B}[12;3R", AmbiguousWidthProbe.Answer.wide), ("\u{1B}[12;2R", .narrow),
                      ("typed-ahead\u{1B}[1;3R", .wide)])
    func answersAreRead(reply: String, expected: AmbiguousWidthProbe.Answer) throws {
        let (master, slave) = try pty()
        defer { close(master); close(slave) }
        _ = terminal(master, answer: reply)
        #expect(AmbiguousWidthProbe.probe(tty: slave, timeout: 2) == expected)
    }

    @Test func silenceIsNoAnswer() throws {
        let (master, slave) = try pty()
        defer { close(master); close(slave) }
        _ = terminal(master, answer: nil)
        let start = Date()
        #expect(AmbiguousWidthProbe.probe(tty: slave, timeout: 0.3) == nil)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func cursorReportParsing() {
        #expect(AmbiguousWidthProbe.cursorColumn(Array("\u{1B}[24;80R".utf8)) == 80)
        #expect(AmbiguousWidthProbe.cursorColumn(Array("\u{1B}[24R".utf8)) == nil)
        #expect(AmbiguousWidthProbe.cursorColumn(Array("\u{1B}[a;bR".utf8)) == nil)
        #expect(AmbiguousWidthProbe.cursorColumn(Array("24;80R".utf8)) == nil)
    }
}
