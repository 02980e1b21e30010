import WatchfloorCore
import WatchfloorStore

/// Reads one window of the store into a `HandoverReport`.
///
/// What counts where:
/// - *new*: incidents reported in `[since, until)`; *resolved*: `resolved_at` in the window; *open*: reported before
///   `until` and neither resolved nor closed before it. The status an open incident had at the end is rebuilt from
///   its timestamps (dispatched, else acknowledged, else new), so a past shift reads the same after later actions.
/// - Latency: acknowledgement = `acked_at − reported_at` over incidents acknowledged in the window; resolution =
///   `resolved_at − reported_at` over incidents resolved in it (median and p90, nearest rank, whole seconds).
/// - Hotline: open cases received before `until` whose running stage is due before the next shift ends (or already
///   overdue at `asOf`), read as the queue stands now.
/// - Alerts: sums of `delta` over `alert.raised/updated/reopened` bus events in the window, by alert (whole hours
///   from the `alert_hourly` rollup, partial hours from the events), then grouped by signature and by asset (top
///   `topCount` each).
/// - Duty: the roster from `[shifts]`, plus everyone with an audited action in the window (not the timer's
///   `system`, not ingest, not handover sign-over events themselves, so exporting does not change the report).
///
/// `asOf` (the window's end, or `now` to the minute while it runs) only sets ages and "overdue": two exports of
/// an ended window from an unchanged store are identical whatever the clock says.
public struct HandoverBuilder: Sendable {
    public var settings: WatchfloorSettings
    public var schedule: ShiftSchedule
    /// How many signatures and assets the alert section lists.
    public var topCount = 10

    public init(settings: WatchfloorSettings, schedule: ShiftSchedule) {
        self.settings = settings; self.schedule = schedule
    }

    public init(settings: WatchfloorSettings) throws {
        self.init(settings: settings, schedule: try ShiftSchedule(settings: settings))
    }

    /// Builds the report from one consistent snapshot of `store`.
    public func build(store: Store, window: HandoverWindow, now: Timestamp) throws -> HandoverReport {
        try store.read { try build(connection: $0, window: window, now: now) }
    }

    public func build(connection c: Connection, window: HandoverWindow, now: Timestamp) throws -> HandoverReport {
        let asOf = now < window.until
            ? max(window.since, Timestamp(milliseconds: ISOTime.floorDiv(now.milliseconds, 60_000) * 60_000))
            : window.until
        var report = HandoverReport(
            window: window, asOf: asOf, offsetSeconds: settings.offsetSeconds,
            operatorNames: settings.operators.mapValues { Self.line($0) }, rostered: [], acted: [],
            totals: .init(), openByStatus: [:], byCategory: [], byLevel: [], openMajor: [],
            ackLatency: .init(samples: []), resolution: .init(samples: []), hotlineDue: [],
            alerts: .init(observations: 0, alerts: 0, topSignatures: [], topAssets: []), escalations: [], notes: [])
        report.rostered = window.shift.map { schedule.rostered(for: $0) }?.map { person($0, actions: 0) } ?? []
        try incidents(c, window, asOf, into: &report)
        try audited(c, window, into: &report)
        report.hotlineDue = try hotline(c, window, asOf)
        report.alerts = try alerts(c, window)
        report.notes = try NoteRepository.between(c, since: window.since, until: window.until).map(Self.note)
        // The head of everything but handover bookkeeping: re-exporting with no action in between gives the same
        // bytes (the previous export's own event does not move the anchor); every operator action so far is covered.
        report.auditAnchor = try AuditChain.head(c, excludingKind: SignOver.entityKind)
        report.opinion = try opinion(c, window, asOf)
        return report
    }

    // MARK: Text hygiene

    /// Sanitised and capped like the store's titles: rows written before the store capped them (or by another
    /// tool) still cannot put a megabyte into one cell of the handover.
    static func line(_ s: String) -> String { TextCap.characters(TextSanitizer.sanitize(s, options: .singleLine)) }
    static func line(_ s: String?) -> String? { s.map { line($0) } }
    static func note(_ n: Note) -> HandoverReport.ShiftNote {
        .init(at: n.at, actor: line(n.actor), entityKind: line(n.entityKind), entityID: line(n.entityID),
              text: TextCap.bytes(TextSanitizer.sanitize(n.text, options: .multiLine)))
    }

