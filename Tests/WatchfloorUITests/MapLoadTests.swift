import Foundation
import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorUI

/// The load score, its shading buckets, and `GridLoadQuery` against a real store.
@Suite struct MapLoadTests {
    @Test func eachWeightIsWhatTheDocumentationSays() {
        #expect(GridLoad(openIncidents: [.one: 1]).score == 8)
        #expect(GridLoad(openIncidents: [.two: 1]).score == 4)
        #expect(GridLoad(openIncidents: [.three: 1]).score == 2)
        #expect(GridLoad(openIncidents: [.four: 1]).score == 1)
        #expect(GridLoad(overdueHotline: 1).score == 3)
        #expect(GridLoad(nearDueHotline: 1).score == 1)
        #expect(GridLoad(activeAlerts: 1).score == 0.5)
        // The example in GridLoad's documentation.
        #expect(GridLoad(openIncidents: [.two: 1], overdueHotline: 1, activeAlerts: 2).score == 8)
        #expect(GridLoad.zero.score == 0 && GridLoad.zero.isEmpty)
    }

    @Test func addingRollsCountsUp() {
        var a = GridLoad(openIncidents: [.one: 1, .four: 2], overdueHotline: 1)
        a.add(GridLoad(openIncidents: [.four: 1], nearDueHotline: 2, activeAlerts: 3))
        #expect(a == GridLoad(openIncidents: [.one: 1, .four: 3], overdueHotline: 1, nearDueHotline: 2, activeAlerts: 3))
        #expect(a.openIncidentTotal == 4)
        #expect(a.score == 17.5, "8 + 3 + 3 + 2 + 1.5")
    }

    @Test func bucketsAreQuantilesOfTheRegionsShown() {
        // A busy county: every region loaded, from 2 to 357.5 — the bands separate them.
        let busy = MapLoadScale(scores: [0, 2, 3, 8, 12, 40, 90, 357.5])
        #expect(busy.bucket(0) == 0 && busy.bucket(2) == 1 && busy.bucket(357.5) == 4)
        let buckets = [2, 3, 8, 12, 40, 90, 357.5].map(busy.bucket)
        #expect(buckets == buckets.sorted() && Set(buckets) == [1, 2, 3, 4], "\(buckets)")
        #expect(busy.legend.map(\.range) == ["0", "2–3", "3–12", "12–90", "90–358"])
        // Scores read as people read them: whole from 10 up, one decimal below where not whole.
        #expect([0, 2, 2.5, 9.5, 10, 17.5, 357.5].map(MapLoadScale.format) == ["0", "2", "2.5", "9.5", "10", "18", "358"])
        // The same scores ten times larger shade the same: only the ranking matters…
        #expect([2, 3, 8, 12, 40, 90, 357.5].map { MapLoadScale(scores: [0, 20, 30, 80, 120, 400, 900, 3575]).bucket($0 * 10) } == buckets)
        // …and the legend says what the bands are, so a quiet night reads as one.
        let quiet = MapLoadScale(scores: [0, 0, 1])
        #expect(quiet.bucket(1) == 4 && quiet.legend.map(\.range) == ["0", "1"])
        let two = MapLoadScale(scores: [1, 1, 1, 5])
        #expect(two.bucket(1) == 1 && two.bucket(5) == 4)
        #expect(MapLoadScale(scores: []).legend.map(\.range) == ["0"])
    }

