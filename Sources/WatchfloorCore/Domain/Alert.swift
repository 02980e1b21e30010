/// Alert lifecycle (after Alerta): new → acknowledged → closed; suppressed until a time; a closed alert that
/// fires again reopens as new.
public enum AlertStatus: String, LifecycleStatus, Codable {
    case new, acknowledged, closed, suppressed

    public static let entityName = "alert"

    public var label: Bilingual {
        switch self {
        case .new: Bilingual("未处理", "New")
        case .acknowledged: Bilingual("已确认", "Acknowledged")
        case .closed: Bilingual("已关闭", "Closed")
        case .suppressed: Bilingual("已屏蔽", "Suppressed")
        }
    }

    public var isActive: Bool { self == .new || self == .acknowledged }
}

public enum AlertTransitions {
    public static let acknowledge = Transition<AlertStatus>("acknowledge", from: [.new], to: .acknowledged)
    public static let close = Transition<AlertStatus>("close", from: [.new, .acknowledged, .suppressed], to: .closed)
    public static let suppress = Transition<AlertStatus>("suppress", from: [.new, .acknowledged, .suppressed], to: .suppressed)
    public static let all = [acknowledge, close, suppress]
}

/// One raw observation from a sensor (an EVE alert, a CEF line, a native record) before aggregation.
public struct AlertObservation: Sendable, Equatable {
    public var at: Timestamp
    public var sensor: String
    public var signatureID: Int
    public var signature: String
    public var category: String?
    public var level: Level
    public var src: String
    public var dest: String
    public var proto: String?
    public var action: String?
    public var asset: String?
    public var gridID: String?
    /// The raw record as received (kept once per aggregate as a sample).
    public var raw: String?

    public init(at: Timestamp, sensor: String, signatureID: Int, signature: String, category: String? = nil,
                level: Level, src: String, dest: String, proto: String? = nil, action: String? = nil,
                asset: String? = nil, gridID: String? = nil, raw: String? = nil) {
        self.at = at; self.sensor = sensor; self.signatureID = signatureID; self.signature = signature
        self.category = category; self.level = level; self.src = src; self.dest = dest; self.proto = proto
        self.action = action; self.asset = asset; self.gridID = gridID; self.raw = raw
    }

    /// The IP part of `dest` (drops `:port`, keeps IPv6 in brackets intact).
    public var destHost: String { AlertObservation.host(of: dest) }
    public var srcHost: String { AlertObservation.host(of: src) }

    static func host(of endpoint: String) -> String {
        // Nearly every endpoint is ASCII (`203.0.113.7:51234`): find the one colon by bytes. The dedup key takes
        // the host of every observation on the writer's hot path, where filtering Characters (grapheme breaking
        // and a new String) cost more than the rest of the key. Other text takes the Character path below, since a
        // colon followed by a combining mark is not a colon Character there.
        if let host = asciiHost(of: endpoint) { return host }
        if endpoint.hasPrefix("["), let close = endpoint.firstIndex(of: "]") {
            return String(endpoint[endpoint.index(after: endpoint.startIndex)..<close])
        }
        if endpoint.filter({ $0 == ":" }).count == 1, let colon = endpoint.lastIndex(of: ":") {
            return String(endpoint[..<colon])
        }
        return endpoint
    }

    /// `host(of:)` for an ASCII endpoint without brackets; nil for anything else.
    private static func asciiHost(of endpoint: String) -> String? {
        let utf8 = endpoint.utf8
        var colons = 0
        var colon = utf8.startIndex
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b >= 0x80 || b == UInt8(ascii: "[") { return nil }
            if b == UInt8(ascii: ":") { colons += 1; colon = i }
            utf8.formIndex(after: &i)
        }
        return colons == 1 ? String(endpoint[..<colon]) : endpoint
    }
}

