import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorReports

/// Compares `bytes` with `Golden/<name>`; `WATCHFLOOR_RECORD=1` rewrites the file instead.
func expectGolden(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Paths.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["WATCHFLOOR_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: Paths.golden, withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return
    }
    guard let expected = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden \(name); record with WATCHFLOOR_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    if [UInt8](expected) != bytes {
        let actual = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let wanted = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(actual, wanted).enumerated().first { $0.element.0 != $0.element.1 }
        Issue.record("""
            \(name) differs from its golden (re-record with WATCHFLOOR_RECORD=1 if intended); first difference at line \
            \((first?.offset ?? min(actual.count, wanted.count)) + 1):
              golden: \(first.map { String($0.element.1) } ?? "<end>")
              actual: \(first.map { String($0.element.0) } ?? "<end>")
            """, sourceLocation: sourceLocation)
    }
}

@Suite(.serialized) struct GoldenTests {
    static let formats = HandoverFormat.allCases
    static let langs = Language.allCases

    /// The same golden file on both engines: the handover's queries mean the same on PostgreSQL.
    @Test(arguments: formats, langs)
    func handoverMatchesGolden(format: HandoverFormat, lang: Language) throws {
        for engine in StoreEngine.allCases {
            let fx = try Fixture(engine: engine)
            defer { fx.remove() }
            let service = try HandoverService(store: fx.store, settings: fx.settings)
            let bytes = try service.document(shift: .id(Fixture.shiftID), format: format, lang: lang, now: fx.clock.now)
            try expectGolden(bytes, "handover-\(lang.rawValue).\(format.fileExtension)")
        }
    }
}