    func person(_ login: String, actions: Int) -> HandoverReport.Person {
        .init(login: Self.line(login), name: Self.line(settings.operators[login]), actions: actions)
    }

    // MARK: Incidents

    private struct Facts {
        var id: String, category: IncidentCategory, level: Level, title: String, status: IncidentStatus
        var reportedAt: Int64, ackedAt: Int64?, ackedBy: String?, assignee: String?, dispatchedAt: Int64?
        var resolvedAt: Int64?, closedAt: Int64?, location: String?, gridID: String?
    }

    private func incidents(_ c: Connection, _ w: HandoverWindow, _ asOf: Timestamp, into r: inout HandoverReport) throws {
        let since = w.since.milliseconds, until = w.until.milliseconds
        // Anything reported before the end that either moved in the window or was never finished.
        let rows = try c.query("""
            SELECT id, category, level, title, status, reported_at, acked_at, acked_by, assignee, dispatched_at,
                   resolved_at, closed_at, location, grid_id
            FROM incidents WHERE reported_at < ?1 AND (reported_at >= ?2 OR acked_at >= ?2 OR resolved_at >= ?2
                OR closed_at >= ?2 OR (resolved_at IS NULL AND closed_at IS NULL))
            """, [.int(until), .int(since)]) { row in
            Facts(id: row.string(0), category: IncidentCategory(rawValue: row.string(1)) ?? .other,
                  level: Level(rawValue: row.int(2)) ?? .four, title: row.string(3),
                  status: IncidentStatus(rawValue: row.string(4)) ?? .new, reportedAt: row.int64(5),
                  ackedAt: row.int64Optional(6), ackedBy: row.stringOptional(7), assignee: row.stringOptional(8),
                  dispatchedAt: row.int64Optional(9), resolvedAt: row.int64Optional(10), closedAt: row.int64Optional(11),
                  location: row.stringOptional(12), gridID: row.stringOptional(13))
        }
        func inWindow(_ t: Int64?) -> Bool { t.map { $0 >= since && $0 < until } ?? false }
        func before(_ t: Int64?) -> Bool { t.map { $0 < until } ?? false }

        var byCategory: [IncidentCategory: HandoverReport.Counts] = [:]
        var byLevel: [Level: HandoverReport.Counts] = [:]
        var ack: [Int64] = [], resolution: [Int64] = []
        var major: [Facts] = []
        for f in rows {
            var delta = HandoverReport.Counts()
            if inWindow(f.reportedAt) { delta.new = 1 }
            if inWindow(f.resolvedAt) {
                delta.resolved = 1
                resolution.append(max(0, f.resolvedAt! - f.reportedAt) / 1000)
            }
            if inWindow(f.ackedAt) { ack.append(max(0, f.ackedAt! - f.reportedAt) / 1000) }
            let open = !before(f.resolvedAt) && !before(f.closedAt)
            if open {
                delta.open = 1
                let status: IncidentStatus = before(f.dispatchedAt) ? .dispatched : before(f.ackedAt) ? .acknowledged : .new
                r.openByStatus[status, default: 0] += 1
                if f.level <= .two { major.append(f) }
            }
            byCategory[f.category, default: .init()].add(delta)
            byLevel[f.level, default: .init()].add(delta)
            r.totals.add(delta)
        }
        r.byCategory = IncidentCategory.allCases.map { .init(category: $0, counts: byCategory[$0] ?? .init()) }
        r.byLevel = Level.allCases.map { .init(level: $0, counts: byLevel[$0] ?? .init()) }
        r.ackLatency = .init(samples: ack)
        r.resolution = .init(samples: resolution)

        major.sort { ($0.level, $0.reportedAt, $0.id) < ($1.level, $1.reportedAt, $1.id) }
        r.openMajor = try major.map { f in
            let last = try c.queryOne("""
                SELECT id, at, entity_kind, entity_id, actor, text FROM notes
                WHERE entity_kind='incident' AND entity_id=? AND at < ? ORDER BY at DESC, id DESC LIMIT 1
                """, [.text(f.id), .int(until)]) {
                HandoverReport.ShiftNote(at: Timestamp(milliseconds: $0.int64(1)), actor: Self.line($0.string(4)),
                                         entityKind: Self.line($0.string(2)), entityID: Self.line($0.string(3)),
                                         text: TextSanitizer.sanitize($0.string(5), options: .multiLine))
            }
            let status: IncidentStatus = before(f.dispatchedAt) ? .dispatched : before(f.ackedAt) ? .acknowledged : .new
            return .init(id: Self.line(f.id), level: f.level, category: f.category, title: Self.line(f.title), status: status,
                         reportedAt: Timestamp(milliseconds: f.reportedAt),
                         ageSeconds: max(0, asOf.milliseconds - f.reportedAt) / 1000,
                         ackedBy: before(f.ackedAt) ? Self.line(f.ackedBy) : nil,
                         assignee: Self.line(f.assignee),
                         location: Self.line(f.location), gridID: Self.line(f.gridID), lastNote: last)
        }
    }

