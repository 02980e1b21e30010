/// Why a store could not be opened or used, in one sentence a person can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case notFound(kind: String, id: String)
    case invalid(String)
    /// A store opened read-only whose schema is older than this Watchfloor's: it cannot be migrated here.
    case readOnlyOldSchema(path: String, found: Int, needed: Int)
    /// A failed SQLite call, described by its result code (see `StoreError.from`).
    case unusable(path: String?, code: Int32)
    /// A failed PostgreSQL call: the sentence of the same meaning, naming the engine, with the server's SQLSTATE
    /// and primary message (which never holds the URL's password; see `StoreEngine.displayable`).
    case serverUnusable(location: String?, code: Int32, sqlstate: String, message: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let p, let r): "cannot create the store's directory \(p): \(r)"
        case .cannotOpen(let p, let r): "cannot open the store at \(p): \(r)"
        case .notADatabase(let p): "\(p) is not a Watchfloor store (not an SQLite database)"
        case .newerSchema(let p, let f, let s):
            "the store at \(p) has schema version \(f), newer than this Watchfloor understands (\(s)); upgrade Watchfloor"
        case .notFound(let k, let id): "no \(k) with id \(id)"
        case .invalid(let m): m
        case .readOnlyOldSchema(let p, let f, let n):
            "the store at \(p) has schema version \(f), older than this Watchfloor's (\(n)), and is read-only here so it cannot be upgraded; open it once with write access (any watchfloor command) first"
        case .unusable(let p, let code): StoreError.sentence(code: code, path: p)
        case .serverUnusable(let l, let code, let state, let message):
            StoreError.serverSentence(code: code, location: l)
                + " (PostgreSQL said\(state.isEmpty ? "" : " " + state): \(message))"
        }
    }
}
