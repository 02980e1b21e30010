import CSQLite
import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorStore

/// Read-only opening by flag (root ignores file modes, so the flag is how a test as root gets a read-only store),
/// schema checks without migrating, and SQLite failures as sentences.
@Suite struct StoreAccessTests {
    func storeFile() throws -> (String, String) {
        let dir = NSTemporaryDirectory() + "wf-access-" + UUID().uuidString
        let path = dir + "/w.db"
        do {
            let s = try Store(path: path)
            try s.write { try $0.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (1, 'shift', 'shift', 'a', 'x')") }
        }
        return (dir, path)
    }

    @Test func readOnlyFlagReadsAndRefusesWritesInASentence() throws {
        let (dir, path) = try storeFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = FileManager.default.contents(atPath: path)
        let ro = try Store(path: path, access: .readOnly)
        #expect(ro.isReadOnly)
        #expect(try ro.read { try $0.scalarInt("SELECT COUNT(*) FROM notes") } == 1)
        do {
            try ro.write { try $0.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (2, 'shift', 'shift', 'a', 'y')") }
            Issue.record("a read-only store accepted a write")
        } catch let e as SQLiteError {
            let sentence = StoreError.from(e, path: path).description
            #expect(sentence.contains("read-only") && !sentence.contains("INSERT") && !sentence.contains(e.message), "\(sentence)")
        }
        #expect(FileManager.default.contents(atPath: path) == before)   // the database itself is untouched
        #expect(throws: StoreError.self) { try Store(path: dir + "/absent.db", access: .readOnly) }
    }

    @Test func readOnlyNeverMigratesAndSaysWhy() throws {
        let (dir, path) = try storeFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try Connection(path: path)
        try c.execute("PRAGMA user_version=1")
        #expect(throws: StoreError.readOnlyOldSchema(path: path, found: 1, needed: Store.currentSchemaVersion)) {
            try Store(path: path, access: .readOnly)
        }
        try c.execute("PRAGMA user_version=\(Store.currentSchemaVersion + 5)")
        #expect(throws: StoreError.newerSchema(path: path, found: Store.currentSchemaVersion + 5, supported: Store.currentSchemaVersion)) {
            try Store(path: path, access: .readOnly)
        }
        #expect(StoreError.readOnlyOldSchema(path: path, found: 1, needed: 9).description.contains("open it once with write access"))
    }

    @Test func everySQLiteFailureIsASentenceWithoutSQLiteText() {
        let codes: [Int32] = [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_CORRUPT, SQLITE_FULL,
                              SQLITE_IOERR, SQLITE_NOTADB, SQLITE_CONSTRAINT, SQLITE_PERM, SQLITE_ERROR, SQLITE_IOERR | (3 << 8)]
        for code in codes {
            let e = SQLiteError(code: code, message: "disk I/O error near \"zzz\": syntax error", sql: "UPDATE incidents SET x=1")
            let text = StoreError.from(e, path: "/srv/w.db").description
            #expect(!text.contains("UPDATE") && !text.contains("syntax error") && !text.contains("near"), "\(text)")
            #expect(text.first?.isLetter == true && !text.hasSuffix("."), "\(text)")
        }
        #expect(StoreError.from(SQLiteError(code: SQLITE_BUSY, message: "database is locked", sql: nil), path: nil)
                    .description.contains("busy"))
    }

    @Test func looseModesAreTightened() throws {
        let (dir, path) = try storeFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(path, 0o640)
        let s = try Store(path: path)
        #expect(s.warnings.count == 1 && s.warnings[0].contains("tightened to 0600"))
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
    }
}
