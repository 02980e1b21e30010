import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal itself how wide it draws East-Asian ambiguous-width characters (○ · ※ Ⅰ, box drawing):
/// many CJK terminals and fonts draw them two columns wide, and a layout that counts one then drifts.
///
/// The probe writes `\r○` and a cursor-position request (`ESC [ 6 n`) and reads the answer `ESC [ row ; col R`:
/// column 3 means the character took two cells, column 2 one. It then erases what it drew. The terminal must be in
/// raw mode (the UI's ncurses already is; `probe(tty:)` sets it for a plain command).
public enum AmbiguousWidthProbe {
    public enum Answer: String, Sendable, Equatable {
        case narrow, wide
    }

    /// Probes the controlling terminal when standard output is one; nil when there is none or it did not answer.
    public static func probeControllingTerminal(timeout: TimeInterval = 0.5) -> Answer? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return probe(tty: fd, timeout: timeout)
    }

    /// Puts `fd` (a terminal) in raw mode for the duration of the exchange, then restores it.
    public static func probe(tty fd: Int32, timeout: TimeInterval = 0.5) -> Answer? {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(fd, TCSANOW, &saved) }
        return exchange(input: fd, output: fd, timeout: timeout)
    }

    /// The exchange itself on a terminal already in raw mode (the UI calls this between frames).
    public static func exchange(input: Int32, output: Int32, timeout: TimeInterval = 0.5) -> Answer? {
        write(output, "\r\u{25CB}\u{1B}[6n")
        defer { write(output, "\r\u{1B}[K") }
        var answer: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, answer.count < 64 {
            var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ms = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&p, 1, ms) > 0 else { break }
            var byte: UInt8 = 0
            guard read(input, &byte, 1) == 1 else { break }
            answer.append(byte)
            if byte == UInt8(ascii: "R"), let column = cursorColumn(answer) {
                return column >= 3 ? .wide : .narrow
            }
        }
        return nil
    }

    /// The column of the last `ESC [ row ; col R` in `bytes` (other input before it is ignored).
    public static func cursorColumn(_ bytes: [UInt8]) -> Int? {
        guard let esc = bytes.lastIndex(of: 0x1B), bytes.last == UInt8(ascii: "R") else { return nil }
        let body = String(decoding: bytes[(esc + 1)...].dropLast(), as: UTF8.self)
        guard body.hasPrefix("[") else { return nil }
        let parts = body.dropFirst().split(separator: ";")
        guard parts.count == 2, Int(parts[0]) != nil, let col = Int(parts[1]) else { return nil }
        return col
    }

    private static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
