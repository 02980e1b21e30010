import WatchfloorCore

/// The `alert_hourly` roll-up: observations per alert per UTC hour of the bus event that reported them, which the
/// handover sums instead of reading every alert event. Since schema v3 `IngestWriter` adds each alert's delta in
/// the transaction that writes its event (`AlertEventWrites`); v2 did it in a trigger on `events`, one trigger
/// program and one JSON parse of the event's data per event.
public enum AlertHourly {
    static let millisecondsPerHour: Int64 = 3_600_000

    /// Recomputes the roll-up from the alert events in the store: for stores whose alert events were written
    /// other than through `IngestWriter` (benchmark seeds, a copied event log).
    public static func rebuild(_ c: Connection) throws {
        try c.execute("""
            DELETE FROM alert_hourly;
            INSERT INTO alert_hourly(hour, alert_id, n)
                SELECT at / 3600000, CAST(entity_id AS INTEGER), SUM(COALESCE(data->>'$.delta', 1)) FROM events
                WHERE entity_kind = 'alert' AND topic IN ('alert.raised', 'alert.updated', 'alert.reopened')
                GROUP BY 1, 2;
            """)
    }
}
