import WatchfloorCore
import WatchfloorStore

/// A county daemon writes only its own county (`[daemon] county`): a record whose grid code lies in another
/// county is moved to the rejections (so it becomes a dead letter with the reason) and the rest lands. Records
/// without a grid are the daemon's county's by where they arrived.
public enum CountyGate {
    public static func apply(_ result: inout DecodeResult, county: String?) {
        guard let county else { return }
        var kept: [IngestRecord] = []
        kept.reserveCapacity(result.records.count)
        for (i, record) in result.records.enumerated() {
            if let grid = grid(of: record), let other = CountyCode.of(grid: grid), other != county {
                result.rejections.append(Rejection(
                    position: "record \(i + 1)",
                    reason: "\(record.kind) in grid \(grid) belongs to county \(other); this daemon writes only county \(county)",
                    raw: Array(grid.utf8)))
            } else {
                kept.append(record)
            }
        }
        result.records = kept
    }

    static func grid(of record: IngestRecord) -> String? {
        switch record {
        case .incident(let i, _): i.gridID
        case .hotline(let h): h.gridID
        case .alert(let a): a.gridID
        case .grid(let g): g.id
        case .post(let p): p.gridID
        default: nil
        }
    }
}
