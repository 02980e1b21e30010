import WatchfloorCore
import WatchfloorGeo
import WatchfloorStore

/// Adds per-grid figures up the grid hierarchy, so a village holds its grids', a township its villages' and the
/// county (or the city) everything: what the map shades a region by at any level.
///
/// The parent of an id is its `grids.parent` when the id is in the table, else its code prefix (15 → 12 → 9 → 6
/// digits, then the city's 4 when the table has the city), so items pointing at grids the table does not know still count towards their township. Every id in
/// the table is present in the result (at `zero` when nothing is located there), so a quiet region reads 0
/// rather than "unknown".
struct GridRollUp {
    private var parentOf: [String: String] = [:]
    private var ids: [String] = []
    private var cities: Set<String> = []

    /// The hierarchy as the `grids` table has it (ids and parents only; the outlines stay in the store).
    init(_ c: Connection) throws {
        for (id, parent) in try c.query("SELECT id, parent FROM grids", [], { ($0.string(0), $0.stringOptional(1)) }) {
            ids.append(id)
            if RegionLevel(code: id) == .city { cities.insert(id) }
            if let parent { parentOf[id] = parent }
        }
    }

    /// Above a county only to a city the table has (a city store's root); a county's own store stops at the county.
    func parent(of id: String) -> String? {
        parentOf[id] ?? GridCode.parent(of: id) ?? RegionLevel.parentCode(of: id).flatMap { cities.contains($0) ? $0 : nil }
    }

    /// `own` (figures located directly in each id) folded into every ancestor with `add`.
    func rollUp<T>(_ own: [String: T], zero: T, add: (inout T, T) -> Void) -> [String: T] {
        var out: [String: T] = [:]
        for id in ids { out[id] = zero }
        for (id, value) in own {
            add(&out[id, default: zero], value)
            var seen: Set<String> = [id]
            var current = id
            while let p = parent(of: current), seen.insert(p).inserted {
                add(&out[p, default: zero], value)
                current = p
            }
        }
        return out
    }
}