    @Test func queryCountsPerGridAndRollsUpToTownshipAndCounty() throws {
        let t = try MapTempStore()
        let now = t.now
        let g1 = "990102001002001", g2 = "990102001002002", g3 = "990102002001001", quiet = "990102005001001"
        var records: [IngestRecord] = try MapFixtures.countyGrids().map { .grid($0) }
        // Incidents: open at every level in g1, one closed and one resolved that must not count, one in g3.
        records += [
            t.incident(g1, .one, .new), t.incident(g1, .two, .acknowledged), t.incident(g1, .four, .dispatched),
            t.incident(g1, .four, .new), t.incident(g1, .three, .resolved), t.incident(g1, .one, .closed),
            t.incident(g3, .three, .new),
        ].map { .incident($0) }
        // Hotline: due dates are set below; one closed case that is overdue must not count.
        records += ["H1", "H2", "H3", "H4", "H5"].map { .hotline(t.hotline($0, grid: g2)) }
        records.append(.hotline(t.hotline("H6", grid: g2, status: .closed)))
        // Alerts: three distinct alerts in g2, one of which gets closed; one in g3 that is suppressed.
        records += (1...3).map { .alert(t.alert(grid: g2, src: "192.0.2.\($0)")) }
        records.append(.alert(t.alert(grid: g3, src: "192.0.2.9")))
        try t.seed(records)

        let hour: Int64 = 3_600_000
        try t.store.withConnection { c in
            func due(_ ticket: String, _ offset: Int64) throws {
                try c.run("UPDATE hotline_cases SET stage_due_at=? WHERE ticket=?", [.int(now.milliseconds + offset), .text(ticket)])
            }
            try due("H1", -2 * hour)    // overdue
            try due("H2", -1)           // overdue by a millisecond
            try due("H3", 0)            // due right now: near due, not overdue (SLAClock.state agrees)
            try due("H4", 8 * hour)     // exactly at the near-due edge: near due
            try due("H5", 8 * hour + 1) // just outside: on time
            try due("H6", -5 * hour)    // closed: ignored
            try c.run("UPDATE alerts SET status='closed' WHERE src='192.0.2.3'")
            try c.run("UPDATE alerts SET status='suppressed' WHERE grid_id=?", [.text(g3)])
        }
        let sla = SLAClock(calendar: WorkingCalendar())
        #expect(sla.state(due: now, now: now) == .nearDue)
        let loads = try t.store.read { try GridLoadQuery.loads($0, now: now, sla: sla) }

        #expect(loads[g1] == GridLoad(openIncidents: [.one: 1, .two: 1, .four: 2]))
        #expect(loads[g1]?.score == 14.0, "8 + 4 + 1 + 1")
        #expect(loads[g2] == GridLoad(overdueHotline: 2, nearDueHotline: 2, activeAlerts: 2))
        #expect(loads[g3] == GridLoad(openIncidents: [.three: 1]))
        #expect(loads[quiet] == .zero, "every grid in the table has an entry, quiet ones zero")
        #expect(loads.count == 69)

        let village = "990102001002", township = "990102001", county = "990102"
        let both = GridLoad(openIncidents: [.one: 1, .two: 1, .four: 2], overdueHotline: 2, nearDueHotline: 2, activeAlerts: 2)
        #expect(loads[village] == both)
        #expect(loads[township] == both)
        var all = both
        all.add(GridLoad(openIncidents: [.three: 1]))
        #expect(loads[county] == all)
        #expect(loads["990102002"] == GridLoad(openIncidents: [.three: 1]))
        #expect(loads["990102005"] == .zero)
    }

    @Test func itemsOnGridsMissingFromTheTableRollUpByCode() throws {
        let t = try MapTempStore()
        try t.seed([.grid(Grid(id: "990102", name: "云岭县")), .incident(t.incident("990102007003002", .two, .new))])
        let loads = try t.store.read { try GridLoadQuery.loads($0, now: t.now, sla: SLAClock(calendar: WorkingCalendar())) }
        let expected = GridLoad(openIncidents: [.two: 1])
        for code in ["990102007003002", "990102007003", "990102007", "990102"] { #expect(loads[code] == expected, "\(code)") }
    }
}

/// A store in a temporary directory, with helpers to make items on a grid.
final class MapTempStore {
    let dir: String
    let store: Store
    let now = ISOTime.parse("2026-11-22T14:00:00+08:00")!
    private var serial = 0

    init() throws {
        dir = NSTemporaryDirectory() + "wf-map-" + UUID().uuidString
        store = try Store(path: dir + "/db/watchfloor.db")
        let now = self.now
        store.clock = { now }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func incident(_ grid: String, _ level: Level, _ status: IncidentStatus) -> Incident {
        serial += 1
        return Incident(id: "", source: "110联动", sourceRef: "map-\(serial)", category: .publicSafety, level: level,
                        title: "测试事件 \(serial)", gridID: grid, status: status, reportedAt: now)
    }

    func hotline(_ ticket: String, grid: String, status: HotlineStatus = .accepted) -> HotlineCase {
        HotlineCase(ticket: ticket, receivedAt: now.adding(seconds: -86_400), type: .complaint, summary: "噪音扰民",
                    gridID: grid, status: status)
    }

    func alert(grid: String, src: String) -> AlertObservation {
        AlertObservation(at: now, sensor: "ids-dmz-01", signatureID: 2_100_498, signature: "ET SCAN", level: .three,
                         src: src, dest: "10.99.1.10:443", asset: "县政务服务网", gridID: grid)
    }

    func seed(_ records: [IngestRecord]) throws {
        try IngestWriter(store: store).write(IngestBatch(source: "test", records: records))
    }
}
