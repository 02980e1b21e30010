import WatchfloorCore

/// The handover as language-specific sections of tables: Markdown, CSV and HTML all render this one layout, so
/// the three can never disagree about what is in the report or in which order. (JSON renders the report itself.)
struct ReportLayout {
    var title: String
    var subtitle: String
    var sections: [Section]
    var lang: Language

    struct Section {
        /// Stable machine name (`window`, `duty`, …): CSV block key, HTML id.
        var key: String
        var title: String
        var tables: [Table]
    }

    struct Table {
        var key: String
        /// Printed above the table when a section has several.
        var caption: String?
        var columns: [String]
        var rows: [[Cell]]
        /// Two-column "item / value" facts rather than a list.
        var isFacts = false
        /// Numeric columns (right-aligned).
        var numeric: Set<Int> = []
    }

    struct Cell {
        var text: String
        /// An identifier or code that spreadsheets must keep as text (ticket numbers, 15-digit grid codes).
        var isID = false
        /// Most severe level, for colour in HTML.
        var level: Level?
        /// May contain line breaks (notes).
        var multiline = false

        init(_ text: String, isID: Bool = false, level: Level? = nil, multiline: Bool = false) {
            self.text = text; self.isID = isID; self.level = level; self.multiline = multiline
        }
    }

