import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// How the demo commits: the daemon's own batch committer (asset inventory, correlation rule, dedup key) configured
/// from `watchfloord.toml` beside the sample data, so the demo shows exactly what the daemon would produce.
enum DemoPipeline {
    static func writer(store: Store, sampleDirectory: String) throws -> (IngestBatch) throws -> BatchOutcome {
        var config = PipelineConfig()
        let daemonConfig = (sampleDirectory as NSString).appendingPathComponent("watchfloord.toml")
        if FileManager.default.fileExists(atPath: daemonConfig) {
            config = try DaemonConfig.load(path: daemonConfig).1.pipeline
        }
        let committer = try BatchCommitter(store: store, config: config)
        let assets = config.assets
        return { batch in
            var records = batch.records
            assets.enrich(&records)
            var unit = DecodedUnit(source: batch.source, result: DecodeResult(records: records, rejections: batch.rejections))
            unit.checkpoint = batch.checkpoints.first
            return try committer.commit([unit])
        }
    }
}
