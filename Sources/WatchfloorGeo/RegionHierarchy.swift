import Foundation

/// The administrative level of a region, from the length of its code. A city (地级市, the first four digits of
/// its counties' codes) is the root of a city store's tree: city → county → township → village → grid.
public enum RegionLevel: Int, Comparable, Sendable, CaseIterable {
    case city = 4, county = 6, township = 9, village = 12, grid = 15

    /// Level from a 4/6/9/12/15-digit code; nil for anything else.
    public init?(code: String) {
        guard code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let level = RegionLevel(rawValue: code.utf8.count)
        else { return nil }
        self = level
    }

    /// The code of the level above: the code's prefix (a county's is its city's four digits; a city has none).
    public static func parentCode(of code: String) -> String? {
        guard let level = RegionLevel(code: code), level != .city else { return nil }
        return String(code.prefix(level == .county ? RegionLevel.city.rawValue : level.rawValue - 3))
    }

    public static func < (a: RegionLevel, b: RegionLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Parent/child links between a set of regions.
///
/// Why: the map draws grids but operators think in townships and villages; `g` (pick a grid) and the
/// filters walk this tree. A parent comes from the region's explicit `parentID` when present, else from its
/// code's prefix (15 → 12 → 9 → 6 → 4 digits). A county's own store has no city region, so its county is the root,
/// as before; a city store with the city's region is rooted at the city. When the direct parent is not in the set (e.g. only grids were
/// loaded) the nearest ancestor code that is present is used, so the tree never has dangling links.
public struct RegionHierarchy: Sendable {
    public let regions: [GeoRegion]
    private let indexByID: [String: Int]
    private let parentIndex: [Int?]
    private let childIndices: [[Int]]

    public init(regions: [GeoRegion]) {
        self.regions = regions
        var byID: [String: Int] = [:]
        for (i, r) in regions.enumerated() where byID[r.id] == nil { byID[r.id] = i }
        indexByID = byID

        var parents = [Int?](repeating: nil, count: regions.count)
        var children = [[Int]](repeating: [], count: regions.count)
        for (i, r) in regions.enumerated() {
            var candidate = r.parentID ?? RegionLevel.parentCode(of: r.id)
            var seen: Set<String> = [r.id]
            while let c = candidate, !seen.contains(c) {
                seen.insert(c)
                if let p = byID[c], p != i { parents[i] = p; break }
                candidate = RegionLevel.parentCode(of: c)
            }
            if let p = parents[i] { children[p].append(i) }
        }
        // Break cycles from explicit parents (A→B→A) by cutting the link that closes the loop, so `roots` is
        // never empty for a non-empty set.
        for i in regions.indices {
            var current = parents[i], steps = 0
            while let c = current, c != i, steps < regions.count { current = parents[c]; steps += 1 }
            if current == i, let p = parents[i] {
                parents[i] = nil
                children[p].removeAll { $0 == i }
            }
        }
        for i in children.indices { children[i].sort { regions[$0].id < regions[$1].id } }
        parentIndex = parents
        childIndices = children
    }

    /// Index of the region with `id`, if present.
    public func index(of id: String) -> Int? { indexByID[id] }

    public func region(_ id: String) -> GeoRegion? { indexByID[id].map { regions[$0] } }

    /// The parent present in the set, or nil for a root.
    public func parent(of id: String) -> GeoRegion? {
        guard let i = indexByID[id], let p = parentIndex[i] else { return nil }
        return regions[p]
    }

    /// Direct children, sorted by id.
    public func children(of id: String) -> [GeoRegion] {
        guard let i = indexByID[id] else { return [] }
        return childIndices[i].map { regions[$0] }
    }

    /// Regions without a parent in the set, sorted by id.
    public var roots: [GeoRegion] {
        regions.indices.filter { parentIndex[$0] == nil }.map { regions[$0] }.sorted { $0.id < $1.id }
    }

    /// Level from the code's length; nil when the id is not a 6/9/12/15-digit code.
    public func level(of id: String) -> RegionLevel? { RegionLevel(code: id) }

    /// Ancestors from the parent up to the root.
    public func ancestors(of id: String) -> [GeoRegion] {
        var out: [GeoRegion] = []
        var current = id
        while let p = parent(of: current), out.count < regions.count {
            out.append(p)
            current = p.id
        }
        return out
    }

    /// Every region below `id` (depth first, children in id order).
    public func descendants(of id: String) -> [GeoRegion] {
        guard let i = indexByID[id] else { return [] }
        var out: [GeoRegion] = []
        var stack = childIndices[i].reversed() as [Int]
        while let c = stack.popLast(), out.count < regions.count {
            out.append(regions[c])
            stack.append(contentsOf: childIndices[c].reversed())
        }
        return out
    }
}
