import Testing
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// The correlation rule on plain values: thresholds, window edges, levels, episodes, determinism.
@Suite struct CorrelationRuleTests {
    static let t0 = Timestamp(milliseconds: 1_795_000_000_000)

    static func alert(_ offsetMs: Int64, level: Level = .two, asset: String? = "县政务服务网", src: String = "203.0.113.9") -> AlertObservation {
        AlertObservation(at: t0.adding(milliseconds: offsetMs), sensor: "ids", signatureID: 1, signature: "ET SCAN",
                         level: level, src: src, dest: "10.99.10.11:443", asset: asset, gridID: "990102001002002")
    }

    /// Feeds offsets; returns the indices at which the rule emitted and what.
    static func run(_ c: inout Correlator, _ offsets: [Int64], level: Level = .two) -> [(Int, CorrelatedIncident)] {
        var out: [(Int, CorrelatedIncident)] = []
        for (i, o) in offsets.enumerated() { if let hit = c.observe(alert(o, level: level)) { out.append((i, hit)) } }
        return out
    }

    @Test func firesOnTheTwentiethAlertWithinTheWindow() {
        var c = Correlator(rule: CorrelationRule(minCount: 20, maxLevel: .two, windowMinutes: 10))
        let hits = Self.run(&c, (0..<20).map { Int64($0) * 1000 })
        #expect(hits.count == 1)
        #expect(hits.first?.0 == 19)
        let inc = hits[0].1
        #expect(inc.incident.category == .cyberSecurity)
        #expect(inc.incident.source == "correlation")
        #expect(inc.incident.sourceRef == "corr:县政务服务网:\(Self.t0.milliseconds)")
        #expect(inc.incident.reportedAt == Self.t0)
        #expect(inc.incident.gridID == "990102001002002")
        #expect(inc.asset == "县政务服务网")
        #expect(inc.since == Self.t0)
    }

    @Test func windowEdgeIsInclusive() {
        let w: Int64 = 10 * 60_000
        // 20 alerts spanning exactly the window: fires.
        var a = Correlator(rule: CorrelationRule(minCount: 20, windowMinutes: 10))
        let exact = (0..<19).map { Int64($0) } + [w]
        #expect(Self.run(&a, exact).count == 1)
        // One millisecond more: the first alert has left the window.
        var b = Correlator(rule: CorrelationRule(minCount: 20, windowMinutes: 10))
        let over = (0..<19).map { Int64($0) } + [w + 1]
        #expect(Self.run(&b, over).isEmpty)
    }

    @Test func nineteenIsNotEnoughAndSlowDripNeverFires() {
        var c = Correlator(rule: CorrelationRule(minCount: 20, windowMinutes: 10))
        #expect(Self.run(&c, (0..<19).map { Int64($0) }).isEmpty)
        var d = Correlator(rule: CorrelationRule(minCount: 20, windowMinutes: 10))
        // One alert every 40 s: at most 16 in any 10-minute window.
        #expect(Self.run(&d, (0..<200).map { Int64($0) * 40_000 }).isEmpty)
    }

