import Foundation

/// A small, seedable random generator (SplitMix64), so synthetic maps are identical on every machine and run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func signedUnit() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
}

/// A fictional county made of grid-like polygons, for benchmarks, tests and demos.
///
/// Why: real grid boundaries are not public, and the map must be exercised at real scale (about 1,000 grids).
/// Sites on a hexagonal lattice are jittered and their Voronoi cells form the grids (irregular, 5–9 vertices,
/// sharing edges exactly); the county's outline is the union of the sites nearest a noisy ellipse. Grids are
/// grouped into townships and villages by proximity and get 15-digit codes under county `990102` (the `99`
/// prefix can never be a real code).
public enum SyntheticCounty {
    public static let countyCode = "990102"
    public static let countyName = "示范县"
    /// Lattice step in degrees of latitude (about 1.3 km, a rural grid of ~500 households).
    static let step = 0.012
    static let origin = GeoPoint(lon: 113.40, lat: 34.60)

    static let townshipNames = [
        "城关镇", "东关镇", "西河乡", "南湖镇", "北山乡", "龙泉镇", "青石镇", "柳林乡", "白马镇", "石桥镇",
        "杨庄乡", "李集镇", "张湾乡", "王店镇", "马坊乡", "梨园镇", "双河镇", "三里镇", "高庙乡", "红旗镇",
    ]
    static let villageNames = [
        "东街社区", "西街社区", "南关社区", "北关社区", "前进村", "胜利村", "新庄村", "大王庄村", "小李庄村",
        "河口村", "柳树村", "槐树村", "后营村", "前营村", "石门村", "桥头村", "新华社区", "建设社区", "和平社区",
        "团结村", "红星村", "光明村", "幸福村", "朝阳社区",
    ]

    /// `gridCount` grid regions (level `grid`, parent = village code), in code order.
    public static func make(gridCount: Int, seed: UInt64 = 1) -> [GeoRegion] {
        guard gridCount > 0 else { return [] }
        var rng = SplitMix64(seed: seed)

        // Lattice with room around the county so every chosen cell is bounded by real neighbours.
        let total = Double(gridCount) * 1.8 + 40
        let rows = Int((total / 1.5).squareRoot().rounded(.up)) + 4
        let cols = Int((total / Double(rows)).rounded(.up)) + 4
        var sites = [(u: Double, v: Double)]()
        sites.reserveCapacity(rows * cols)
        for j in 0..<rows {
            for i in 0..<cols {
                let u = Double(i) + (j % 2 == 1 ? 0.5 : 0) + 0.34 * rng.signedUnit()
                let v = Double(j) * 0.866 + 0.30 * rng.signedUnit()
                sites.append((u, v))
            }
        }

        // The county: the sites nearest the centre under a wobbly elliptical metric.
        let cu = Double(cols - 1) / 2, cv = Double(rows - 1) * 0.866 / 2
        let ru = Double(cols) / 2, rv = Double(rows) * 0.866 / 2
        let phase1 = rng.signedUnit() * .pi, phase2 = rng.signedUnit() * .pi
        let metric = sites.map { s -> Double in
            let du = (s.u - cu) / ru, dv = (s.v - cv) / rv
            let theta = atan2(dv, du)
            return (du * du + dv * dv).squareRoot() / (1 + 0.14 * sin(3 * theta + phase1) + 0.07 * sin(5 * theta + phase2))
        }
        let chosen = sites.indices.sorted { (metric[$0], $0) < (metric[$1], $1) }.prefix(gridCount)
            .sorted { (sites[$0].v, sites[$0].u) < (sites[$1].v, sites[$1].u) }

        // Voronoi cell of each chosen site: clip a square by the bisectors with lattice neighbours.
        var cells: [Int: [(Double, Double)]] = [:]
        for s in chosen {
            let (i, j) = (s % cols, s / cols)
            let p = sites[s]
            var poly = [(p.u - 3, p.v - 3), (p.u + 3, p.v - 3), (p.u + 3, p.v + 3), (p.u - 3, p.v + 3)]
            for dj in -3...3 {
                for di in -3...3 where di != 0 || dj != 0 {
                    let ni = i + di, nj = j + dj
                    guard ni >= 0, nj >= 0, ni < cols, nj < rows else { continue }
                    poly = clip(poly, keepingCloserTo: p, than: sites[nj * cols + ni])
                }
            }
            cells[s] = padToFive(poly)
        }

        // Townships and villages: groups of nearby grids around farthest-point seeds.
        let points = chosen.map { sites[$0] }
        let townshipCount = max(1, Int((Double(gridCount) / 48).rounded()))
        let township = group(points, members: Array(points.indices), into: townshipCount)
        var codes = [String](repeating: "", count: points.count)
        var names = [String](repeating: "", count: points.count)
        var parents = [String](repeating: "", count: points.count)
        for (t, members) in township.enumerated() {
            let tCode = countyCode + threeDigits(t + 1)
            let tName = townshipNames[t % townshipNames.count] + (t >= townshipNames.count ? "\(t / townshipNames.count + 1)" : "")
            let villages = group(points, members: members, into: max(1, Int((Double(members.count) / 6).rounded())))
            for (v, vMembers) in villages.enumerated() {
                let vCode = tCode + threeDigits(v + 1)
                let vName = villageNames[(t * 7 + v) % villageNames.count]
                let ordered = vMembers.sorted { (points[$0].v, points[$0].u) < (points[$1].v, points[$1].u) }
                for (g, m) in ordered.enumerated() {
                    codes[m] = vCode + threeDigits(g + 1)
                    names[m] = "\(tName)\(vName)第\(g + 1)网格"
                    parents[m] = vCode
                }
            }
        }

        let lonStep = step / cos(origin.lat * .pi / 180)
        var regions: [GeoRegion] = []
        regions.reserveCapacity(gridCount)
        for (k, s) in chosen.enumerated() {
            let ring = cells[s]!.map { GeoPoint(lon: origin.lon + $0.0 * lonStep, lat: origin.lat - $0.1 * step) }
            let households = 420 + Int(rng.next() % 161)
            regions.append(GeoRegion(id: codes[k], name: names[k], parentID: parents[k], polygons: [[ring]],
                                     properties: ["level": "grid", "households": String(households)]))
        }
        return regions.sorted { $0.id < $1.id }
    }

