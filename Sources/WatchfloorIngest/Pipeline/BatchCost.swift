import WatchfloorCore

/// What a batch will cost the writer, in statements: one per distinct alert key (observations of one key fold
/// into one upsert and one bus event), one per other record and per rejection. The writer cuts batches by this
/// count times the recent cost per statement, so a transaction stays short whether the feed repeats a few keys
/// (thousands of observations fold into a few hundred upserts) or opens a new alert with every line.
struct BatchCost {
    private var seen = Set<Int>()

    /// The statements `unit` would add to the batch so far (its keys count as seen from now on). Keys are approximated by a hash of sensor, signature and
    /// both endpoints: close enough for an estimate, and cheaper than the configured dedup key.
    mutating func add(_ unit: DecodedUnit) -> Int {
        var n = unit.result.rejections.count
        for r in unit.result.records {
            guard case .alert(let o) = r else { n += 1; continue }
            var h = Hasher()
            h.combine(o.sensor); h.combine(o.signatureID); h.combine(o.src); h.combine(o.dest)
            if seen.insert(h.finalize()).inserted { n += 1 }
        }
        return n
    }
}
