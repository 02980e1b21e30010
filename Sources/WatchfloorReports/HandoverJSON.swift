import WatchfloorCore

/// The handover as JSON: schema `watchfloor.handover/1`, documented in `README.md` beside this file.
///
/// Stable rules: keys are snake_case and sorted; times are ISO-8601 UTC with milliseconds (`Timestamp.iso`);
/// durations are whole seconds; enum values are the domain's raw values (`public_safety`, `acknowledged`),
/// with a `*_label` beside them in the document's `lang`; absent values are `null`, empty lists `[]`.
/// The document is pretty-printed (two spaces) and ends with a newline. Fields may be added within version 1;
/// renaming or removing one bumps the version.
public enum HandoverJSON {
    public static let schema = "watchfloor.handover/1"

    public static func value(_ r: HandoverReport, lang: Language) -> JSONValue {
        let f = ReportFormat(lang: lang, offsetSeconds: r.offsetSeconds)
        let t = f.t
        func person(_ p: HandoverReport.Person, actions: Bool) -> JSONValue {
            var o: [String: JSONValue] = ["login": .string(p.login), "name": .from(p.name)]
            if actions { o["actions"] = .int(Int64(p.actions)) }
            return .object(o)
        }
        func counts(_ c: HandoverReport.Counts) -> [String: JSONValue] {
            ["new": .int(Int64(c.new)), "resolved": .int(Int64(c.resolved)), "open": .int(Int64(c.open))]
        }
        func latency(_ l: HandoverReport.LatencyStats) -> JSONValue {
            ["count": .int(Int64(l.count)), "median_seconds": l.medianSeconds.map { .int($0) } ?? .null,
             "p90_seconds": l.p90Seconds.map { .int($0) } ?? .null]
        }
        func note(_ n: HandoverReport.ShiftNote) -> JSONValue {
            ["at": .from(n.at), "actor": .string(n.actor), "entity_kind": .string(n.entityKind),
             "entity_id": .string(n.entityID), "text": .string(n.text)]
        }
        func level(_ l: Level?) -> JSONValue { l.map { .int(Int64($0.rawValue)) } ?? .null }

        let w = r.window
        var window: [String: JSONValue] = [
            "since": .from(w.since), "until": .from(w.until), "as_of": .from(r.asOf), "next_until": .from(w.nextUntil),
            "key": .string(w.key), "utc_offset_seconds": .int(Int64(r.offsetSeconds)),
            "shift_id": .null, "shift": .null, "shift_label": .null,
        ]
        if let s = w.shift {
            window["shift_id"] = .string(s.id); window["shift"] = .string(s.name); window["shift_label"] = .string(t(s.label))
        }
        var openByStatus: [String: JSONValue] = [:]
        for s in [IncidentStatus.new, .acknowledged, .dispatched] { openByStatus[s.rawValue] = .int(Int64(r.openByStatus[s] ?? 0)) }

        var anchor = JSONValue.null
        if let a = r.auditAnchor { anchor = .object(["seq": .int(a.seq), "hash": .string(a.hash), "text": .string(a.text)]) }
        var o: [String: JSONValue] = [
            "schema": .string(schema),
            "lang": .string(lang.rawValue),
            "title": .string("\(t(L.title)) · \(f.windowName(w))"),
            "window": .object(window),
            "duty": ["rostered": .array(r.rostered.map { person($0, actions: false) }),
                     "acted": .array(r.acted.map { person($0, actions: true) })],
            "incidents": [
                "totals": .object(counts(r.totals)),
                "open_by_status": .object(openByStatus),
                "by_category": .array(r.byCategory.map {
                    .object(counts($0.counts).merging(["category": .string($0.category.rawValue),
                                                       "category_label": .string(t($0.category.label))]) { a, _ in a })
                }),
                "by_level": .array(r.byLevel.map {
                    .object(counts($0.counts).merging(["level": level($0.level), "level_label": .string(t($0.level.label))]) { a, _ in a })
                }),
            ],
            "open_major": .array(r.openMajor.map { i in
                ["id": .string(i.id), "level": level(i.level), "level_label": .string(t(i.level.label)),
                 "category": .string(i.category.rawValue), "category_label": .string(t(i.category.label)),
                 "title": .string(i.title), "status": .string(i.status.rawValue), "status_label": .string(t(i.status.label)),
                 "reported_at": .from(i.reportedAt), "age_seconds": .int(i.ageSeconds), "acked_by": .from(i.ackedBy),
                 "assignee": .from(i.assignee), "location": .from(i.location), "grid_id": .from(i.gridID),
                 "last_note": i.lastNote.map(note) ?? .null]
            }),
            "latency": ["acknowledge": latency(r.ackLatency), "resolve": latency(r.resolution)],
            "hotline_due": .array(r.hotlineDue.map { h in
                ["ticket": .string(h.ticket), "type": .string(h.type.rawValue), "type_label": .string(t(h.type.label)),
                 "status": .string(h.status.rawValue), "status_label": .string(t(h.status.label)),
                 "stage": .from(h.stage?.rawValue), "department": .from(h.department), "due_at": .from(h.dueAt),
                 "overdue": .bool(h.overdue), "phone": .from(h.phone), "summary": .string(h.summary), "grid_id": .from(h.gridID)]
            }),
            "alerts": [
                "observations": .int(Int64(r.alerts.observations)), "alerts": .int(Int64(r.alerts.alerts)),
                "top_signatures": .array(r.alerts.topSignatures.map {
                    ["signature_id": .int(Int64($0.signatureID)), "signature": .string($0.signature), "level": level($0.level),
                     "observations": .int(Int64($0.observations)), "alerts": .int(Int64($0.alerts))]
                }),
                "top_assets": .array(r.alerts.topAssets.map {
                    ["asset": .string($0.asset), "level": level($0.level), "observations": .int(Int64($0.observations)),
                     "alerts": .int(Int64($0.alerts))]
                }),
            ],
            "escalations": .array(r.escalations.map { e in
                ["at": .from(e.at), "incident_id": .string(e.incidentID), "title": .from(e.title), "actor": .string(e.actor),
                 "by_timer": .bool(e.byTimer), "from_level": level(e.fromLevel), "to_level": level(e.toLevel),
                 "minutes_unacknowledged": .from(e.minutes), "reason": .from(e.reason)]
            }),
            "notes": .array(r.notes.map(note)),
            "audit_anchor": anchor,
        ]
        if !r.opinion.isEmpty { o["public_opinion"] = opinion(r, t) }
        return .object(o)
    }

    /// The exported text: pretty-printed, sorted keys, trailing newline.
    public static func document(_ r: HandoverReport, lang: Language) -> String {
        var out = ""
        pretty(value(r, lang: lang), indent: "", into: &out)
        return out + "\n"
    }

    /// Indented JSON with sorted keys; scalars go through `JSONValue`'s own writer so escaping is the store's.
    static func pretty(_ v: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch v {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, e) in a.enumerated() {
                out += inner
                pretty(e, indent: inner, into: &out)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            let keys = o.keys.sorted()
            for (i, k) in keys.enumerated() {
                out += inner + JSONValue.string(k).serialized + ": "
                pretty(o[k]!, indent: inner, into: &out)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            v.write(to: &out)
        }
    }
}
