import CSQLite
import Foundation

/// How a process may use the store file.
public enum StoreAccess: Sendable, Equatable {
    /// Read-write when this process may write the file and its directory, else read-only (never creating).
    case automatic
    /// Read-write or an error saying why not (the daemon, the demo, ingest).
    case readWrite
    /// Read-only, whatever the permissions: no migration, no WAL switch, nothing written to the database (where
    /// the directory allows, SQLite may still create the `-shm` index a WAL reader shares with writers).
    case readOnly
}

extension Store {
    /// The schema version this Watchfloor writes (a store with another needs migrating, or a newer Watchfloor).
    public static var currentSchemaVersion: Int { Migrations.latestVersion }

    /// Tightens an existing store file and its `-wal`/`-shm` to 0600 when group or others may read them (the store
    /// holds callers' names and phone numbers). Returns one warning per file changed, or that could not be changed.
    static func tightenPermissions(path: String) -> [String] {
        var warnings: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            var st = stat()
            guard stat(file, &st) == 0, (st.st_mode & 0o077) != 0 else { continue }
            let old = String(st.st_mode & 0o777, radix: 8)
            if chmod(file, 0o600) == 0 {
                warnings.append("\(file) was readable by others (mode \(old)); tightened to 0600")
            } else {
                warnings.append("\(file) is readable by others (mode \(old)) and could not be tightened (\(String(cString: strerror(errno)))); run chmod 600 \(file)")
            }
        }
        return warnings
    }

    /// Whether this process can write the store: the file itself, and its directory (SQLite creates `-wal`/`-shm`
    /// beside it). `access(2)` answers for the real user, which is the one that matters for a CLI.
    static func canWrite(path: String) -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(dir.isEmpty ? "." : dir, W_OK) == 0
    }

    /// A URI for `sqlite3_open_v2` with `SQLITE_OPEN_URI`: the path with `%`, `?` and `#` escaped, and `query`.
    static func uri(_ path: String, _ query: String) -> String {
        var escaped = ""
        for ch in path {
            switch ch {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(ch)
            }
        }
        return "file:" + escaped + "?" + query
    }

    /// A read-only connection for looking at a store without changing anything, not even file modes
    /// (`watchfloor doctor`). Errors are sentences.
    public static func inspect(path: String) throws -> Connection {
        do { return try openReadOnly(path: path) } catch let e as SQLiteError {
            throw (e.code & 0xFF) == SQLITE_NOTADB ? StoreError.notADatabase(path: path) : StoreError.from(e, path: path)
        }
    }

    /// Opens `path` read-only. A WAL store whose `-shm` cannot be created (a read-only directory after the last
    /// writer closed) is opened `immutable`, which SQLite allows without any side file.
    static func openReadOnly(path: String) throws -> Connection {
        do {
            let c = try Connection(path: uri(path, "mode=ro"), readOnly: true, create: false, uri: true)
            _ = try c.scalarInt("PRAGMA user_version")
            _ = try c.scalarInt("SELECT COUNT(*) FROM sqlite_schema")
            return c
        } catch let e as SQLiteError where (e.code & 0xFF) != SQLITE_NOTADB {
            let c = try Connection(path: uri(path, "immutable=1"), readOnly: true, create: false, uri: true)
            _ = try c.scalarInt("SELECT COUNT(*) FROM sqlite_schema")
            return c
        }
    }
}

extension StoreError {
    /// One sentence for a failed SQLite call, by its result code: never SQLite's own text or the SQL.
    public static func from(_ e: SQLiteError, path: String?) -> StoreError {
        guard let state = e.sqlstate else { return .unusable(path: path, code: e.code) }
        return .serverUnusable(location: path.map(StoreEngine.displayable), code: e.code, sqlstate: state,
                               message: StoreEngine.withoutPassword(e.message, of: path))
    }

    /// `error` as a sentence when it came from SQLite, else its own description.
    public static func describe(_ error: Error, path: String?) -> String {
        if let e = error as? SQLiteError { return from(e, path: path).description }
        return "\(error)"
    }

    static func sentence(code: Int32, path: String?) -> String {
        let store = path.map { "the store at \($0)" } ?? "the store"
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return "\(store) stayed busy for more than 10 s (another process holds its write lock); try again"
        case SQLITE_READONLY:
            return "\(store) is read-only for this user: reading works, but this needs write access to the file and its directory"
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            return "\(store) cannot be opened: check that the file and its directory exist and that this user may read them"
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return "\(store) is damaged or not a Watchfloor store; restore it from a backup"
        case SQLITE_FULL:
            return "the disk holding \(path ?? "the store") is full; free some space and try again"
        case SQLITE_IOERR:
            return "reading or writing \(store) failed with an I/O error; check the disk"
        case SQLITE_NOMEM:
            return "out of memory while using \(store)"
        case SQLITE_CONSTRAINT:
            return "\(store) refused a change that would break its rules (a duplicate or a missing reference)"
        default:
            return "\(store) could not be used (SQLite result code \(code))"
        }
    }

    /// The PostgreSQL engine's sentence for `code` (the SQLite code of the same meaning the server's SQLSTATE
    /// was mapped onto): the same advice where it holds, the server's words where the file's advice would mislead.
    static func serverSentence(code: Int32, location: String?) -> String {
        let store = location.map { "the PostgreSQL store at \($0)" } ?? "the PostgreSQL store"
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return "\(store) stayed busy for more than 10 s (another session holds its write lock); try again"
        case SQLITE_READONLY:
            return "\(store) refused a write: this role or session may only read"
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            return "\(store) cannot be opened: check the URL, the role and its password, and that the database exists"
        case SQLITE_FULL:
            return "the PostgreSQL server holding \(location ?? "the store") is out of disk space"
        case SQLITE_IOERR:
            return "the connection to \(store) failed; check that the server is running and reachable"
        case SQLITE_CONSTRAINT:
            return "\(store) refused a change that would break its rules (a duplicate or a missing reference)"
        default:
            return "\(store) could not be used"
        }
    }
}