    // MARK: Audited events: who acted, what escalated

    private func audited(_ c: Connection, _ w: HandoverWindow, into r: inout HandoverReport) throws {
        let events = try c.query("""
            SELECT at, topic, entity_id, actor, data FROM events
            WHERE at >= ? AND at < ? AND hash IS NOT NULL ORDER BY seq
            """, [.int(w.since.milliseconds), .int(w.until.milliseconds)]) {
            (at: $0.int64(0), topic: $0.string(1), entityID: $0.string(2), actor: $0.string(3), data: $0.string(4))
        }
        var actions: [String: Int] = [:]
        var titles: [String: String?] = [:]
        for e in events {
            if !["system", "ingest"].contains(e.actor) && !e.topic.hasPrefix("handover.") { actions[e.actor, default: 0] += 1 }
            guard e.topic == "incident.escalate" || e.topic == "incident.escalated" else { continue }
            let data = (try? JSONParser.parse(e.data)) ?? .object([:])
            if titles[e.entityID] == nil {
                titles[e.entityID] = try IncidentRepository.get(c, id: e.entityID).map { Self.line($0.title) }
            }
            let byTimer = e.topic == "incident.escalated"
            r.escalations.append(.init(
                at: Timestamp(milliseconds: e.at), incidentID: Self.line(e.entityID), title: titles[e.entityID] ?? nil,
                actor: Self.line(e.actor), byTimer: byTimer,
                fromLevel: data["from_level"]?.int.flatMap { Level(rawValue: Int($0)) },
                toLevel: data["to_level"]?.int.flatMap { Level(rawValue: Int($0)) },
                minutes: data["minutes"]?.int.map { Int($0) },
                reason: Self.line(byTimer ? nil : data["note"]?.string)))
        }
        r.acted = actions.keys.sorted().map { person($0, actions: actions[$0]!) }
    }

    // MARK: Hotline

    private func hotline(_ c: Connection, _ w: HandoverWindow, _ asOf: Timestamp) throws -> [HandoverReport.HotlineDue] {
        try c.query("""
            SELECT ticket, type, status, department, stage_due_at, phone, summary, grid_id FROM hotline_cases
            WHERE status <> 'closed' AND stage_due_at IS NOT NULL AND stage_due_at < ? AND received_at < ?
            ORDER BY stage_due_at, ticket
            """, [.int(w.nextUntil.milliseconds), .int(w.until.milliseconds)]) { row in
            let status = HotlineStatus(rawValue: row.string(2)) ?? .new
            let due = Timestamp(milliseconds: row.int64(4))
            return .init(ticket: Self.line(row.string(0)), type: HotlineType(rawValue: row.string(1)) ?? .other,
                         status: status, stage: status.runningStage, department: Self.line(row.stringOptional(3)),
                         dueAt: due, overdue: due < asOf, phone: row.stringOptional(5).map { PhoneMask.mask(Self.line($0)) },
                         summary: Self.line(row.string(6)), gridID: Self.line(row.stringOptional(7)))
        }
    }

