import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// Seeds a store with the sample county (`sampledata/*.jsonl`) through the real decoders and `IngestWriter`,
/// rebased so the newest record is now (the demo's own seeding): the UI then shows live-looking ages, countdowns
/// and sparklines.
enum UISampleData {
    static let directory = Binaries.packageRoot.appendingPathComponent("sampledata")

    @discardableResult
    static func seed(_ store: Store) throws -> BatchOutcome {
        let writer = IngestWriter(store: store)
        return try DemoReplay(options: .init(sampleDirectory: directory.path), write: { try writer.write($0) }).seed()
    }
}
