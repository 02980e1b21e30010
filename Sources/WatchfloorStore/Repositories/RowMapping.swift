import WatchfloorCore

/// Column lists and row → value mapping, one place per entity so queries and mappers cannot drift apart.
enum Columns {
    static let incident = "id, source, source_ref, category, level, title, detail, grid_id, location, reporter, status, reported_at, acked_at, acked_by, assignee, dispatched_at, resolved_at, closed_at, escalations, last_escalated_at, version, updated_at"
    static let hotline = "ticket, received_at, channel, caller, phone, type, category, summary, grid_id, department, status, stage_started_at, stage_due_at, accepted_at, transferred_at, replied_at, callback_at, closed_at, callback_result, satisfaction, version, updated_at"
    static let alert = "id, dedup_key, first_seen, last_seen, count, sensor, signature_id, signature, category, level, src, dest, proto, action, asset, grid_id, status, suppressed_until, acked_by, incident_id, sample, version"
    static let grid = "id, name, level, parent, worker, worker_phone, households, geometry"
    /// Where `alert` reads from: the sample lives in `alert_samples` (kept out of the hot `alerts` rows), joined
    /// by the alert's id. Column names stay unqualified: the two tables share none.
    static let alertSource = "alerts LEFT JOIN alert_samples ON alert_samples.alert_id = alerts.id"
    /// `alert` for lists, from `alerts` alone: no list, pane or export shows the sample, which would be most of
    /// each row's bytes, so listed alerts come without it (`AlertRepository.get` has it).
    static let alertListed = alert.replacingOccurrences(of: ", sample,", with: ", NULL,")
}

extension Row {
    func time(_ i: Int32) -> Timestamp { Timestamp(milliseconds: int64(i)) }
    func timeOptional(_ i: Int32) -> Timestamp? { int64Optional(i).map(Timestamp.init(milliseconds:)) }

    var incident: Incident {
        Incident(id: string(0), source: string(1), sourceRef: stringOptional(2),
                 category: IncidentCategory(rawValue: string(3)) ?? .other, level: Level(rawValue: int(4)) ?? .four,
                 title: string(5), detail: string(6), gridID: stringOptional(7), location: stringOptional(8),
                 reporter: stringOptional(9), status: IncidentStatus(rawValue: string(10)) ?? .new,
                 reportedAt: time(11), ackedAt: timeOptional(12), ackedBy: stringOptional(13),
                 assignee: stringOptional(14), dispatchedAt: timeOptional(15), resolvedAt: timeOptional(16),
                 closedAt: timeOptional(17), escalations: int(18), lastEscalatedAt: timeOptional(19),
                 version: int(20), updatedAt: time(21))
    }

    var hotline: HotlineCase {
        HotlineCase(ticket: string(0), receivedAt: time(1), channel: HotlineChannel(rawValue: string(2)) ?? .phone,
                    caller: stringOptional(3), phone: stringOptional(4), type: HotlineType(rawValue: string(5)) ?? .other,
                    category: stringOptional(6), summary: string(7), gridID: stringOptional(8),
                    department: stringOptional(9), status: HotlineStatus(rawValue: string(10)) ?? .new,
                    stageStartedAt: time(11), stageDueAt: timeOptional(12), acceptedAt: timeOptional(13),
                    transferredAt: timeOptional(14), repliedAt: timeOptional(15), callbackAt: timeOptional(16),
                    closedAt: timeOptional(17), callbackResult: stringOptional(18),
                    satisfaction: stringOptional(19).flatMap(Satisfaction.init(rawValue:)), version: int(20),
                    updatedAt: time(21))
    }

    var alert: SecurityAlert {
        SecurityAlert(id: int64(0), dedupKey: string(1), firstSeen: time(2), lastSeen: time(3), count: int(4),
                      sensor: string(5), signatureID: int(6), signature: string(7), category: stringOptional(8),
                      level: Level(rawValue: int(9)) ?? .four, src: string(10), dest: string(11),
                      proto: stringOptional(12), action: stringOptional(13), asset: stringOptional(14),
                      gridID: stringOptional(15), status: AlertStatus(rawValue: string(16)) ?? .new,
                      suppressedUntil: timeOptional(17), ackedBy: stringOptional(18), incidentID: stringOptional(19),
                      sample: stringOptional(20), version: int(21))
    }

    var grid: Grid {
        Grid(id: string(0), name: string(1), level: GridLevel(rawValue: string(2)), parent: stringOptional(3),
             worker: stringOptional(4), workerPhone: stringOptional(5), households: intOptional(6),
             geometry: stringOptional(7))
    }
}