/// Which observation fields make two observations "the same alert". Default: sensor + signature + source host +
/// destination (with port). The source *port* is left out on purpose: real sensors see a new ephemeral port on
/// every connection, and keying on it would make every observation its own alert.
public struct DedupKeySpec: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case sensor, signatureID = "signature_id", signature, src, dest, srcHost = "src_ip", destHost = "dest_ip",
             proto, asset, category
    }

    public var fields: [Field]
    public init(fields: [Field] = [.sensor, .signatureID, .srcHost, .dest]) { self.fields = fields }

    /// Parses a config list such as `["sensor", "signature_id", "src_ip"]`; unknown names are errors.
    public init(names: [String]) throws {
        fields = try names.map { name in
            guard let f = Field(rawValue: name) else { throw DedupKeyError.unknownField(name) }
            return f
        }
    }

    public enum DedupKeyError: Error, Equatable, CustomStringConvertible {
        case unknownField(String)
        public var description: String {
            switch self {
            case .unknownField(let n):
                "unknown dedup field '\(n)' (known: \(Field.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
        }
    }

    /// The aggregate's key: field values joined with U+001F (cannot occur in sanitised text).
    public func key(for o: AlertObservation) -> String {
        var parts: [String] = []
        parts.reserveCapacity(fields.count)
        for f in fields {
            switch f {
            case .sensor: parts.append(o.sensor)
            case .signatureID: parts.append(String(o.signatureID))
            case .signature: parts.append(o.signature)
            case .src: parts.append(o.src)
            case .dest: parts.append(o.dest)
            case .srcHost: parts.append(o.srcHost)
            case .destHost: parts.append(o.destHost)
            case .proto: parts.append(o.proto ?? "")
            case .asset: parts.append(o.asset ?? "")
            case .category: parts.append(o.category ?? "")
            }
        }
        return parts.joined(separator: "\u{1F}")
    }
}

/// An aggregated security alert: every observation with the same dedup key folds into one row.
public struct SecurityAlert: Sendable, Equatable, Codable {
    public var id: Int64
    public var dedupKey: String
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var count: Int
    public var sensor: String
    public var signatureID: Int
    public var signature: String
    public var category: String?
    public var level: Level
    public var src: String
    public var dest: String
    public var proto: String?
    public var action: String?
    public var asset: String?
    public var gridID: String?
    public var status: AlertStatus
    public var suppressedUntil: Timestamp?
    public var ackedBy: String?
    public var incidentID: String?
    public var sample: String?
    public var version: Int

    public init(id: Int64, dedupKey: String, firstSeen: Timestamp, lastSeen: Timestamp, count: Int, sensor: String,
                signatureID: Int, signature: String, category: String? = nil, level: Level, src: String, dest: String,
                proto: String? = nil, action: String? = nil, asset: String? = nil, gridID: String? = nil,
                status: AlertStatus = .new, suppressedUntil: Timestamp? = nil, ackedBy: String? = nil,
                incidentID: String? = nil, sample: String? = nil, version: Int = 1) {
        self.id = id; self.dedupKey = dedupKey; self.firstSeen = firstSeen; self.lastSeen = lastSeen
        self.count = count; self.sensor = sensor; self.signatureID = signatureID; self.signature = signature
        self.category = category; self.level = level; self.src = src; self.dest = dest; self.proto = proto
        self.action = action; self.asset = asset; self.gridID = gridID; self.status = status
        self.suppressedUntil = suppressedUntil; self.ackedBy = ackedBy; self.incidentID = incidentID
        self.sample = sample; self.version = version
    }

    /// Suppression lapses by itself: past `suppressedUntil` the alert counts as new again.
    public func effectiveStatus(now: Timestamp) -> AlertStatus {
        if status == .suppressed, let until = suppressedUntil, now >= until { return .new }
        return status
    }

    /// The asset name, or the destination host when the sensor did not name one.
    public var assetName: String { asset ?? AlertObservation.host(of: dest) }
}

/// Level mappings from sensor severities, kept beside the domain so every decoder agrees.
public enum SeverityMapping {
    /// Suricata EVE `alert.severity` 1/2/3 → Ⅱ/Ⅲ/Ⅳ (Ⅰ is reserved for correlated, confirmed attacks).
    public static func fromSuricata(_ severity: Int) -> Level {
        switch severity { case ...1: .two; case 2: .three; default: .four }
    }

    /// CEF severity 0–10 or Low/Medium/High/Very-High → level.
    public static func fromCEF(_ text: String) -> Level? {
        if let n = Int(text.trimmingCharacters(in: .whitespaces)) {
            switch n { case 9...10: return .one; case 7...8: return .two; case 4...6: return .three; case 0...3: return .four; default: return nil }
        }
        switch text.lowercased() {
        case "very-high", "very high", "veryhigh", "critical": return .one
        case "high": return .two
        case "medium": return .three
        case "low", "unknown", "informational", "info": return .four
        default: return nil
        }
    }

    /// CAP severity Extreme/Severe/Moderate/Minor → Ⅰ…Ⅳ.
    public static func fromCAP(_ severity: String) -> Level? {
        switch severity.lowercased() {
        case "extreme": .one; case "severe": .two; case "moderate": .three; case "minor", "unknown": .four; default: nil
        }
    }
}
