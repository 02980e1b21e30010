import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// How the demo commits: through the same writer the daemon uses.
enum DemoPipeline {
    static func writer(store: Store, settings: WatchfloorSettings) -> (IngestBatch) throws -> BatchOutcome {
        let writer = IngestWriter(store: store)
        return { try writer.write($0) }
    }
}
