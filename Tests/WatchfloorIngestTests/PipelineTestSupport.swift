import Foundation
import WatchfloorCore
import WatchfloorStore
@testable import WatchfloorIngest

/// A fresh store in a temporary directory (SQLite) or schema (PostgreSQL), removed when the value is released.
final class TempStore {
    let dir: String
    let store: Store
    private let scratch: ScratchLocation
    init(engine: StoreEngine = .sqlite) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-ingest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        scratch = try ScratchLocation(engine: engine, file: dir + "/store.db")
        store = try Store(path: scratch.location)
    }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func int(_ sql: String, _ args: [SQLValue] = []) throws -> Int64 {
        try store.withConnection { try $0.scalarInt(sql, args) ?? 0 }
    }
}

enum Lines {
    /// One EVE alert line (level from severity: 1 → Ⅱ, 2 → Ⅲ).
    static func eve(_ i: Int, sig: Int = 2001219, src: String = "203.0.113.7", dest: String = "10.99.10.11", severity: Int = 1,
                    second: Int? = nil) -> String {
        let s = second ?? i
        let ts = String(format: "2026-11-20T08:%02d:%02d.000000+0800", (s / 60) % 60, s % 60)
        return "{\"timestamp\":\"\(ts)\",\"event_type\":\"alert\",\"src_ip\":\"\(src)\",\"src_port\":40000,\"dest_ip\":\"\(dest)\",\"dest_port\":443,\"proto\":\"TCP\",\"host\":\"ids-1\",\"alert\":{\"action\":\"allowed\",\"signature_id\":\(sig),\"signature\":\"ET SCAN \(sig)\",\"category\":\"Scan\",\"severity\":\(severity)}}"
    }

    static func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
}

/// Polls `condition` until it holds or `seconds` pass.
func waitUntil(_ seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if try condition() { return true }
        usleep(5_000)
    }
    return try condition()
}
