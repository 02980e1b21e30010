import WatchfloorCore

/// One entry of the event bus: every change to the store appends one in the same transaction.
public struct BusEvent: Sendable, Equatable {
    public var seq: Int64
    public var at: Timestamp
    public var topic: String
    public var entityKind: String
    public var entityID: String
    public var actor: String
    /// Compact JSON text (sorted keys).
    public var data: String
    public var prevHash: String?
    public var hash: String?
    /// For an event copied in from a county's own store (`watchfloor store copy`): its seq there, which its audit
    /// hash covers. nil for events written here.
    public var originSeq: Int64?
    /// The county the event is about, when stamped (see the "county-codes" migration); nil: the store's own.
    public var county: String?

    public init(seq: Int64, at: Timestamp, topic: String, entityKind: String, entityID: String, actor: String,
                data: String, prevHash: String? = nil, hash: String? = nil) {
        self.seq = seq; self.at = at; self.topic = topic; self.entityKind = entityKind; self.entityID = entityID
        self.actor = actor; self.data = data; self.prevHash = prevHash; self.hash = hash
    }

    /// The stable `events --follow --json` shape (documented in the README).
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "seq": .int(seq), "at": .string(at.iso), "topic": .string(topic), "entity_kind": .string(entityKind),
            "entity_id": .string(entityID), "actor": .string(actor),
        ]
        o["data"] = (try? JSONParser.parse(data)) ?? .string(data)
        if let hash { o["hash"] = .string(hash) }
        return .object(o)
    }

    /// The part of the event the audit hash covers, in one canonical serialisation.
    var canonical: String {
        JSONValue.array([.int(originSeq ?? seq), .int(at.milliseconds), .string(topic), .string(entityKind), .string(entityID),
                         .string(actor), .string(data)]).serialized
    }
}

/// Well-known topics, so producers and subscribers agree on spelling.
public enum Topic {
    public static let incidentCreated = "incident.created"
    public static let incidentUpdated = "incident.updated"
    public static let hotlineCreated = "hotline.created"
    public static let hotlineUpdated = "hotline.updated"
    public static let alertRaised = "alert.raised"
    public static let alertUpdated = "alert.updated"
    public static let alertReopened = "alert.reopened"
    public static let gridUpserted = "grid.upserted"
    public static let noteAdded = "note.added"
    public static let deadLetter = "ingest.rejected"
}
