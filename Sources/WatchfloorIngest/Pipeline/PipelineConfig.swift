import WatchfloorCore

/// How the pipeline decodes, enriches, correlates and batches. Part of `DaemonConfig`; `watchfloor ingest`
/// builds one from the same `[daemon]` section so the CLI and the daemon agree.
public struct PipelineConfig: Sendable, Equatable {
    /// Records per transaction at most (a single unit that decodes to more is still committed whole, so its
    /// checkpoint stays with its records).
    public var batchMaxRecords = 5000
    /// Extra time the writer waits for a batch to fill. 0 commits whenever the writer is free (group commit:
    /// under load batches grow by themselves, and a lone record is visible after one commit).
    public var lingerMilliseconds = 0
    /// Back-pressure: sources wait while this many decoded records are queued.
    public var queueMaxRecords = 100_000
    public var maxBodyBytes = 8 << 20
    public var maxLineBytes = Decoders.maxLineBytes
    /// Raw bytes kept per dead letter and per alert sample.
    public var rawLimit = 4096
    public var dedup = DedupKeySpec()
    public var correlation = CorrelationRule()
    public var assets = AssetInventory()
    public var defaultSensor = "sensor"
    public var offsetSeconds = ISOTime.chinaOffsetSeconds
    public var csvMapping: HotlineCSVMapping = .chinese12345
    /// Which GeoJSON feature properties hold a grid's id, name and parent (the defaults try common names).
    public var geoJSON = GeoJSONMapping()
    /// Public opinion: watch rules, clustering and heat thresholds (`[daemon.opinion]`), and the post CSV columns.
    public var opinion = OpinionSettings()
    public var postCSV = PostCSVMapping()

    public init() {}

    public func context(source: String, receivedAt: Timestamp?) -> DecodeContext {
        var c = DecodeContext(sourceName: source, defaultOffsetSeconds: offsetSeconds, hotlineCSV: csvMapping, geoJSON: geoJSON,
                              defaultSensor: defaultSensor, receivedAt: receivedAt)
        c.postCSV = postCSV
        return c
    }
}
