import WatchfloorCore

/// Suricata EVE JSON, one event per line. `event_type: alert` becomes an `AlertObservation`; every other event
/// type (dns, flow, stats …) is valid but not ours and is counted in `skipped` under its type.
///
/// Mapping: sensor = `host` (else the context's default sensor), `alert.signature_id`, `alert.signature`,
/// `alert.category`, level = `SeverityMapping.fromSuricata(alert.severity)` (missing severity counts as 3),
/// src = `src_ip:src_port` (IPv6 as `[addr]:port`; no port for ICMP), dest likewise, `proto`, `alert.action`,
/// at = `timestamp`, raw = the line. Walks the line with `JSONReader` and skips unneeded members without
/// building a tree: this is the hot path of the ingest benchmark.
public struct EVEDecoder: LineDecoder {
    public init() {}

    public func decode(line: UnsafeRawBufferPointer, position: String, context: DecodeContext) -> DecodeResult {
        let line = ByteOrderMark.stripping(line)
        func reject(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: position, reason: reason, raw: Array(line.prefix(4096)))])
        }
        var r = JSONReader(line)
        var timestamp: Timestamp?
        var timestampText: String?
        var eventType: String?
        var srcIP: String?, destIP: String?, proto: String?, host: String?
        var srcPort: Int64?, destPort: Int64?
        var sawAlert = false
        var sigID: Int64?, signature: String?, category: String?, severity: Int64?, action: String?
        do {
            guard try r.peekKind() == .object else { return reject("EVE event is not a JSON object") }
            try r.beginObject()
            while let key = try r.nextKey() {
                switch key.raw.count {
                case 9 where key.equals("timestamp"):
                    guard try r.peekKind() == .string else { try r.skipValue(); timestampText = "(not a string)"; continue }
                    let raw = try r.readRawString()
                    timestampText = ""
                    if !raw.hasEscapes {
                        timestamp = ISOTime.parse(bytes: raw.raw.assumingMemoryBound(to: UInt8.self),
                                                  defaultOffsetSeconds: context.defaultOffsetSeconds)
                    }
                    if timestamp == nil { timestampText = raw.string }
                case 10 where key.equals("event_type"): eventType = try r.readString()
                case 6 where key.equals("src_ip"): srcIP = try r.readText()
                case 7 where key.equals("dest_ip"): destIP = try r.readText()
                case 8 where key.equals("src_port"): srcPort = try r.readInt()
                case 9 where key.equals("dest_port"): destPort = try r.readInt()
                case 5 where key.equals("proto"): proto = try r.readText()
                case 4 where key.equals("host"): host = try r.readText()
                case 5 where key.equals("alert"):
                    guard try r.peekKind() == .object else { try r.skipValue(); continue }
                    sawAlert = true
                    try r.beginObject()
                    while let k = try r.nextKey() {
                        switch k.raw.count {
                        case 12 where k.equals("signature_id"): sigID = try r.readInt()
                        case 9 where k.equals("signature"): signature = try r.readText()
                        case 8 where k.equals("category"): category = try r.readText()
                        case 8 where k.equals("severity"): severity = try r.readInt()
                        case 6 where k.equals("action"): action = try r.readText()
                        default: try r.skipValue()
                        }
                    }
                default: try r.skipValue()
                }
            }
            try r.expectEnd()
        } catch {
            return reject("invalid JSON: \(error)")
        }
        guard let type = eventType, !type.isEmpty else { return reject("missing event_type") }
        guard type == "alert" else { return DecodeResult(skipped: [type: 1]) }
        guard let text = timestampText else { return reject("alert without timestamp") }
        guard let at = timestamp else { return reject("timestamp '\(text)' is not ISO-8601") }
        guard sawAlert else { return reject("event_type alert without an alert object") }
        guard let sid = sigID, let sidInt = Int(exactly: sid) else { return reject("alert.signature_id missing or not an integer") }
        guard let src = srcIP, !src.isEmpty else { return reject("alert without src_ip") }
        guard let dest = destIP, !dest.isEmpty else { return reject("alert without dest_ip") }
        let observation = AlertObservation(
            at: at, sensor: host.flatMap { $0.isEmpty ? nil : $0 } ?? context.defaultSensor,
            signatureID: sidInt, signature: signature ?? "signature \(sid)", category: category.flatMap { $0.isEmpty ? nil : $0 },
            level: SeverityMapping.fromSuricata(Int(clamping: severity ?? 3)),
            src: Endpoint.join(src, srcPort), dest: Endpoint.join(dest, destPort),
            proto: proto, action: action, raw: String(decoding: line, as: UTF8.self))
        return DecodeResult(records: [.alert(observation)])
    }
}

/// `ip:port` strings as the alert store keys them.
enum Endpoint {
    static func join(_ ip: String, _ port: Int64?) -> String {
        guard let port, port > 0 else { return ip }
        // utf8 scan: `String.contains(String)` would go through Foundation's NSString search on the hot path.
        return ip.utf8.contains(UInt8(ascii: ":")) ? "[" + ip + "]:" + String(port) : ip + ":" + String(port)
    }

    static func join(_ ip: String, _ port: String?) -> String {
        guard let port, let p = Int64(port) else { return ip }
        return join(ip, p)
    }
}
