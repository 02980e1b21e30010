import WatchfloorCore
import WatchfloorStore

/// The writer side of the pipeline: turns queued units into `IngestBatch`es (one per source, in arrival order),
/// runs the correlation rule over their alerts, and commits each batch — records, dead letters, correlated
/// incidents and the units' checkpoints — in one transaction through `IngestWriter`.
///
/// Not thread-safe: one writer thread (or the CLI's one thread) owns it.
public final class BatchCommitter {
    public let writer: IngestWriter
    public private(set) var correlator: Correlator

    public init(store: Store, config: PipelineConfig) throws {
        writer = IngestWriter(store: store, dedup: config.dedup, actor: "watchfloord")
        writer.rawLimit = config.rawLimit
        writer.opinion.settings = config.opinion
        correlator = Correlator(rule: config.correlation)
        // The writer revisits the same alert rows and index pages batch after batch: keep them in this connection's
        // cache (16 MiB instead of SQLite's 2 MiB) rather than re-reading them from the OS. Not more: the cache is
        // most of the daemon's resident memory, and the OS page cache holds the rest of the file anyway.
        try store.withConnection { try $0.execute("PRAGMA cache_size=-16384") }
        // A multi-row upsert inside a transaction keeps a statement journal (the pages it touched, so a failing row
        // undoes only its statement). Past 64 KiB SQLite spills it to a temporary file: traced on 20,000 EVE lines,
        // those spills were ~140 MB of the ~230 MB the writer wrote, about 10× the WAL itself. In memory it is
        // bounded by what one 32-row statement touches. Only this connection: exports' large sorts keep spilling.
        try store.withConnection { try $0.execute("PRAGMA temp_store=MEMORY") }
        try setCheckpointPages(config.walCheckpointPages)
        try resumeEpisodes()
    }

    public func reconfigure(_ config: PipelineConfig) {
        writer.dedup = config.dedup
        writer.rawLimit = config.rawLimit
        writer.opinion.settings = config.opinion
        correlator.rule = config.correlation
        try? setCheckpointPages(config.walCheckpointPages)
    }

    private func setCheckpointPages(_ pages: Int) throws {
        try writer.store.withConnection { try $0.execute("PRAGMA wal_autocheckpoint=\(pages)") }
    }

    /// Picks up correlated incidents still open in the store, so a restart in the middle of an alert burst keeps
    /// linking to the incident already opened for it.
    func resumeEpisodes() throws {
        let rows = try writer.store.withConnection { c in
            try c.query("""
                SELECT a.asset, i.source_ref, MAX(a.last_seen), i.level, i.grid_id FROM incidents i JOIN alerts a ON a.incident_id = i.id
                WHERE i.source = ? AND i.status NOT IN ('resolved', 'closed') AND i.source_ref IS NOT NULL AND a.asset IS NOT NULL
                GROUP BY i.id, a.asset
                """, [.text(CorrelationRule.source)]) { r in
                (r.string(0), r.string(1), Timestamp(milliseconds: r.int64(2)), Level(rawValue: Int(r.int64(3))) ?? .two, r.stringOptional(4))
            }
        }
        for (asset, ref, last, level, grid) in rows {
            correlator.resume(asset: asset, sourceRef: ref, lastSeen: last, level: level, grid: grid)
        }
    }

    /// Commits `units` as one transaction per source. On success the correlation state advances; on failure
    /// nothing of the failed batch is kept (SQLite rolled it back) and the error is thrown.
    @discardableResult
    public func commit(_ units: [DecodedUnit]) throws -> BatchOutcome {
        var total = BatchOutcome()
        for batch in try batches(units) {
            var next = correlator
            var b = batch
            b.correlated = correlate(b.records, &next)
            total.merge(try writer.write(b))
            correlator = next
        }
        return total
    }

    /// Groups units by source, keeping the order of first appearance; the checkpoints kept are the last one per
    /// (source, path), which is the furthest position because each source queues its units in order.
    func batches(_ units: [DecodedUnit]) throws -> [IngestBatch] {
        var order: [String] = []
        var bySource: [String: IngestBatch] = [:]
        var checkpoints: [String: [String: Checkpoint]] = [:]
        var checkpointOrder: [String: [String]] = [:]
        for u in units {
            if bySource[u.source] == nil { bySource[u.source] = IngestBatch(source: u.source); order.append(u.source) }
            bySource[u.source]!.records += u.result.records
            bySource[u.source]!.rejections += u.result.rejections
            if let cp = u.checkpoint {
                if checkpoints[u.source, default: [:]][cp.path] == nil { checkpointOrder[u.source, default: []].append(cp.path) }
                checkpoints[u.source, default: [:]][cp.path] = cp
            }
        }
        return order.map { s in
            var b = bySource[s]!
            b.checkpoints = (checkpointOrder[s] ?? []).compactMap { checkpoints[s]?[$0] }
            return b
        }
    }

    /// Runs the rule over a batch's alerts in order; one `CorrelatedIncident` per episode (the earliest `since`).
    func correlate(_ records: [IngestRecord], _ correlator: inout Correlator) -> [CorrelatedIncident] {
        guard correlator.rule.enabled else { return [] }
        var out: [CorrelatedIncident] = []
        var index: [String: Int] = [:]
        for r in records {
            guard case .alert(let o) = r, let hit = correlator.observe(o) else { continue }
            let ref = hit.incident.sourceRef ?? ""
            if let i = index[ref] {
                if hit.since < out[i].since { out[i].since = hit.since }
            } else {
                index[ref] = out.count
                out.append(hit)
            }
        }
        return out
    }
}
