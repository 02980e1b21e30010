import Foundation
import WatchfloorCore

/// Open311 GeoReport v2 *create* requests (`POST requests`): what a citizen's app sends, as
/// `application/x-www-form-urlencoded` or JSON (one object, or an array of them) — and the answer the spec
/// expects, `[{"service_request_id": …}]`. Two pure functions the HTTP route calls: `decode` (body → records and
/// one outcome per request) and `response` (outcomes → status and body).
///
/// Mapping to a 12345 case: ticket = `GR-` + the first 10 hex digits of SHA-256 of the request's canonical JSON
/// and the county-local day it was received (the same request posted twice — a client's retry — is the same
/// case, not two; the same words posted again on a later day, after that case was closed, are a new case and
/// not a note on a closed one); received_at = when the daemon received it; status
/// new (it waits to be accepted); channel app when a `device_id` is given, else web; category = `service_code`;
/// caller = `first_name last_name`; phone = `phone`; summary = `description` (else "service request <code>")
/// with `address_string`, else `lat,long`, in parentheses. Required (spec): `service_code` and a location — `lat`
/// and `long`, or `address_string`, or `address_id`. A request that cannot land is rejected with its reason;
/// nothing is skipped.
public enum Open311Create {
    public enum Outcome: Sendable, Equatable {
        case created(ticket: String)
        case rejected(reason: String)
    }

    public struct Decoded: Sendable {
        public var result: DecodeResult
        /// One per request, in the body's order.
        public var outcomes: [Outcome]
    }

    /// Fields a create request may carry beyond `service_code` (any of them marks a JSON object as a create
    /// request rather than a service-list entry, which always has `service_name`).
    static let createFields: Set<String> = ["lat", "long", "address_string", "address_id", "description", "phone", "email",
                                            "first_name", "last_name", "device_id", "account_id", "media_url", "jurisdiction_id"]

    /// True when a JSON object is shaped like a create request (has `service_code` or another create field, no
    /// `service_request_id`, no `service_name`/`metadata` of a service-list entry). One without `service_code` is
    /// then refused as "missing service_code", not as "not a request list".
    public static func isCreateRequest(_ o: [String: JSONValue]) -> Bool {
        (o["service_code"] != nil || o["code"] == nil && o["errors"] == nil && o.keys.contains(where: createFields.contains))
            && o["service_request_id"] == nil && o["service_name"] == nil && o["metadata"] == nil
    }

