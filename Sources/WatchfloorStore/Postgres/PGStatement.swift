import CLibPQ
import Foundation

/// A statement on the PostgreSQL engine: translated once (`PostgresDialect`), prepared on the server per
/// connection generation, executed on the first `step()` with the values bound since the last reset, and read
/// row by row from the result (text format) like an sqlite3 statement.
final class PGStatement {
    unowned let session: PGSession
    let translated: PostgresDialect.Translated
    private var name = ""
    private var preparedGeneration = -1
    private var values: [SQLValue]
    private var result: PGResult?
    private var row: Int32 = -1

    init(session: PGSession, sql: String) {
        self.session = session
        translated = PostgresDialect.translate(sql)
        values = Array(repeating: .null, count: translated.parameterCount)
    }

    func reset() {
        result = nil
        row = -1
        for i in values.indices { values[i] = .null }
    }

    func bind(_ value: SQLValue, at index: Int) {
        if index - 1 < values.count { values[index - 1] = value }
    }

    func step() throws -> Bool {
        if let result {
            row += 1
            if row < result.rows { return true }
            self.result = nil
            row = -1
            return false
        }
        if translated.isNoOp { return false }
        let r: PGResult
        do { r = try execute() } catch let e as SQLiteError where e.code == 10 && !session.inTransaction && isRead {
            // A read on a connection lost while idle is simply asked again on a new one.
            try session.connect()
            r = try execute()
        }
        if r.rows > 0 {
            result = r
            row = 0
            return true
        }
        return false
    }

    private var isRead: Bool { translated.sql.drop { $0 == " " || $0 == "\n" }.uppercased().hasPrefix("SELECT") }

    private func execute() throws -> PGResult {
        let conn = try session.live()
        if preparedGeneration != session.generation {
            name = session.newStatementName()
            let types: [Oid] = values.map { if case .blob = $0 { return 17 } else { return 0 } }
            _ = try session.check(PQprepare(conn, name, translated.sql, Int32(types.count), types), translated.sql)
            preparedGeneration = session.generation
        }
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { for b in buffers { free(b) } }
        for v in values {
            switch v {
            case .null: buffers.append(nil); lengths.append(0); formats.append(0)
            case .int(let i): buffers.append(strdup(String(i))); lengths.append(0); formats.append(0)
            case .double(let d): buffers.append(strdup(d.isFinite ? "\(d)" : (d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")))); lengths.append(0); formats.append(0)
            case .text(let s): buffers.append(strdup(s)); lengths.append(0); formats.append(0)
            case .blob(let b):
                let p = malloc(max(b.count, 1))!.assumingMemoryBound(to: CChar.self)
                b.withUnsafeBytes { if let base = $0.baseAddress { memcpy(p, base, b.count) } }
                buffers.append(p); lengths.append(Int32(b.count)); formats.append(1)
            }
        }
        let raw = buffers.map { UnsafePointer($0) }
        let result = raw.withUnsafeBufferPointer { values in
            PQexecPrepared(conn, name, Int32(values.count), values.baseAddress, lengths, formats, 0)
        }
        return try session.check(result, translated.sql)
    }

    // MARK: Columns of the current row

    private func cell(_ i: Int32) -> UnsafeMutablePointer<CChar>? {
        guard let result, row >= 0 else { return nil }
        return PQgetvalue(result.pointer, row, i)
    }

    func isNull(_ i: Int32) -> Bool {
        guard let result, row >= 0 else { return true }
        return PQgetisnull(result.pointer, row, i) == 1
    }

    func int64(_ i: Int32) -> Int64 {
        guard let c = cell(i) else { return 0 }
        switch c.pointee {
        case 0x74: return 1 // "t": a boolean
        case 0x66: return 0 // "f"
        default: break
        }
        let v = strtoll(c, nil, 10)
        if v == 0, strchr(c, 0x2E) != nil || strchr(c, 0x65) != nil { return Int64(strtod(c, nil)) }
        return v
    }

    func double(_ i: Int32) -> Double {
        guard let c = cell(i) else { return 0 }
        return strtod(c, nil)
    }

    func string(_ i: Int32) -> String {
        guard let c = cell(i) else { return "" }
        return String(cString: c)
    }

    /// BYTEA arrives in the text format's hex form (`\x…`).
    func blob(_ i: Int32) -> [UInt8] {
        guard let c = cell(i) else { return [] }
        var length = 0
        guard let raw = PQunescapeBytea(UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self), &length) else { return [] }
        defer { PQfreemem(raw) }
        return Array(UnsafeBufferPointer(start: raw, count: length))
    }
}
