import Foundation
import Testing
@testable import WatchfloorStore

/// A store error names the engine it came from: on PostgreSQL the server's SQLSTATE and message, never a SQLite
/// result code, and never the password of the URL it was opened with.
@Suite struct StoreErrorEngineTests {
    @Test func postgresStatementErrorCarriesSQLSTATEAndMessage() throws {
        let t = try TempStore(engine: .postgresql)
        let thrown = #expect(throws: SQLiteError.self) {
            try t.store.withConnection { try $0.execute("SELECT no_such_column FROM no_such_table") }
        }
        let sentence = "\(try #require(thrown))"
        #expect(sentence.contains("PostgreSQL"))
        #expect(sentence.contains("42P01"))
        #expect(sentence.contains("\"no_such_table\" does not exist"))
        #expect(!sentence.contains("SQLite"))
        #expect(!sentence.contains("\n"))
    }

    @Test func postgresUniqueViolationIsARefusalWithTheServersWords() throws {
        let t = try TempStore(engine: .postgresql)
        try t.store.write { try $0.execute("CREATE TABLE pairs(k TEXT PRIMARY KEY)"); try $0.execute("INSERT INTO pairs VALUES ('城关镇')") }
        let thrown = #expect(throws: SQLiteError.self) {
            try t.store.write { try $0.execute("INSERT INTO pairs VALUES ('城关镇')") }
        }
        let sentence = "\(try #require(thrown))"
        #expect(sentence.contains("refused a change"))
        #expect(sentence.contains("23505"))
        #expect(sentence.contains("pairs_pkey"))
    }

    /// A server that is not there: the sentence says PostgreSQL and the connection, the password stays out of it
    /// (in the user part and as a `password=` parameter).
    @Test(arguments: ["postgresql://city:s3cret-pw@/watchfloor?host=/nonexistent-wf-socket-dir",
                      "postgres://city@/watchfloor?host=/nonexistent-wf-socket-dir&password=s3cret-pw"])
    func unreachableServerSentenceHidesThePassword(url: String) throws {
        let thrown = #expect(throws: StoreError.self) { try Store(path: url) }
        let sentence = "\(try #require(thrown))"
        #expect(sentence.contains("PostgreSQL store at"))
        #expect(sentence.contains("08006"))
        #expect(sentence.contains("nonexistent-wf-socket-dir"))
        #expect(!sentence.contains("s3cret-pw"))
        #expect(!sentence.contains("SQLite"))
    }

    @Test func displayableMasksEverySpellingOfThePassword() {
        #expect(StoreEngine.displayable("postgresql://city:s3cret@db.example/watchfloor?sslmode=require&password=other")
                == "postgresql://city:***@db.example/watchfloor?sslmode=require&password=***")
        #expect(StoreEngine.displayable("postgresql://w@db/watchfloor?host=/run/pg") == "postgresql://w@db/watchfloor?host=/run/pg")
        #expect(StoreEngine.withoutPassword("login for city:p%40ss failed (p@ss)", of: "postgresql://city:p%40ss@db/w")
                == "login for city:*** failed (***)")
    }

    /// The SQLite engine keeps its own words.
    @Test func sqliteSentenceStillNamesSQLite() {
        #expect(StoreError.from(SQLiteError(code: 1, message: "x", sql: nil), path: "/srv/w.db").description
                == "the store at /srv/w.db could not be used (SQLite result code 1)")
    }
}
