/// The four tiers of grid management (网格化管理); the level follows from the code's length.
public enum GridLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case county, township, village, grid

    public var codeLength: Int { [.county: 6, .township: 9, .village: 12, .grid: 15][self]! }

    public init?(codeLength: Int) {
        switch codeLength { case 6: self = .county; case 9: self = .township; case 12: self = .village; case 15: self = .grid; default: return nil }
    }

    private var depth: Int { GridLevel.allCases.firstIndex(of: self)! }
    public static func < (a: GridLevel, b: GridLevel) -> Bool { a.depth < b.depth }

    public var label: Bilingual {
        switch self {
        case .county: Bilingual("县", "County")
        case .township: Bilingual("乡镇", "Township")
        case .village: Bilingual("村/社区", "Village")
        case .grid: Bilingual("网格", "Grid")
        }
    }
}

/// Grid-code arithmetic: 6 county + 3 township + 3 village/community + 3 grid digits.
public enum GridCode {
    public static func level(of code: String) -> GridLevel? {
        guard code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        return GridLevel(codeLength: code.count)
    }

    public static func parent(of code: String) -> String? {
        guard let level = level(of: code), level != .county else { return nil }
        return String(code.prefix(code.count - 3))
    }

    /// True when `code` is `ancestor` or lies below it.
    public static func isWithin(_ code: String, _ ancestor: String) -> Bool { code.hasPrefix(ancestor) }
}

/// A node of the grid hierarchy with its worker and outline (GeoJSON text, drawn by the map pane).
public struct Grid: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var level: GridLevel
    public var parent: String?
    public var worker: String?
    public var workerPhone: String?
    public var households: Int?
    public var geometry: String?

    public init(id: String, name: String, level: GridLevel? = nil, parent: String? = nil, worker: String? = nil,
                workerPhone: String? = nil, households: Int? = nil, geometry: String? = nil) {
        self.id = id; self.name = name
        self.level = level ?? GridCode.level(of: id) ?? .grid
        self.parent = parent ?? GridCode.parent(of: id)
        self.worker = worker; self.workerPhone = workerPhone; self.households = households; self.geometry = geometry
    }
}
