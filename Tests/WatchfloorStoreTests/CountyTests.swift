import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Counties in one city store (#15): county filters, the operator limit, and `store copy` with its audit chain, on
/// both engines (the city store on SQLite or PostgreSQL; a county's own store, the copy's source, is a file).
@Suite struct CountyTests {
    /// A county's own store: incidents in its grids, one alert, one audited acknowledgement.
    /// On SQLite unless said: `store copy` reads a county's store from its file.
    func county(_ code: String, ids: [String], alertSrc: String = "203.0.113.7", engine: StoreEngine = .sqlite) throws -> TempStore {
        let t = try TempStore(engine: engine)
        try CountyAccess.setHomeCounty(t.store, code)
        var records: [IngestRecord] = ids.map { id in
            var i = t.incident(id)
            i.gridID = code + "001001001"
            return .incident(i)
        }
        records.append(.alert(AlertObservation(at: t.now, sensor: "ids-\(code)", signatureID: 2001219,
                                               signature: "ET SCAN Potential SSH Scan", level: .three, src: alertSrc,
                                               dest: "10.99.0.20:22", raw: "{\"src_ip\":\"\(alertSrc)\"}")))
        try t.seed(records)
        try OperatorActions(store: t.store, actor: "duty-\(code)").acknowledge(incident: ids[0])
        return t
    }

    func audited(_ s: Store) throws -> [(Int64, String, String)] {
        try s.withConnection { c in
            try c.query("SELECT seq, prev_hash, hash FROM events WHERE hash IS NOT NULL ORDER BY seq") { ($0.int64(0), $0.string(1), $0.string(2)) }
        }
    }

    @Test(arguments: StoreEngine.allCases) func aCopyKeepsEveryHashAndVerifiesBeforeAndAfterNewActions(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001", "INC-20261122-0002"])
        let city = try TempStore(engine: engine)
        let before = try audited(a.store)
        let report = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        #expect(report.events == (try a.store.withConnection { try EventLog.latestSeq($0) }))
        #expect(report.auditedEvents == before.count)
        // The copied chain: byte-equal hashes and links, original seqs kept in origin_seq.
        let copied = try city.store.withConnection { c in
            try c.query("SELECT origin_seq, prev_hash, hash, county FROM events WHERE origin_seq IS NOT NULL AND hash IS NOT NULL ORDER BY seq") {
                ($0.int64(0), $0.string(1), $0.string(2), $0.string(3))
            }
        }
        #expect(copied.map(\.0) == before.map(\.0))
        #expect(copied.map(\.1) == before.map(\.1) && copied.map(\.2) == before.map(\.2))
        #expect(Set(copied.map(\.3)) == ["990102"])
        var report2 = try city.store.withConnection { try AuditChain.verify($0) }
        #expect(report2.ok && report2.checked == before.count + 1)   // + the audited `store.copied`
        // The city acts on a copied item: its own chain goes on, the county's stays intact.
        try OperatorActions(store: city.store, actor: "city").assign(incident: "INC-20261122-0001", to: "王伟")
        report2 = try city.store.withConnection { try AuditChain.verify($0) }
        #expect(report2.ok && report2.checked == before.count + 2)
        let stamped = try city.store.withConnection { try $0.queryOne("SELECT county FROM events WHERE topic='incident.assign'") { $0.stringOptional(0) } }
        #expect(stamped == "990102")
        // An edit of a copied event breaks the county's chain and is named.
        try city.store.withConnection { try $0.execute("UPDATE events SET actor='someone-else' WHERE origin_seq IS NOT NULL AND hash IS NOT NULL") }
        let broken = try city.store.withConnection { try AuditChain.verify($0) }
        #expect(!broken.ok)
        #expect(broken.firstBroken?.reason.contains("edited") == true)
    }

    /// Copied rows keep their numbers; the city's next alert, note, dead letter and post must not reuse one (on
    /// PostgreSQL the copy moves each identity sequence past the copied numbers).
    @Test(arguments: StoreEngine.allCases) func theCityGoesOnNumberingAfterACopy(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        try a.seed([.post(Post(platform: "weibo", postID: "1", author: "用户1", text: "网传石桥县水库决堤，大家注意安全！",
                               publishedAt: a.now))],
                   rejections: [Rejection(position: "line 3", reason: "not JSON", raw: Array("{".utf8))])
        try OperatorActions(store: a.store, actor: "duty").addNote(kind: "incident", id: "INC-20261122-0001", text: "已到场")
        let city = try TempStore(engine: engine)
        _ = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        func highest(_ table: String, _ column: String = "id") throws -> Int64 {
            try city.store.withConnection { try $0.scalarInt("SELECT MAX(\(column)) FROM \(table)") } ?? 0
        }
        let before = try ["alerts", "notes", "dead_letters", "opinion_posts"].map { try highest($0) } + [try highest("opinion_topics", "key")]
        #expect(before.allSatisfy { $0 >= 1 })
        try city.seed([.alert(AlertObservation(at: city.now, sensor: "ids-city", signatureID: 9, signature: "SQL 注入尝试", level: .two,
                                               src: "198.51.100.77", dest: "10.99.1.20:443")),
                       .post(Post(platform: "douyin", postID: "2", author: "用户2", text: "市里高速路口大货车侧翻，堵了两公里",
                                  publishedAt: city.now))],
                      rejections: [Rejection(position: "line 9", reason: "not JSON", raw: Array("[".utf8))])
        try OperatorActions(store: city.store, actor: "city").addNote(kind: "incident", id: "INC-20261122-0001", text: "市里已知悉")
        let after = try ["alerts", "notes", "dead_letters", "opinion_posts"].map { try highest($0) } + [try highest("opinion_topics", "key")]
        #expect(zip(before, after).allSatisfy { $0 < $1 }, "\(before) → \(after)")
        #expect(try city.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    @Test(arguments: StoreEngine.allCases) func aSecondCopyOfACountyIsRefusedAndChangesNothing(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        let city = try TempStore(engine: engine)
        _ = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        let events = try city.store.withConnection { try EventLog.latestSeq($0) }
        #expect {
            try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        } throws: { "\($0)".contains("county 990102 was already copied") && "\($0)".contains("nothing was copied") }
        #expect(try city.store.withConnection { try EventLog.latestSeq($0) } == events)
    }

    @Test(arguments: StoreEngine.allCases) func twoCountiesShareACityAndAlertNumbersThatCollideAreRenumbered(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        let b = try county("990103", ids: ["INC-20261122-0101"], alertSrc: "198.51.100.9")
        let city = try TempStore(engine: engine)
        _ = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        let r = try StoreCopy.copy(from: b.store, to: city.store, county: "990103", actor: "admin")
        #expect(r.renumberedAlerts == 1)
        let scopeA = CountyFilter(code: "990102", includesUnstamped: false)
        let scopeB = CountyFilter(code: "990103", includesUnstamped: false)
        let inA = try city.store.read { try IncidentRepository.list($0, ListFilter(county: scopeA)).map(\.id) }
        let inB = try city.store.read { try IncidentRepository.list($0, ListFilter(county: scopeB)).map(\.id) }
        let alertsB = try city.store.read { try AlertRepository.list($0, ListFilter(county: scopeB)) }
        #expect(inA == ["INC-20261122-0001"] && inB == ["INC-20261122-0101"])
        #expect(alertsB.map(\.src) == ["198.51.100.9"])
        // The sample (its own table, keyed by alert id) follows the renumbered alert.
        let renumbered = try #require(alertsB.first?.id)
        #expect(renumbered != 1)
        #expect(try city.store.read { try AlertRepository.get($0, id: renumbered) }?.sample == "{\"src_ip\":\"198.51.100.9\"}")
        #expect(try city.store.read { try AlertRepository.get($0, id: 1) }?.sample == "{\"src_ip\":\"203.0.113.7\"}")
        #expect(try city.store.read { try IncidentRepository.count($0, ListFilter()) } == 2)
        #expect(try city.store.withConnection { try AuditChain.verify($0) }.ok)
    }

    @Test(arguments: StoreEngine.allCases) func aCopyRefusesAnIDTheCityHoldsAndCopiesNothing(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        let b = try county("990103", ids: ["INC-20261122-0001"])
        let city = try TempStore(engine: engine)
        _ = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        let events = try city.store.withConnection { try EventLog.latestSeq($0) }
        #expect { try StoreCopy.copy(from: b.store, to: city.store, county: "990103", actor: "admin") } throws: {
            "\($0)".contains("incidents INC-20261122-0001 is already in the target (county 990102)")
        }
        #expect(try city.store.withConnection { try EventLog.latestSeq($0) } == events)
        #expect(try city.store.read { try AlertRepository.count($0, ListFilter()) } == 1)
    }

    @Test(arguments: StoreEngine.allCases) func aCopyRefusesAStoreOfAnotherCountyOrWithItemsElsewhere(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        let city = try TempStore(engine: engine)
        #expect { try StoreCopy.copy(from: a.store, to: city.store, county: "990103", actor: "admin") } throws: {
            "\($0)".contains("is the store of county 990102, not 990103")
        }
        let mixed = try TempStore()
        var stray = mixed.incident("INC-20261122-0009")
        stray.gridID = "990199001001001"
        try mixed.seed([.incident(mixed.incident("INC-20261122-0008")), .incident(stray)])
        #expect { try StoreCopy.copy(from: mixed.store, to: city.store, county: "990102", actor: "admin") } throws: {
            "\($0)".contains("incidents INC-20261122-0009 is in 990199")
        }
    }

    @Test(arguments: StoreEngine.allCases) func anOperatorLimitedToACountyNeitherSeesNorActsOnAnother(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"])
        let b = try county("990103", ids: ["INC-20261122-0101"], alertSrc: "198.51.100.9")
        let city = try TempStore(engine: engine)
        _ = try StoreCopy.copy(from: a.store, to: city.store, county: "990102", actor: "admin")
        _ = try StoreCopy.copy(from: b.store, to: city.store, county: "990103", actor: "admin")
        try CountyAccess.setLimit(city.store, operator: "li", county: "990103", actor: "admin")
        // Reads: the limit is the default scope; asking for another county is refused.
        let own = try CountyAccess.readScope(city.store, actor: "li", requested: nil)
        #expect(own == CountyFilter(code: "990103", includesUnstamped: false))
        #expect(throws: CountyRefused(actor: "li", allowed: "990103", requested: "990102")) {
            try CountyAccess.readScope(city.store, actor: "li", requested: "990102")
        }
        #expect(try CountyAccess.readScope(city.store, actor: "admin", requested: nil) == nil)
        // Actions: refused by rule inside the transaction, whatever the caller checked; nothing changes.
        let li = OperatorActions(store: city.store, actor: "li")
        #expect(throws: CountyRefused(actor: "li", allowed: "990103", requested: "990102", item: "INC-20261122-0001")) {
            try li.assign(incident: "INC-20261122-0001", to: "李")
        }
        #expect(throws: CountyRefused.self) { try li.addNote(kind: "incident", id: "INC-20261122-0001", text: "看看") }
        let untouched = try city.store.read { try IncidentRepository.get($0, id: "INC-20261122-0001") }
        #expect(untouched?.assignee == nil && untouched?.version == 2)
        #expect(try li.assign(incident: "INC-20261122-0101", to: "李").assignee == "李")
    }

    @Test(arguments: StoreEngine.allCases) func aLimitedOperatorActsInTheirOwnCountyAndCannotChangeLimits(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001", "INC-20261122-0002"], engine: engine)
        try CountyAccess.setLimit(a.store, operator: "zhao", county: "990102", actor: "admin")
        let zhao = OperatorActions(store: a.store, actor: "zhao")
        #expect(try zhao.acknowledge(incident: "INC-20261122-0002").ackedBy == "zhao")
        #expect(throws: CountyRefused.self) {
            try CountyAccess.setLimit(a.store, operator: "zhao", county: nil, actor: "zhao")
        }
        // A county's own store: unstamped rows are its county's.
        #expect(try CountyAccess.readScope(a.store, actor: "zhao", requested: nil) == CountyFilter(code: "990102", includesUnstamped: true))
    }

    @Test(arguments: StoreEngine.allCases) func opinionTopicsKeepToTheirCountyToo(engine: StoreEngine) throws {
        let city = try TempStore(engine: engine)
        try city.seed([.post(Post(platform: "weibo", postID: "1", author: "用户1", text: "网传石桥县水库决堤，大家注意安全！",
                                  publishedAt: city.now))])
        let topic = try #require(try city.store.read { try OpinionRepository.list($0, includeClosed: true) }.first)
        try city.store.withConnection { try $0.execute("UPDATE opinion_topics SET county = '990103'") }
        try CountyAccess.setLimit(city.store, operator: "li", county: "990102", actor: "admin")
        #expect(throws: CountyRefused.self) { try OperatorActions(store: city.store, actor: "li").close(topic: topic.id) }
        let seen = try city.store.read {
            try OpinionRepository.list($0, includeClosed: true, county: CountyFilter(code: "990102", includesUnstamped: false))
        }
        #expect(seen.isEmpty)
        #expect(try OperatorActions(store: city.store, actor: "wang").close(topic: topic.id).status == .closed)
    }

    @Test(arguments: StoreEngine.allCases) func aStoreBelongsToOneCountyAndCodesAreSixDigits(engine: StoreEngine) throws {
        let a = try county("990102", ids: ["INC-20261122-0001"], engine: engine)
        try CountyAccess.setHomeCounty(a.store, "990102")
        #expect { try CountyAccess.setHomeCounty(a.store, "990103") } throws: { "\($0)".contains("belongs to county 990102, not 990103") }
        #expect { try CountyAccess.setHomeCounty(a.store, "99010") } throws: { "\($0)".contains("6-digit code") }
        #expect(CountyCode.of(grid: "990102001001001") == "990102")
        #expect(CountyCode.of(grid: "9901") == nil)
    }
}