    init(_ r: HandoverReport, lang: Language) {
        self.lang = lang
        let f = ReportFormat(lang: lang, offsetSeconds: r.offsetSeconds, names: r.operatorNames)
        let t = f.t
        func c(_ s: String) -> Cell { Cell(s) }
        func n(_ i: Int) -> Cell { Cell(String(i)) }
        func id(_ s: String?) -> Cell { s.map { Cell($0, isID: true) } ?? Cell(L.dash) }
        func opt(_ s: String?) -> Cell { Cell(s.flatMap { $0.isEmpty ? nil : $0 } ?? L.dash) }

        title = "\(t(L.title)) · \(f.windowName(r.window))"
        subtitle = "\(f.range(r.window.since, r.window.until)) (\(f.zone))"
        var s: [Section] = []

        // Window
        var facts: [[Cell]] = []
        if let shift = r.window.shift {
            facts.append([c(t(L.shift)), c(t(shift.label))])
            facts.append([c(t(L.shiftID)), id(shift.id)])
        } else {
            facts.append([c(t(L.shift)), c(t(L.customWindow))])
        }
        facts.append([c(t(L.period)), c(f.range(r.window.since, r.window.until))])
        facts.append([c(t(L.asOf)), c(f.time(r.asOf))])
        facts.append([c(t(L.zone)), c(f.zone)])
        if let anchor = r.auditAnchor { facts.append([c(t(L.auditAnchor)), id(anchor.text)]) }
        s.append(Section(key: "window", title: t(L.window), tables: [
            Table(key: "window", columns: [t(L.field), t(L.value)], rows: facts, isFacts: true)]))

        // Duty
        s.append(Section(key: "duty", title: t(L.duty), tables: [
            Table(key: "rostered", caption: t(L.rostered), columns: [t(L.operatorName)],
                  rows: r.rostered.map { [c(f.person($0))] }),
            Table(key: "acted", caption: t(L.acted), columns: [t(L.operatorName), t(L.actions)],
                  rows: r.acted.map { [c(f.person($0)), n($0.actions)] }, numeric: [1]),
        ]))

        // Incident counts
        let countColumns = [t(L.new), t(L.resolved), t(L.open)]
        func counts(_ k: HandoverReport.Counts) -> [Cell] { [n(k.new), n(k.resolved), n(k.open)] }
        s.append(Section(key: "incidents", title: t(L.incidents), tables: [
            Table(key: "totals", caption: t(L.total), columns: countColumns, rows: [counts(r.totals)], numeric: [0, 1, 2]),
            Table(key: "by_category", caption: t(L.byCategory), columns: [t(L.category)] + countColumns,
                  rows: r.byCategory.map { [c(t($0.category.label))] + counts($0.counts) } + [[c(t(L.total))] + counts(r.totals)],
                  numeric: [1, 2, 3]),
            Table(key: "by_level", caption: t(L.byLevel), columns: [t(L.level)] + countColumns,
                  rows: r.byLevel.map { [Cell(t($0.level.label), level: $0.level)] + counts($0.counts) }
                      + [[c(t(L.total))] + counts(r.totals)],
                  numeric: [1, 2, 3]),
            Table(key: "open_by_status", caption: t(L.openByStatus), columns: [t(L.status), t(L.count)],
                  rows: [IncidentStatus.new, .acknowledged, .dispatched].map { [c(t($0.label)), n(r.openByStatus[$0] ?? 0)] },
                  numeric: [1]),
        ]))

        // Open Ⅰ/Ⅱ
        s.append(Section(key: "open_major", title: t(L.openMajor), tables: [
            Table(key: "open_major", columns: [t(L.id), t(L.level), t(L.category), t(L.titleColumn), t(L.status),
                                               t(L.reported), t(L.age), t(L.ackedBy), t(L.assignee), t(L.lastNote)],
                  rows: r.openMajor.map { i in
                      [id(i.id), Cell(t(i.level.short), level: i.level), c(t(i.category.label)), c(i.title),
                       c(t(i.status.label)), c(f.time(i.reportedAt)), c(f.duration(i.ageSeconds)), opt(i.ackedBy.map(f.who)),
                       opt(i.assignee),
                       i.lastNote.map { Cell("\(f.time($0.at)) \(f.who($0.actor)): \($0.text)", multiline: true) } ?? Cell(L.dash)]
                  }),
        ]))

        // Latency
        func lat(_ name: Bilingual, _ l: HandoverReport.LatencyStats) -> [Cell] {
            [c(t(name)), n(l.count), c(f.duration(l.medianSeconds)), c(f.duration(l.p90Seconds))]
        }
        s.append(Section(key: "latency", title: t(L.latency), tables: [
            Table(key: "latency", columns: [t(L.metric), t(L.samples), t(L.median), t(L.p90)],
                  rows: [lat(L.ackLatency, r.ackLatency), lat(L.resolveTime, r.resolution)], numeric: [1]),
        ]))

        // Hotline
        s.append(Section(key: "hotline_due", title: t(L.hotline), tables: [
            Table(key: "hotline_due", columns: [t(L.ticket), t(L.type), t(L.status), t(L.stage), t(L.department),
                                                t(L.due), t(L.state), t(L.phone), t(L.grid), t(L.summary)],
                  rows: r.hotlineDue.map { h in
                      [id(h.ticket), c(t(h.type.label)), c(t(h.status.label)), c(h.stage.map { t($0.label) } ?? L.dash),
                       opt(h.department), c(f.time(h.dueAt)), Cell(t(h.overdue ? L.overdue : L.dueNextShift), level: h.overdue ? .two : nil),
                       opt(h.phone), id(h.gridID), c(h.summary)]
                  }),
        ]))

        // Alerts
        s.append(Section(key: "alerts", title: t(L.alerts), tables: [
            Table(key: "alert_totals", columns: [t(L.field), t(L.value)],
                  rows: [[c(t(L.observations)), n(r.alerts.observations)], [c(t(L.alertCount)), n(r.alerts.alerts)]],
                  isFacts: true),
            Table(key: "top_signatures", caption: t(L.topSignatures),
                  columns: [t(L.signature), t(L.signatureID), t(L.level), t(L.observations), t(L.alertsColumn)],
                  rows: r.alerts.topSignatures.map {
                      [c($0.signature), id(String($0.signatureID)), Cell(t($0.level.short), level: $0.level), n($0.observations), n($0.alerts)]
                  }, numeric: [3, 4]),
            Table(key: "top_assets", caption: t(L.topAssets),
                  columns: [t(L.asset), t(L.level), t(L.observations), t(L.alertsColumn)],
                  rows: r.alerts.topAssets.map {
                      [c($0.asset), Cell(t($0.level.short), level: $0.level), n($0.observations), n($0.alerts)]
                  }, numeric: [2, 3]),
        ]))

        // Escalations
        s.append(Section(key: "escalations", title: t(L.escalations), tables: [
            Table(key: "escalations", columns: [t(L.time), t(L.incident), t(L.titleColumn), t(L.how), t(L.by),
                                                t(L.levelChange), t(L.detail)],
                  rows: r.escalations.map { e in
                      [c(f.time(e.at)), id(e.incidentID), opt(e.title), c(t(e.byTimer ? L.timer : L.manual)), c(f.who(e.actor)),
                       c(f.levelChange(e)), c(f.escalationDetail(e))]
                  }),
        ]))

        // Notes
        s.append(Section(key: "notes", title: t(L.notes), tables: [
            Table(key: "notes", columns: [t(L.time), t(L.by), t(L.about), t(L.text)],
                  rows: r.notes.map { note in
                      [c(f.time(note.at)), c(f.who(note.actor)), Cell("\(t(L.kind(note.entityKind))) \(note.entityID)", isID: true),
                       Cell(note.text, multiline: true)]
                  }),
        ]))
        if let opinion = ReportLayout.opinionSection(r, f) { s.append(opinion) }
        sections = s
    }
}
