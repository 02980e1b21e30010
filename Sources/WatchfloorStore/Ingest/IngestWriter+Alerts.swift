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

    /// The common cases, for up to `upsertRowsPerStatement` keys in one statement: a new key inserts, a live one
    /// adds to its count. The `WHERE` leaves a closed alert untouched (no row comes back for it), and that rare case
    /// takes the reopen path. One statement per key cost as much again in statement set-up (opening the table and
    /// each index) as the row itself; the keys of one statement are distinct (the batch is folded by key), so no
    /// row is touched twice. `RETURNING` names the key, since the order of returned rows is not promised.
    static let upsertRowsPerStatement = 32
    static let upsertAlertSQL: [String] = (0...upsertRowsPerStatement).map { n in
        """
        INSERT INTO alerts(dedup_key, first_seen, last_seen, count, sensor, signature_id, signature, category, level,
          src, dest, proto, action, asset, grid_id, status) VALUES \(
            Array(repeating: "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'new')", count: n).joined(separator: ","))
        ON CONFLICT(dedup_key) DO UPDATE SET count=count+excluded.count, first_seen=min(first_seen, excluded.first_seen),
          last_seen=max(last_seen, excluded.last_seen), level=min(level, excluded.level)
        WHERE status <> 'closed'
        RETURNING id, count, dedup_key
        """
    }

    /// Upserts every aggregate, in statements of up to `upsertRowsPerStatement` rows, and queues each one's bus
    /// event in the aggregates' order, and the sample of each alert it raised.
    func upsertAlerts(_ c: Connection, _ aggregates: [AlertAggregate], _ now: Timestamp, _ events: inout AlertEventWrites,
                      _ out: inout BatchOutcome) throws {
        var start = 0
        var returned: [String: (id: Int64, count: Int64)] = [:]
        while start < aggregates.count {
            let rows = aggregates[start..<min(start + Self.upsertRowsPerStatement, aggregates.count)]
            let statement = try c.prepare(Self.upsertAlertSQL[rows.count])
            var signatures: [String] = []
            signatures.reserveCapacity(rows.count)
            var p: Int32 = 1
            for a in rows {
                let signature = Sanitize.line(a.first.signature)
                try bindAlert(statement, a, signature: signature, at: p)
                signatures.append(signature)
                p += Self.valuesPerAlert
            }
            returned.removeAll(keepingCapacity: true)
            while try statement.step() {
                let row = Row(statement: statement)
                returned[row.string(2)] = (row.int64(0), row.int64(1))
            }
            for (a, signature) in zip(rows, signatures) {
                guard let (id, count) = returned[a.key] else { try reopenAlert(c, a, &events, &out); continue }
                if count == Int64(a.count) {
                    // A live row's count was at least 1 before: only a fresh insert comes back with exactly this batch's count.
                    out.created["alert", default: 0] += 1
                    if let sample = sample(of: a.first) { events.addSample(alert: id, sample) }
                    events.add(Topic.alertRaised, alert: id, data:
                        "{\"asset\":\(json(a.first.asset.map(Sanitize.line))),\"delta\":\(a.count),\"level\":\(a.level.rawValue),"
                        + "\"signature\":\(json(signature))}", delta: a.count)
                } else {
                    out.updated["alert", default: 0] += 1
                    events.add(Topic.alertUpdated, alert: id, data: "{\"delta\":\(a.count),\"last_seen\":\(json(a.lastSeen.iso))}",
                               delta: a.count)
                }
            }
            start += rows.count
        }
    }

    static let valuesPerAlert: Int32 = 15

    /// The raw record as an alert's sample: sanitised and capped. Only a newly raised alert keeps one, so an
    /// observation that bumps a count costs nothing here.
    private func sample(of o: AlertObservation) -> String? {
        o.raw.map { raw -> String in
            // Sensor lines are nearly always printable ASCII, which needs no sanitising: check that 8 bytes at a time.
            let clean = IngestWriter.isPrintableASCII(raw) ? raw : Sanitize.text(raw)
            // Counting characters walks grapheme clusters: only cut what can be too long.
            return clean.utf8.count <= rawLimit ? clean : String(clean.prefix(rawLimit))
        }
    }

    /// Binds one aggregate's `valuesPerAlert` values from parameter `first` on.
    private func bindAlert(_ s: Statement, _ a: AlertAggregate, signature: String, at first: Int32) throws {
        let o = a.first
        // Bound one by one: an array of values per alert was an allocation on the writer's hot path.
        try s.bind(.text(a.key), at: first)
        try s.bind(.int(a.firstSeen.milliseconds), at: first + 1)
        try s.bind(.int(a.lastSeen.milliseconds), at: first + 2)
        try s.bind(.int(Int64(a.count)), at: first + 3)
        try s.bind(.text(Sanitize.line(o.sensor)), at: first + 4)
        try s.bind(.int(Int64(o.signatureID)), at: first + 5)
        try s.bind(.text(signature), at: first + 6)
        try s.bind(.from(Sanitize.optionalLine(o.category)), at: first + 7)
        try s.bind(.int(Int64(a.level.rawValue)), at: first + 8)
        try s.bind(.text(Sanitize.line(o.src)), at: first + 9)
        try s.bind(.text(Sanitize.line(o.dest)), at: first + 10)
        try s.bind(.from(Sanitize.optionalLine(o.proto)), at: first + 11)
        try s.bind(.from(Sanitize.optionalLine(o.action)), at: first + 12)
        try s.bind(.from(Sanitize.optionalLine(o.asset)), at: first + 13)
        try s.bind(.from(o.gridID), at: first + 14)
    }

    /// The dedup key as SQLite stores it: text binds end at the first NUL, so a key is cut there before folding,
    /// and two keys that differ only after a NUL fold into one (they would be one row anyway).
    static func storedKey(_ key: String) -> String {
        guard let nul = key.utf8.firstIndex(of: 0) else { return key }
        return String(key[..<nul])
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