    // MARK: Alerts

    private func alerts(_ c: Connection, _ w: HandoverWindow) throws -> HandoverReport.AlertSummary {
        // Whole hours come from the `alert_hourly` rollup, the partial hours at either edge from the bus events.
        let hour: Int64 = 3_600_000
        let since = w.since.milliseconds, until = w.until.milliseconds
        let h0 = (since + hour - 1) / hour, h1 = until / hour
        let (edge0, edge1) = h0 < h1 ? (h0 * hour, h1 * hour) : (until, until)
        let rows = try c.query("""
            SELECT a.signature_id, a.signature, a.asset, a.dest, a.level, s.n FROM (
                SELECT alert_id, SUM(n) AS n FROM (
                    SELECT alert_id, n FROM alert_hourly WHERE hour >= ?1 AND hour < ?2
                    UNION ALL
                    SELECT CAST(entity_id AS INTEGER), COALESCE(data->>'$.delta', 1) FROM events
                    WHERE ((at >= ?3 AND at < ?4) OR (at >= ?5 AND at < ?6)) AND entity_kind = 'alert'
                      AND topic IN ('alert.raised', 'alert.updated', 'alert.reopened')) u
                GROUP BY alert_id) s
            JOIN alerts a ON a.id = s.alert_id
            ORDER BY a.id
            """, [.int(h0), .int(h1), .int(since), .int(edge0), .int(max(edge1, edge0)), .int(until)]) {
            (sigID: $0.int(0), signature: $0.string(1), asset: $0.stringOptional(2), dest: $0.string(3),
             level: Level(rawValue: $0.int(4)) ?? .four, n: $0.int(5))
        }
        struct Acc { var level: Level; var n = 0; var alerts = 0 }
        var sigs: [String: (id: Int, text: String, acc: Acc)] = [:]
        var assets: [String: Acc] = [:]
        var total = 0
        for row in rows {
            total += row.n
            let text = Self.line(row.signature)
            let key = "\(row.sigID)\u{1F}\(text)"
            var s = sigs[key] ?? (row.sigID, text, Acc(level: row.level))
            s.acc.n += row.n; s.acc.alerts += 1; s.acc.level = min(s.acc.level, row.level)
            sigs[key] = s
            let asset = Self.line(SecurityAlert.assetName(asset: row.asset, dest: row.dest))
            var a = assets[asset] ?? Acc(level: row.level)
            a.n += row.n; a.alerts += 1; a.level = min(a.level, row.level)
            assets[asset] = a
        }
        let topSigs = sigs.values
            .sorted { ($1.acc.n, $0.text, $0.id) < ($0.acc.n, $1.text, $1.id) }
            .prefix(topCount)
            .map { HandoverReport.SignatureCount(signatureID: $0.id, signature: $0.text, level: $0.acc.level,
                                                 observations: $0.acc.n, alerts: $0.acc.alerts) }
        let topAssets = assets
            .sorted { ($1.value.n, $0.key) < ($0.value.n, $1.key) }
            .prefix(topCount)
            .map { HandoverReport.AssetCount(asset: $0.key, level: $0.value.level, observations: $0.value.n, alerts: $0.value.alerts) }
        return .init(observations: total, alerts: rows.count, topSignatures: Array(topSigs), topAssets: Array(topAssets))
    }
}

extension HandoverReport.Counts {
    mutating func add(_ o: HandoverReport.Counts) { new += o.new; resolved += o.resolved; open += o.open }
}

extension SecurityAlert {
    /// `assetName` without a whole alert value: the asset, or the destination host.
    static func assetName(asset: String?, dest: String) -> String {
        if let asset, !asset.isEmpty { return asset }
        return SecurityAlert(id: 0, dedupKey: "", firstSeen: Timestamp(milliseconds: 0), lastSeen: Timestamp(milliseconds: 0),
                             count: 0, sensor: "", signatureID: 0, signature: "", level: .four, src: "", dest: dest).assetName
    }
}
