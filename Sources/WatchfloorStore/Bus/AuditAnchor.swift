import WatchfloorCore

/// A point in the audit chain — the last audited event's seq and hash — written into every exported handover.
/// Edits in the middle of the chain break a link (`AuditChain.verify`); truncating its tail or rewriting the whole
/// chain from some point does not. An anchor kept outside the store (in a handover on someone's disk or in a
/// mailbox) catches both: the log must still hold that seq with that hash.
public struct AuditHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) { self.seq = seq; self.hash = hash }

    /// The form written into documents and found again by `AuditHead.find(in:)`.
    public var text: String { "seq \(seq) · sha256:\(hash)" }

    /// The anchor inside a handover document of any format (Markdown, HTML, CSV or JSON): the first
    /// `seq N · sha256:<64 hex>` in its text (the window facts come before any free text), or the JSON document's
    /// `audit_anchor` object.
    public static func find(in bytes: [UInt8]) -> AuditHead? {
        if let json = try? JSONParser.parse(bytes), let a = json["audit_anchor"], let seq = a["seq"]?.int,
           let hash = a["hash"]?.string {
            return AuditHead(seq: seq, hash: hash)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var rest = text[...]
        while let r = rest.range(of: "sha256:") {
            let hash = rest[r.upperBound...].prefix(64)
            let before = rest[..<r.lowerBound]
            if hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
               let seqRange = before.range(of: "seq ", options: .backwards),
               let seq = Int64(before[seqRange.upperBound...].prefix { $0.isNumber }),
               before[seqRange.upperBound...].count < 32 {
                return AuditHead(seq: seq, hash: String(hash))
            }
            rest = rest[r.upperBound...]
        }
        return nil
    }
}

/// What the log says about an anchor.
public enum AnchorCheck: Sendable, Equatable {
    case holds
    /// The log ends before the anchor: events were removed from its tail.
    case missing(latestAudited: Int64?)
    /// The event is there with another hash: the chain was rewritten (re-chained) up to it.
    case differs(found: String)

    public var ok: Bool { self == .holds }

    public func sentence(_ anchor: AuditHead) -> String {
        switch self {
        case .holds: "anchor #\(anchor.seq) holds"
        case .missing(let latest?) where latest > anchor.seq:
            // The chain goes on past the anchor's place without it: not a truncation.
            "the log has no audited event #\(anchor.seq) although its chain goes on to #\(latest): the chain was rewritten, or the document is not from this store"
        case .missing(let latest):
            "the log no longer has audited event #\(anchor.seq) (latest audited: \(latest.map { "#\($0)" } ?? "none")): it was truncated"
        case .differs(let found):
            "audited event #\(anchor.seq) now hashes to \(found.prefix(16))…, the document recorded \(anchor.hash.prefix(16))…: the chain was rewritten"
        }
    }
}

extension AuditChain {
    /// The last audited event (the chain's head) — of those not about `excludingKind` when given — nil when
    /// there is none.
    public static func head(_ c: Connection, excludingKind: String? = nil) throws -> AuditHead? {
        if let excludingKind {
            return try c.queryOne("SELECT seq, hash FROM events WHERE hash IS NOT NULL AND origin_seq IS NULL AND entity_kind <> ? ORDER BY seq DESC LIMIT 1",
                                  [.text(excludingKind)]) { AuditHead(seq: $0.int64(0), hash: $0.string(1)) }
        }
        return try c.queryOne("SELECT seq, hash FROM events WHERE hash IS NOT NULL AND origin_seq IS NULL ORDER BY seq DESC LIMIT 1") {
            AuditHead(seq: $0.int64(0), hash: $0.string(1))
        }
    }

    public static func check(_ c: Connection, anchor: AuditHead) throws -> AnchorCheck {
        if let hash = try c.queryOne("SELECT hash FROM events WHERE seq=? AND hash IS NOT NULL", [.int(anchor.seq)], { $0.string(0) }) {
            return hash == anchor.hash ? .holds : .differs(found: hash)
        }
        return .missing(latestAudited: try head(c)?.seq)
    }
}
