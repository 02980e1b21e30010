import WatchfloorCore
import WatchfloorStore

/// The audit-trail side of a handover (交接签字). Exporting appends an audited `handover.exported` event carrying
/// the SHA-256 of the exact bytes; accepting appends `handover.accepted` with the same hash; verifying looks the
/// hash up. Both events have entity kind `handover` and the window's key (the shift id, or `since/until`) as
/// entity id, so `watchfloor show`-style timelines and `audit verify` cover them like any operator action.
public enum SignOver {
    public static let exportedTopic = "handover.exported"
    public static let acceptedTopic = "handover.accepted"
    public static let entityKind = "handover"

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { SHA256.hexDigest(bytes) }

    /// Records an export inside the caller's write transaction.
    @discardableResult
    public static func recordExport(_ c: Connection, at: Timestamp, actor: String, window: HandoverWindow,
                                    format: HandoverFormat, lang: Language, bytes: [UInt8], file: String?,
                                    anchor: AuditHead? = nil) throws -> ExportRecord {
        let sha = sha256(bytes)
        let data: JSONValue = [
            "window": windowJSON(window), "format": .string(format.rawValue), "lang": .string(lang.rawValue),
            "sha256": .string(sha), "bytes": .int(Int64(bytes.count)), "actor": .string(actor),
            "file": .from(file.map { TextSanitizer.sanitize($0) }),
            // The chain head the document carries: recorded in the chain itself as well.
            "audit_anchor": anchor.map { ["seq": .int($0.seq), "hash": .string($0.hash)] } ?? .null,
        ]
        let e = try EventLog.append(c, at: at, topic: exportedTopic, entityKind: entityKind, entityID: window.key,
                                    actor: actor, data: data, audited: true)
        return ExportRecord(seq: e.seq, at: at, actor: actor, windowKey: window.key, since: window.since,
                            until: window.until, shiftID: window.shift?.id, format: format.rawValue, lang: lang.rawValue,
                            sha256: sha, bytes: bytes.count)
    }

    static func windowJSON(_ w: HandoverWindow) -> JSONValue {
        ["key": .string(w.key), "since": .from(w.since), "until": .from(w.until), "shift_id": .from(w.shift?.id)]
    }

    /// Every export whose document hashed to `sha256`, oldest first.
    public static func exports(_ c: Connection, sha256: String) throws -> [ExportRecord] {
        // `entity_kind` first keeps the lookup on the events_entity index even in a store of millions of events.
        try c.query("""
            SELECT seq, at, actor, entity_id, data FROM events
            WHERE entity_kind = 'handover' AND topic = 'handover.exported' AND hash IS NOT NULL
              AND data->>'$.sha256' = ? ORDER BY seq
            """, [.text(sha256)]) { row in
            let data = (try? JSONParser.parse(row.string(4))) ?? .object([:])
            let w = data["window"]
            return ExportRecord(seq: row.int64(0), at: Timestamp(milliseconds: row.int64(1)), actor: row.string(2),
                                windowKey: row.string(3),
                                since: w?["since"]?.string.flatMap { ISOTime.parse($0) } ?? Timestamp(milliseconds: 0),
                                until: w?["until"]?.string.flatMap { ISOTime.parse($0) } ?? Timestamp(milliseconds: 0),
                                shiftID: w?["shift_id"]?.string, format: data["format"]?.string ?? "",
                                lang: data["lang"]?.string ?? "", sha256: sha256, bytes: Int(data["bytes"]?.int ?? 0))
        }
    }

    /// Every recorded receipt of the document `sha256`, oldest first.
    public static func acceptances(_ c: Connection, sha256: String) throws -> [Acceptance] {
        try c.query("""
            SELECT seq, at, actor FROM events
            WHERE entity_kind = 'handover' AND topic = 'handover.accepted' AND hash IS NOT NULL
              AND data->>'$.sha256' = ? ORDER BY seq
            """, [.text(sha256)]) {
            Acceptance(seq: $0.int64(0), at: Timestamp(milliseconds: $0.int64(1)), actor: $0.string(2))
        }
    }

    /// Looks a document up: was it exported from this store, by whom, and who has accepted it. Also walks the
    /// audit chain: a broken link at or before the export means the record itself cannot be trusted.
    public static func verify(_ c: Connection, bytes: [UInt8]) throws -> HandoverVerification {
        let sha = sha256(bytes)
        let exports = try exports(c, sha256: sha)
        var problem: String?
        if let last = exports.last {
            let chain = try AuditChain.verify(c)
            if let broken = chain.firstBroken, broken.seq <= last.seq {
                problem = "the audit chain is broken at event #\(broken.seq) (\(broken.reason))"
            }
        }
        return HandoverVerification(sha256: sha, bytes: bytes.count, exports: exports,
                                    acceptances: try acceptances(c, sha256: sha), chainProblem: problem)
    }

    /// Records that `actor` received the document; refuses bytes that were never exported from this store. A
    /// second acceptance by the same person records nothing and returns the first.
    public static func accept(_ c: Connection, at: Timestamp, actor: String, bytes: [UInt8]) throws -> AcceptOutcome {
        let sha = sha256(bytes)
        guard let export = try exports(c, sha256: sha).first else { throw HandoverError.notExported(sha256: sha) }
        if let earlier = try acceptances(c, sha256: sha).first(where: { $0.actor == actor }) {
            return AcceptOutcome(export: export, acceptance: earlier, alreadyAccepted: true)
        }
        let e = try EventLog.append(c, at: at, topic: acceptedTopic, entityKind: entityKind, entityID: export.windowKey,
                                    actor: actor,
                                    data: ["sha256": .string(sha), "export_seq": .int(export.seq),
                                           "exported_by": .string(export.actor), "window_key": .string(export.windowKey),
                                           "actor": .string(actor)],
                                    audited: true)
        return AcceptOutcome(export: export, acceptance: Acceptance(seq: e.seq, at: at, actor: actor), alreadyAccepted: false)
    }
}

/// One `handover.exported` event.
public struct ExportRecord: Sendable, Equatable {
    public var seq: Int64
    public var at: Timestamp
    public var actor: String
    public var windowKey: String
    public var since: Timestamp
    public var until: Timestamp
    public var shiftID: String?
    public var format: String
    public var lang: String
    public var sha256: String
    public var bytes: Int
}

/// One `handover.accepted` event.
public struct Acceptance: Sendable, Equatable {
    public var seq: Int64
    public var at: Timestamp
    public var actor: String
}

public struct AcceptOutcome: Sendable, Equatable {
    public var export: ExportRecord
    public var acceptance: Acceptance
    /// True when this person had already accepted the document (nothing new was recorded).
    public var alreadyAccepted: Bool
}

/// What `verify` found. `ok` means: these exact bytes were exported from this store and the audit chain up to
/// that export is intact.
public struct HandoverVerification: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int
    /// Every export of exactly these bytes (an unchanged window exports identically), oldest first.
    public var exports: [ExportRecord]
    public var acceptances: [Acceptance]
    public var chainProblem: String?

    public var ok: Bool { !exports.isEmpty && chainProblem == nil }
}

public enum HandoverError: Error, Sendable, Equatable, CustomStringConvertible {
    case notExported(sha256: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .notExported(let sha):
            "this document was never exported from this store (sha256 \(sha)); it may have been edited, or come from another store"
        case .cannotWrite(let p, let r): "cannot write \(p): \(r)"
        case .cannotRead(let p, let r): "cannot read \(p): \(r)"
        }
    }
}
