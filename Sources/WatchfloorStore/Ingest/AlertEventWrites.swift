import WatchfloorCore

/// The bus events and roll-up deltas of one batch's alerts, and the samples of the alerts it raised, written at the
/// end of the alert loop in statements of up to `rowsPerStatement` rows: one statement per event cost as much again in statement set-up and in the
/// `events` AUTOINCREMENT bookkeeping (read and write `sqlite_sequence`) as the row itself. The events keep the
/// order of the upserts, and all of them precede the batch's other events, as before.
struct AlertEventWrites {
    struct Pending {
        let topic: String
        let alertID: Int64
        let data: String
        let delta: Int
    }

    static let rowsPerStatement = 32
    private(set) var pending: [Pending] = []
    private(set) var samples: [(alertID: Int64, sample: String)] = []

    mutating func add(_ topic: String, alert id: Int64, data: String, delta: Int) {
        pending.append(Pending(topic: topic, alertID: id, data: data, delta: delta))
    }

    /// A newly raised alert's sample (`alert_samples`, one row per alert, written once).
    mutating func addSample(alert id: Int64, _ sample: String) {
        samples.append((id, sample))
    }

    /// Multi-row statements by row count, built once.
    private static let eventSQL: [String] = (0...rowsPerStatement).map { n in
        "INSERT INTO events(at, topic, entity_kind, entity_id, actor, data) VALUES "
            + Array(repeating: "(?,?,'alert',?,?,?)", count: n).joined(separator: ",")
    }
    private static let hourlySQL: [String] = (0...rowsPerStatement).map { n in
        "INSERT INTO alert_hourly(hour, alert_id, n) VALUES " + Array(repeating: "(?,?,?)", count: n).joined(separator: ",")
            + " ON CONFLICT(hour, alert_id) DO UPDATE SET n = n + excluded.n"
    }
    /// An id is new when its alert is raised; the update only matters should a deleted alert's id come round again.
    private static let sampleSQL: [String] = (0...rowsPerStatement).map { n in
        "INSERT INTO alert_samples(alert_id, sample) VALUES " + Array(repeating: "(?,?)", count: n).joined(separator: ",")
            + " ON CONFLICT(alert_id) DO UPDATE SET sample = excluded.sample"
    }

    /// Writes every pending event (at `now`, by `actor`) and its delta to the hour of `now`; returns the events
    /// written. A batch holds one event per alert, so no (hour, alert) pair repeats within a statement.
    func flush(_ c: Connection, at now: Timestamp, actor: String) throws -> Int {
        var start = 0
        while start < pending.count {
            let rows = pending[start..<min(start + Self.rowsPerStatement, pending.count)]
            let events = try c.prepare(Self.eventSQL[rows.count])
            let hourly = try c.prepare(Self.hourlySQL[rows.count])
            var e: Int32 = 1, h: Int32 = 1
            for p in rows {
                try events.bind(.int(now.milliseconds), at: e)
                try events.bind(.text(p.topic), at: e + 1)
                try events.bind(.text(String(p.alertID)), at: e + 2)
                try events.bind(.text(actor), at: e + 3)
                try events.bind(.text(p.data), at: e + 4)
                e += 5
                try hourly.bind(.int(now.milliseconds / AlertHourly.millisecondsPerHour), at: h)
                try hourly.bind(.int(p.alertID), at: h + 1)
                try hourly.bind(.int(Int64(p.delta)), at: h + 2)
                h += 3
            }
            while try events.step() {}
            while try hourly.step() {}
            start += rows.count
        }
        start = 0
        while start < samples.count {
            let rows = samples[start..<min(start + Self.rowsPerStatement, samples.count)]
            let statement = try c.prepare(Self.sampleSQL[rows.count])
            var p: Int32 = 1
            for row in rows {
                try statement.bind(.int(row.alertID), at: p)
                try statement.bind(.text(row.sample), at: p + 1)
                p += 2
            }
            while try statement.step() {}
            start += rows.count
        }
        return pending.count
    }
}