    /// Township and village records (no geometry) for a set of synthetic grids, plus the county, so a
    /// `RegionHierarchy` over `grids + parents(of: grids)` has all four levels.
    public static func parents(of grids: [GeoRegion]) -> [GeoRegion] {
        var out: [String: GeoRegion] = [countyCode: GeoRegion(id: countyCode, name: countyName, polygons: [])]
        for g in grids where g.id.count == 15 {
            let village = String(g.id.prefix(12)), town = String(g.id.prefix(9))
            let gridSuffix = g.name.range(of: "第").map { String(g.name[..<$0.lowerBound]) } ?? g.name
            if out[village] == nil {
                out[village] = GeoRegion(id: village, name: gridSuffix, parentID: town, polygons: [])
            }
            if out[town] == nil {
                let tName = townshipNames.first { gridSuffix.hasPrefix($0) } ?? town
                out[town] = GeoRegion(id: town, name: tName, parentID: countyCode, polygons: [])
            }
        }
        return out.values.sorted { $0.id < $1.id }
    }

    // MARK: - Helpers

    private static func threeDigits(_ n: Int) -> String {
        let s = String(n % 1000)
        return String(repeating: "0", count: 3 - s.count) + s
    }

    /// Sutherland–Hodgman: keeps the part of `poly` closer to `p` than to `q`.
    private static func clip(_ poly: [(Double, Double)], keepingCloserTo p: (u: Double, v: Double),
                             than q: (u: Double, v: Double)) -> [(Double, Double)]
    {
        let nx = q.u - p.u, ny = q.v - p.v
        let c = (q.u * q.u + q.v * q.v - p.u * p.u - p.v * p.v) / 2
        func side(_ a: (Double, Double)) -> Double { a.0 * nx + a.1 * ny - c }  // <= 0 keeps
        var out: [(Double, Double)] = []
        for k in poly.indices {
            let a = poly[k], b = poly[(k + 1) % poly.count]
            let sa = side(a), sb = side(b)
            if sa <= 0 { out.append(a) }
            if (sa <= 0) != (sb <= 0) {
                let t = sa / (sa - sb)
                out.append((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t))
            }
        }
        return out
    }

    /// Voronoi cells of a jittered hexagonal lattice have 4–8 corners; a quadrilateral gets a point on its
    /// longest edge (exactly on it, so the shared border with the neighbour stays identical).
    private static func padToFive(_ poly: [(Double, Double)]) -> [(Double, Double)] {
        var poly = poly
        while poly.count < 5 {
            var longest = 0, length = -1.0
            for k in poly.indices {
                let a = poly[k], b = poly[(k + 1) % poly.count]
                let l = hypot(b.0 - a.0, b.1 - a.1)
                if l > length { length = l; longest = k }
            }
            let a = poly[longest], b = poly[(longest + 1) % poly.count]
            poly.insert(((a.0 + b.0) / 2, (a.1 + b.1) / 2), at: longest + 1)
        }
        return poly
    }

    /// Splits `members` into `count` groups around farthest-point seeds (deterministic), each group sorted.
    private static func group(_ points: [(u: Double, v: Double)], members: [Int], into count: Int) -> [[Int]] {
        guard !members.isEmpty else { return [] }
        let k = min(count, members.count)
        // First seed: the member nearest the top-left; then repeatedly the member farthest from all seeds.
        var seeds = [members.min { (points[$0].v + points[$0].u, $0) < (points[$1].v + points[$1].u, $1) }!]
        var nearest = members.map { dist2(points[$0], points[seeds[0]]) }
        while seeds.count < k {
            var far = 0
            for m in members.indices where nearest[m] > nearest[far] { far = m }
            seeds.append(members[far])
            for m in members.indices { nearest[m] = min(nearest[m], dist2(points[members[m]], points[members[far]])) }
        }
        // Order seeds top-to-bottom, left-to-right so codes read like a map.
        seeds.sort { (points[$0].v, points[$0].u) < (points[$1].v, points[$1].u) }
        var groups = [[Int]](repeating: [], count: seeds.count)
        for m in members {
            var best = 0
            for s in seeds.indices where dist2(points[m], points[seeds[s]]) < dist2(points[m], points[seeds[best]]) { best = s }
            groups[best].append(m)
        }
        return groups.filter { !$0.isEmpty }
    }

    private static func dist2(_ a: (u: Double, v: Double), _ b: (u: Double, v: Double)) -> Double {
        (a.u - b.u) * (a.u - b.u) + (a.v - b.v) * (a.v - b.v)
    }
}
