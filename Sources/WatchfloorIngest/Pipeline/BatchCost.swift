import WatchfloorCore

/// What a batch will cost the writer, in statements: one per distinct alert key (observations of one key fold
/// into one upsert and one bus event), one per other record and per rejection. The writer cuts batches by this
/// count times the recent cost per statement, so a transaction stays short whether the feed repeats a few keys
/// (thousands of observations fold into a few hundred upserts) or opens a new alert with every line.
struct BatchCost {
    private var seen = Set<Int>()

    /// The statements `unit` would add to the batch so far (its keys count as seen from now on).
    mutating func add(_ unit: DecodedUnit) -> Int {
        var n = unit.result.rejections.count
        if let keys = unit.costKeys {
            n += unit.result.records.count - keys.count
            for k in keys where seen.insert(k).inserted { n += 1 }
            return n
        }
        for r in unit.result.records {
            guard case .alert(let o) = r else { n += 1; continue }
            if seen.insert(Self.key(o)).inserted { n += 1 }
        }
        return n
    }

    /// A unit's alert keys, worked out where it is queued (on the source's thread) rather than by the writer
    /// while it holds the queue's lock.
    static func keys(_ unit: DecodedUnit) -> [Int] {
        var keys: [Int] = []
        for r in unit.result.records { if case .alert(let o) = r { keys.append(key(o)) } }
        return keys
    }

    /// Keys are approximated by a hash of sensor, signature and both endpoints: close enough for an estimate, and
    /// cheaper than the configured dedup key.
    static func key(_ o: AlertObservation) -> Int {
        var h = Hasher()
        h.combine(o.sensor); h.combine(o.signatureID); h.combine(o.src); h.combine(o.dest)
        return h.finalize()
    }
}
