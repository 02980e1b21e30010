import Foundation
import Testing
@testable import WatchfloorTerminal

/// Golden-file snapshots of buffers. Each row is framed by `|` so trailing spaces show; wide characters appear
/// once, so a correct file lines up in any CJK-aware editor. Re-record with `WATCHFLOOR_RECORD=1 swift test`.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The text snapshot of a buffer, with a style snapshot (role codes of `Theme.distinctForTesting`) when
    /// `styles` is true.
    static func snapshot(_ buffer: Buffer, styles: Bool = false) -> String { buffer.snapshotText(styles: styles) }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent("\(name).txt")
        let record = ProcessInfo.processInfo.environment["WATCHFLOOR_RECORD"].map { !$0.isEmpty && $0 != "0" } ?? false
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if record || expected == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record("golden file \(name).txt was missing; recorded it — check it and re-run",
                             sourceLocation: sourceLocation)
            }
            return
        }
        #expect(actual == expected, "golden \(name).txt differs; if intended, re-record with WATCHFLOOR_RECORD=1",
                sourceLocation: sourceLocation)
    }
}