    /// Decodes a POST body as create requests; nil when the body is not one (a list of existing requests, which
    /// `Open311Decoder` reads).
    public static func decode(body: [UInt8], contentType: String?, name: String, context: DecodeContext) -> Decoded? {
        let type = (contentType ?? "").lowercased()
        // `curl --data-binary` labels every body form-encoded: a body that opens like JSON is read as JSON.
        let opensLikeJSON = body.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }).map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
        if type.hasPrefix("application/x-www-form-urlencoded") && !opensLikeJSON {
            guard let text = String(validating: body, as: UTF8.self) else {
                return rejectedBody(name, "form body is not UTF-8", body)
            }
            return decode(requests: [FormURLEncoding.parse(text)], name: name, context: context)
        }
        var b = body
        if ByteOrderMark.utf8Prefix(b) { b.removeFirst(3) }
        guard let value = try? JSONParser.parse(b) else { return nil }
        switch value {
        case .object(let o) where isCreateRequest(o):
            return decode(requests: [fields(o)], name: name, context: context)
        case .array(let items) where items.contains(where: { $0.object.map(isCreateRequest) ?? false }):
            // Every element lands or is rejected by name; an element of another shape is an error, not a skip.
            var decoded = Decoded(result: DecodeResult(), outcomes: [])
            for (i, item) in items.enumerated() {
                let position = "\(name) request[\(i)]"
                guard let o = item.object, isCreateRequest(o) else {
                    let reason = "not a GeoReport v2 create request (needs service_code, and no service_request_id)"
                    decoded.result.rejections.append(Rejection(position: position, reason: reason, raw: Array(item.serialized.utf8.prefix(4096))))
                    decoded.outcomes.append(.rejected(reason: "request[\(i)]: \(reason)"))
                    continue
                }
                let one = request(fields(o), position: position, context: context)
                decoded.result.merge(one.result); decoded.outcomes += one.outcomes
            }
            return decoded
        default:
            return nil
        }
    }

    /// Each request's JSON values as text (numbers too: `lat` may come as 30.1 or "30.1").
    static func fields(_ o: [String: JSONValue]) -> [String: String] {
        var f: [String: String] = [:]
        for (k, v) in o {
            switch v {
            case .string(let s): f[k] = s
            case .int(let n): f[k] = String(n)
            case .double(let d): f[k] = String(d)
            default: break
            }
        }
        return f
    }

    static func rejectedBody(_ name: String, _ reason: String, _ body: [UInt8]) -> Decoded {
        Decoded(result: DecodeResult(rejections: [Rejection(position: name, reason: reason, raw: Array(body.prefix(4096)))]),
                outcomes: [.rejected(reason: reason)])
    }

    static func decode(requests: [[String: String]], name: String, context: DecodeContext) -> Decoded {
        var decoded = Decoded(result: DecodeResult(), outcomes: [])
        for (i, r) in requests.enumerated() {
            let one = request(r, position: requests.count == 1 ? name : "\(name) request[\(i)]", context: context)
            decoded.result.merge(one.result); decoded.outcomes += one.outcomes
        }
        return decoded
    }

    /// One create request → one case, or one rejection.
    public static func request(_ raw: [String: String], position: String, context: DecodeContext) -> Decoded {
        var f: [String: String] = [:]
        for (k, v) in raw {
            let t = v.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { f[k] = t }
        }
        let canonical = JSONValue.object(f.mapValues { JSONValue.string($0) }).serialized
        func reject(_ reason: String) -> Decoded {
            Decoded(result: DecodeResult(rejections: [Rejection(position: position, reason: reason, raw: Array(canonical.utf8.prefix(4096)))]),
                    outcomes: [.rejected(reason: reason)])
        }
        guard let code = f["service_code"] else { return reject("missing service_code") }
        var place: String?
        if let lat = f["lat"], let long = f["long"] {
            guard let y = Double(lat), let x = Double(long), abs(y) <= 90, abs(x) <= 180 else {
                return reject("lat/long '\(lat)', '\(long)' are not a latitude and a longitude")
            }
            place = "\(lat),\(long)"
        } else if f["lat"] != nil || f["long"] != nil {
            return reject("lat and long must come together")
        }
        if let address = f["address_string"] { place = address }
        guard place != nil || f["address_id"] != nil else {
            return reject("no location: GeoReport v2 needs lat and long, address_string or address_id")
        }
        guard let received = context.receivedAt else { return reject("a create request needs the time it was received") }
        let day = ISOTime.format(received, offsetSeconds: context.defaultOffsetSeconds).prefix(10)
        let ticket = "GR-" + String(SHA256.hexString(SHA256.hash(Array("\(day) \(canonical)".utf8))).prefix(10)).uppercased()
        let caller = [f["first_name"], f["last_name"]].compactMap { $0 }.joined(separator: " ")
        var summary = f["description"] ?? "service request \(code)"
        if let place { summary += " (\(place))" } else if let id = f["address_id"] { summary += " (address \(id))" }
        var c = HotlineCase(ticket: ticket, receivedAt: received, channel: f["device_id"] == nil ? .web : .app,
                            caller: caller.isEmpty ? nil : caller, phone: f["phone"], type: Open311Decoder.type(of: code),
                            category: code, summary: summary, status: .new)
        c.stageStartedAt = c.derivedStageStart
        return Decoded(result: DecodeResult(records: [.hotline(c)]), outcomes: [.created(ticket: ticket)])
    }

    /// The GeoReport v2 answer: an array with one element per request, in order — `service_request_id` and a
    /// notice for the ones that landed, `code`/`description` for the ones that did not. 201 when all landed, 400
    /// when any was refused, 503 when the store did not take them (then nothing landed).
    public static func response(_ outcomes: [Outcome], storeError: String?) -> (status: Int, json: String) {
        if let storeError {
            return (503, JSONValue.array([.object(["code": 503, "description": .string("not stored: \(storeError)")])]).serialized)
        }
        let items: [JSONValue] = outcomes.map {
            switch $0 {
            case .created(let ticket):
                .object(["service_request_id": .string(ticket), "service_notice": "已受理登记，进入12345工单队列 / queued for the 12345 desk",
                         "account_id": .null])
            case .rejected(let reason):
                .object(["code": 400, "description": .string(reason)])
            }
        }
        let allLanded = outcomes.allSatisfy { if case .created = $0 { true } else { false } }
        return (allLanded && !outcomes.isEmpty ? 201 : 400, JSONValue.array(items).serialized)
    }
}

/// `application/x-www-form-urlencoded`: `a=1&b=x+y%E4%B8%AD` → ["a": "1", "b": "x y中"]. The last value of a
/// repeated key wins.
public enum FormURLEncoding {
    public static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(kv[0]), value = kv.count > 1 ? decode(kv[1]) : ""
            if !key.isEmpty { out[key] = value }
        }
        return out
    }

    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") { bytes.append(0x20); continue }
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v); it = it.dropFirst(2); continue
            }
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