    @Test func lessSevereLevelsAndUnknownAssetsDoNotCount() {
        var c = Correlator(rule: CorrelationRule(minCount: 3, maxLevel: .two, windowMinutes: 10))
        #expect(Self.run(&c, [0, 1, 2, 3, 4], level: .three).isEmpty)
        var d = Correlator(rule: CorrelationRule(minCount: 3, maxLevel: .two, windowMinutes: 10))
        for i in 0..<5 { #expect(d.observe(Self.alert(Int64(i), asset: nil)) == nil) }
        var e = Correlator(rule: CorrelationRule(minCount: 3, maxLevel: .two, windowMinutes: 10))
        #expect(Self.run(&e, [0, 1, 2], level: .one).count == 1)
        #expect(e.observe(Self.alert(3)).map { $0.incident.level } == .one)   // the episode keeps the worst level seen
    }

    @Test func anEpisodeContinuesWithTheSameReferenceThenEndsAfterAQuietWindow() {
        let w: Int64 = 10 * 60_000
        var c = Correlator(rule: CorrelationRule(minCount: 3, windowMinutes: 10))
        let first = Self.run(&c, [0, 1, 2])
        #expect(first.count == 1)
        let ref = first[0].1.incident.sourceRef
        // Alerts keep coming within a window of each other: same episode, same reference, every time.
        let cont = Self.run(&c, [w, 2 * w, 3 * w])
        #expect(cont.count == 3 && cont.allSatisfy { $0.1.incident.sourceRef == ref })
        // Quiet for longer than a window: a new burst is a new episode.
        let later: Int64 = 5 * w
        #expect(c.observe(Self.alert(later)) == nil)
        let second = Self.run(&c, [later + 1, later + 2])
        #expect(second.count == 1)
        #expect(second[0].1.incident.sourceRef != ref)
        #expect(second[0].1.since == Self.t0.adding(milliseconds: later))
    }

    @Test func outOfOrderObservationsCountByTheirOwnTime() {
        var c = Correlator(rule: CorrelationRule(minCount: 3, windowMinutes: 1))
        #expect(c.observe(Self.alert(50_000)) == nil)
        #expect(c.observe(Self.alert(10_000)) == nil)   // older, still within a minute of the newest
        let hit = c.observe(Self.alert(30_000))
        #expect(hit?.since == Self.t0.adding(milliseconds: 10_000))
    }

    @Test func replayIsDeterministicAndResumeKeepsTheReference() {
        let offsets = (0..<50).map { Int64($0) * 7_000 }
        var a = Correlator(), b = Correlator()
        let ra = Self.run(&a, offsets).map { $0.1.incident.sourceRef }
        let rb = Self.run(&b, offsets).map { $0.1.incident.sourceRef }
        #expect(!ra.isEmpty && ra == rb)
        // A restarted daemon resumes the open episode from the store and keeps linking to it.
        var r = Correlator()
        r.resume(asset: "县政务服务网", sourceRef: ra[0]!, lastSeen: Self.t0.adding(milliseconds: 49 * 7_000), level: .two, grid: nil)
        #expect(r.observe(Self.alert(50 * 7_000))?.incident.sourceRef == ra[0])
    }
}

@Suite struct AssetInventoryTests {
    let inventory = AssetInventory([
        .init(ip: "10.99.10.11", name: "县政务服务网", grid: "990102001002002"),
        .init(ip: "fe80::1", name: "核心交换机", grid: nil),
    ])

    func obs(dest: String, asset: String? = nil, grid: String? = nil) -> AlertObservation {
        AlertObservation(at: Timestamp(milliseconds: 0), sensor: "s", signatureID: 1, signature: "x", level: .three,
                         src: "1.2.3.4:5", dest: dest, asset: asset, gridID: grid)
    }

    @Test func namesTheAssetFromTheDestinationAddress() {
        var o = obs(dest: "10.99.10.11:443")
        inventory.enrich(&o)
        #expect(o.asset == "县政务服务网" && o.gridID == "990102001002002")
        var v6 = obs(dest: "[fe80::1]:22")
        inventory.enrich(&v6)
        #expect(v6.asset == "核心交换机")
        var bare = obs(dest: "fe80::1")
        inventory.enrich(&bare)
        #expect(bare.asset == "核心交换机")
        var unknown = obs(dest: "10.1.1.1:80")
        inventory.enrich(&unknown)
        #expect(unknown.asset == nil && unknown.gridID == nil)
    }

    @Test func aSensorsOwnAssetNameWinsAndGetsItsGrid() {
        var o = obs(dest: "10.0.0.9:80", asset: "县政务服务网")
        inventory.enrich(&o)
        #expect(o.asset == "县政务服务网" && o.gridID == "990102001002002")
        var g = obs(dest: "10.99.10.11:443", grid: "X")
        inventory.enrich(&g)
        #expect(g.gridID == "X")
    }

    @Test func hostParsing() {
        #expect(AssetInventory.host(of: "10.0.0.1:443") == "10.0.0.1")
        #expect(AssetInventory.host(of: "10.0.0.1") == "10.0.0.1")
        #expect(AssetInventory.host(of: "[2001:db8::1]:443") == "2001:db8::1")
        #expect(AssetInventory.host(of: "2001:db8::1") == "2001:db8::1")
    }
}
