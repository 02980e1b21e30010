import WatchfloorCore

/// The alert path of `IngestWriter`, the hot path of every sensor feed: observations are folded by dedup key
/// before the transaction (`AlertFold`), then each distinct key costs one upsert statement, one bus event and one
/// add to the hourly roll-up; the events and roll-up adds go in multi-row statements (`AlertEventWrites`).
extension IngestWriter {
    /// Observations with the same dedup key, in first-seen order.
    struct AlertFold {
        var aggregates: [AlertAggregate] = []
        var index: [String: Int] = [:]

        mutating func add(_ o: AlertObservation, key: String) {
            if let i = index[key] { aggregates[i].add(o) } else {
                index[key] = aggregates.count
                aggregates.append(AlertAggregate(key: key, first: o))
            }
        }
    }

    struct AlertAggregate {
        let key: String
        var first: AlertObservation
        var count = 1
        var firstSeen: Timestamp
        var lastSeen: Timestamp
        var level: Level

        init(key: String, first: AlertObservation) {
            self.key = key; self.first = first; firstSeen = first.at; lastSeen = first.at; level = first.level
        }

        mutating func add(_ o: AlertObservation) {
            count += 1
            if o.at < firstSeen { firstSeen = o.at }
            if o.at > lastSeen { lastSeen = o.at }
            if o.level < level { level = o.level }
        }
    }

    /// One statement for the common cases: a new key inserts, a live one adds to its count. The `WHERE` leaves a
    /// closed alert untouched (no row comes back), and that rare case takes the reopen path.
    static let upsertAlertSQL = """
        INSERT INTO alerts(dedup_key, first_seen, last_seen, count, sensor, signature_id, signature, category, level,
          src, dest, proto, action, asset, grid_id, status, sample) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'new',?)
        ON CONFLICT(dedup_key) DO UPDATE SET count=count+excluded.count, first_seen=min(first_seen, excluded.first_seen),
          last_seen=max(last_seen, excluded.last_seen), level=min(level, excluded.level)
        WHERE status <> 'closed'
        RETURNING id, count
        """

    func upsertAlert(_ c: Connection, _ a: AlertAggregate, _ now: Timestamp, _ events: inout AlertEventWrites,
                     _ out: inout BatchOutcome) throws {
        let o = a.first
        let sample = o.raw.map { raw -> String in
            // Sensor lines are nearly always printable ASCII, which needs no sanitising: check that 8 bytes at a time.
            let clean = IngestWriter.isPrintableASCII(raw) ? raw : Sanitize.text(raw)
            // Counting characters walks grapheme clusters: only cut what can be too long.
            return clean.utf8.count <= rawLimit ? clean : String(clean.prefix(rawLimit))
        }
        let signature = Sanitize.line(o.signature)
        let row = try c.queryOne(IngestWriter.upsertAlertSQL, [
            .text(a.key), .int(a.firstSeen.milliseconds), .int(a.lastSeen.milliseconds), .int(Int64(a.count)),
            .text(Sanitize.line(o.sensor)), .int(Int64(o.signatureID)), .text(signature),
            .from(Sanitize.optionalLine(o.category)), .int(Int64(a.level.rawValue)), .text(Sanitize.line(o.src)),
            .text(Sanitize.line(o.dest)), .from(Sanitize.optionalLine(o.proto)), .from(Sanitize.optionalLine(o.action)),
            .from(Sanitize.optionalLine(o.asset)), .from(o.gridID), .from(sample),
        ]) { ($0.int64(0), $0.int64(1)) }
        guard let (id, count) = row else { return try reopenAlert(c, a, &events, &out) }
        if count == Int64(a.count) {
            // A live row's count was at least 1 before: only a fresh insert comes back with exactly this batch's count.
            out.created["alert", default: 0] += 1
            events.add(Topic.alertRaised, alert: id, data:
                "{\"asset\":\(json(o.asset.map(Sanitize.line))),\"delta\":\(a.count),\"level\":\(a.level.rawValue),"
                + "\"signature\":\(json(signature))}", delta: a.count)
        } else {
            out.updated["alert", default: 0] += 1
            events.add(Topic.alertUpdated, alert: id, data: "{\"delta\":\(a.count),\"last_seen\":\(json(a.lastSeen.iso))}",
                       delta: a.count)
        }
    }

    /// A closed alert that fires again opens as new, without its old acknowledgement.
    private func reopenAlert(_ c: Connection, _ a: AlertAggregate, _ events: inout AlertEventWrites,
                             _ out: inout BatchOutcome) throws {
        guard let id = try c.scalarInt("SELECT id FROM alerts WHERE dedup_key=?", [.text(a.key)]) else { return }
        try c.run("""
            UPDATE alerts SET count=count+?, first_seen=min(first_seen, ?), last_seen=max(last_seen, ?), level=min(level, ?),
              status='new', acked_by=NULL WHERE id=?
            """, [.int(Int64(a.count)), .int(a.firstSeen.milliseconds), .int(a.lastSeen.milliseconds),
                  .int(Int64(a.level.rawValue)), .int(id)])
        out.updated["alert", default: 0] += 1
        events.add(Topic.alertReopened, alert: id, data: "{\"delta\":\(a.count),\"last_seen\":\(json(a.lastSeen.iso))}",
                   delta: a.count)
    }

    /// True when every byte is in 0x20…0x7E (the text `Sanitize` leaves as it is).
    static func isPrintableASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            var i = 0
            let n = buf.count
            guard let base = buf.baseAddress else { return true }
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // Any byte ≥ 0x7F (high bit, or 0x7F itself) or < 0x20 fails.
                let high = w & 0x8080_8080_8080_8080
                let x = w ^ 0x7F7F_7F7F_7F7F_7F7F   // a zero byte where w has 0x7F
                let del = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                let control = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
                if high | del | control != 0 { return false }
                i += 8
            }
            while i < n { let b = buf[i]; if b < 0x20 || b >= 0x7F { return false }; i += 1 }
            return true
        }
    }

    /// A JSON string literal; printable ASCII without quotes or backslashes (nearly every signature) as it is.
    private func json(_ s: String?) -> String {
        guard let s else { return "null" }
        if IngestWriter.isPrintableASCII(s) && !s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        return JSONValue.string(s).serialized
    }
}
