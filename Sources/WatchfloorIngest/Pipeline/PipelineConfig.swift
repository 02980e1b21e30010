import WatchfloorCore

/// How the pipeline decodes, enriches, correlates and batches. Part of `DaemonConfig`; `watchfloor ingest`
/// builds one from the same `[daemon]` section so the CLI and the daemon agree.
public struct PipelineConfig: Sendable, Equatable {
    /// Records per transaction at most (a single unit that decodes to more is still committed whole, so its
    /// checkpoint stays with its records). Large, because `batchMaxMilliseconds` cuts first: the more
    /// observations of one key a batch holds, the more fold into one upsert.
    public var batchMaxRecords = 20_000
    /// Extra time the writer waits for a batch to fill. 0 commits whenever the writer is free (group commit:
    /// under load batches grow by themselves, and a lone record is visible after one commit).
    public var lingerMilliseconds = 0
    /// Back-pressure: sources wait while this many decoded records are queued …
    public var queueMaxRecords = 100_000
    /// … or while the queued units came from this many input bytes: decoded records are about twice their
    /// input, so this bounds the daemon's memory whatever the file or the burst.
    public var queueMaxBytes = 4 << 20
    /// A batch is cut so that its transaction holds the write lock about this long (the writer learns the cost
    /// per statement as it goes, in its CPU time: the wall time whenever the machine has a core for it, and not
    /// inflated by waiting for one when it has not): an operator's action waits behind at most one short batch,
    /// whatever the batch size allows. Longer batches fold more observations per key and commit less often, but
    /// measured (`watchfloor-bench contention`, 2 cores) 50 ms gave ack p99 57–82 ms and 25 ms gave 23 ms with the
    /// same ingest rate, since an action waits behind up to one batch and then commits its own.
    public var batchMaxMilliseconds = 25
    /// After a transaction that held the write lock for a while, the writer can leave it free this long, so
    /// another process waiting for it gets its turn. Off by default: waiters poll the lock every 200 µs
    /// (`Connection.setBusyPolling`) and win it between two batches anyway (`watchfloor-bench contention`).
    public var commitPauseMicroseconds = 0
    /// WAL pages after which the writer's commit copies the log back into the database (SQLite's
    /// `wal_autocheckpoint`, 1,000 by default). A longer log lets the pages every batch rewrites (alert rows,
    /// the dedup-key index) be copied once per checkpoint instead of once per few batches; it also bounds the
    /// `-wal` file (4 KiB per page).
    public var walCheckpointPages = 1_000
    public var maxBodyBytes = 8 << 20
    public var maxLineBytes = Decoders.maxLineBytes
    /// Raw bytes kept per dead letter and per alert sample.
    public var rawLimit = 4096
    public var dedup = DedupKeySpec()
    /// `[daemon] county`: the one county this daemon writes (its 6-digit code); nil writes whatever arrives.
    public var county: String?
    public var correlation = CorrelationRule()
    public var assets = AssetInventory()
    public var defaultSensor = "sensor"
    public var offsetSeconds = ISOTime.chinaOffsetSeconds
    public var csvMapping: HotlineCSVMapping = .chinese12345
    /// Which GeoJSON feature properties hold a grid's id, name and parent (the defaults try common names).
    public var geoJSON = GeoJSONMapping()
    /// Per source name: the zone assumed for RFC 3164 timestamps (`assume_utc_offset` of a syslog listener).
    public var assumedUTCOffsets: [String: Int] = [:]
    /// Public opinion: watch rules, clustering and heat thresholds (`[daemon.opinion]`), and the post CSV columns.
    public var opinion = OpinionSettings()
    public var postCSV = PostCSVMapping()

    public init() {}

    public func context(source: String, receivedAt: Timestamp?) -> DecodeContext {
        var c = DecodeContext(sourceName: source, defaultOffsetSeconds: offsetSeconds, hotlineCSV: csvMapping, geoJSON: geoJSON,
                              defaultSensor: defaultSensor, receivedAt: receivedAt, assumedUTCOffsetSeconds: assumedUTCOffsets[source])
        c.postCSV = postCSV
        return c
    }
}
