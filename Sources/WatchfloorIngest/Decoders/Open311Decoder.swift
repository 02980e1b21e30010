import WatchfloorCore

/// Open311 GeoReport v2 service requests (JSON array or XML `<service_requests>`) → hotline cases.
///
/// Mapping: ticket = `service_request_id`; received_at = `requested_datetime`; category = `service_name`, else
/// `service_code`; summary = `description`, else `status_notes`, else the service name, with `address` appended in
/// parentheses (the hotline case has no address field); status `open` → accepted (the city has taken it), `closed` →
/// closed; department = `agency_responsible`; channel = web (GeoReport is an API). Type: complaint, unless the
/// service name says otherwise (question/information → inquiry, compliment/thanks → praise, suggestion/idea →
/// suggestion).
///
/// Create requests (`service_code` + a location, no `service_request_id`) are read by `Open311Create`.
/// Not requests: service lists (`services`, JSON arrays without `service_request_id`), service definitions, and
/// POST/token acknowledgements (a `request` with only an id/token) are skipped by kind. Error responses and
/// anything before the XML (an HTTP status line) are rejected.
public struct Open311Decoder: DocumentDecoder {
    public init() {}

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        func rejectAll(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: name, reason: reason, raw: Array(document.prefix(4096)))])
        }
        var body = document
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        guard let first = body.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            return rejectAll("empty document")
        }
        switch body[first] {
        case UInt8(ascii: "["), UInt8(ascii: "{"): return decodeJSON(body, name: name, context: context)
        case UInt8(ascii: "<"): return decodeXML(body, name: name, context: context)
        default:
            let firstLine = String(decoding: body[first...].prefix { $0 != 0x0A && $0 != 0x0D }.prefix(80), as: UTF8.self)
            if firstLine.hasPrefix("HTTP/") {
                return rejectAll("HTTP status line before the document: '\(firstLine.trimmingCharacters(in: .whitespaces))'")
            }
            return rejectAll("neither JSON nor XML: starts with '\(firstLine)'")
        }
    }

    struct Fields {
        var get: (String) -> String?
    }

    private func request(_ f: Fields, position: String, context: DecodeContext) -> Result<HotlineCase, Rejection> {
        func fail(_ r: String) -> Result<HotlineCase, Rejection> { .failure(Rejection(position: position, reason: r)) }
        guard let id = f.get("service_request_id") else { return fail("missing service_request_id") }
        guard let timeText = f.get("requested_datetime") else { return fail("request \(id): missing requested_datetime") }
        guard let received = ISOTime.parse(timeText, defaultOffsetSeconds: context.defaultOffsetSeconds) else {
            return fail("request \(id): requested_datetime '\(timeText)' is not ISO-8601")
        }
        let service = f.get("service_name") ?? f.get("service_code")
        var status = HotlineStatus.accepted
        if let s = f.get("status") {
            switch s.lowercased() {
            case "open": status = .accepted
            case "closed": status = .closed
            default: return fail("request \(id): status '\(s)' is neither open nor closed")
            }
        }
        var summary = f.get("description") ?? f.get("status_notes") ?? service ?? "service request \(id)"
        if let address = f.get("address") { summary += " (\(address))" }
        let updated = f.get("updated_datetime").flatMap { ISOTime.parse($0, defaultOffsetSeconds: context.defaultOffsetSeconds) }
        var c = HotlineCase(ticket: id, receivedAt: received, channel: .web, type: Open311Decoder.type(of: service ?? ""),
                            category: service, summary: summary, department: f.get("agency_responsible"), status: status,
                            acceptedAt: received, closedAt: status == .closed ? (updated ?? received) : nil)
        c.stageStartedAt = c.derivedStageStart
        return .success(c)
    }

    static func type(of service: String) -> HotlineType {
        let s = service.lowercased()
        if s.contains("question") || s.contains("information") || s.contains("inquiry") { return .inquiry }
        if s.contains("compliment") || s.contains("thank") { return .praise }
        if s.contains("suggestion") || s.contains("idea") { return .suggestion }
        return .complaint
    }

    private func decodeJSON(_ body: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        // A create request (what a citizen's app POSTs), alone or in an array: see Open311Create.
        if let create = Open311Create.decode(body: body, contentType: "application/json", name: name, context: context) {
            return create.result
        }
        let value: JSONValue
        do { value = try JSONParser.parse(body) } catch {
            return DecodeResult(rejections: [Rejection(position: name, reason: "invalid JSON: \(error)", raw: Array(body.prefix(4096)))])
        }
        var items: [JSONValue]
        switch value {
        case .array(let a): items = a
        case .object(let o):
            if let reqs = o["service_requests"]?.array { items = reqs }
            else if o["service_request_id"] != nil { items = [value] }
            else if o["endpoints"] != nil { return DecodeResult(skipped: ["open311-discovery": 1]) }
            else { return DecodeResult(rejections: [Rejection(position: name, reason: "JSON object is not a GeoReport v2 request list")]) }
        default: return DecodeResult(rejections: [Rejection(position: name, reason: "JSON document is not an array of requests")])
        }
        if !items.isEmpty, items.allSatisfy({ $0["service_request_id"] == nil && $0["service_code"] != nil && $0["service_name"] != nil }) {
            return DecodeResult(skipped: ["open311-service-list": 1])
        }
        if items.allSatisfy({ $0["errors"] != nil || $0["code"] != nil && $0["description"] != nil && $0["service_request_id"] == nil }), !items.isEmpty {
            let d = items.first?["description"]?.string ?? "error"
            return DecodeResult(rejections: [Rejection(position: name, reason: "Open311 error response: \(d)")])
        }
        var result = DecodeResult()
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                result.rejections.append(Rejection(position: "\(name) request[\(i)]", reason: "not a JSON object")); continue
            }
            let f = Fields { key in
                guard let v = o[key] else { return nil }
                switch v {
                case .string(let s): let t = s.trimmingCharacters(in: .whitespacesAndNewlines); return t.isEmpty ? nil : t
                case .int(let n): return String(n)
                case .double(let d): return String(d)
                default: return nil
                }
            }
            switch request(f, position: "\(name) request[\(i)]", context: context) {
            case .success(let c): result.records.append(.hotline(c))
            case .failure(var r): r.raw = Array(item.serialized.utf8.prefix(4096)); result.rejections.append(r)
            }
        }
        return result
    }

    private func decodeXML(_ body: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        let root: XMLElement
        do { root = try XMLParser.parse(body) } catch {
            return DecodeResult(rejections: [Rejection(position: name, reason: "not well-formed XML: \(error)", raw: Array(body.prefix(4096)))])
        }
        switch root.localName {
        case "service_requests":
            var result = DecodeResult()
            for (i, req) in root.children("request").enumerated() {
                let f = Fields { key in
                    guard let el = req.child(key), el.attributes["xsi:nil"] != "true" else { return nil }
                    let t = el.trimmedText
                    return t.isEmpty ? nil : t
                }
                if f.get("requested_datetime") == nil && f.get("service_code") == nil && f.get("service_name") == nil {
                    // POST response or token lookup: only an id/token/notice, not a request to track.
                    result.skipped[req.child("token") != nil ? "open311-token" : "open311-post-response", default: 0] += 1
                    continue
                }
                switch request(f, position: "\(name) request[\(i)]", context: context) {
                case .success(let c): result.records.append(.hotline(c))
                case .failure(let r): result.rejections.append(r)
                }
            }
            return result
        case "services": return DecodeResult(skipped: ["open311-service-list": 1])
        case "service_definition": return DecodeResult(skipped: ["open311-service-definition": 1])
        case "discovery": return DecodeResult(skipped: ["open311-discovery": 1])
        case "errors", "error":
            let e = root.localName == "error" ? root : (root.child("error") ?? root)
            let code = e.childText("code").map { "\($0) " } ?? ""
            let d = e.childText("description") ?? e.trimmedText
            return DecodeResult(rejections: [Rejection(position: name, reason: "Open311 error response \(code)\(d)".trimmingCharacters(in: .whitespaces))])
        default:
            return DecodeResult(rejections: [Rejection(position: name, reason: "root element <\(root.qualifiedName)> is not a GeoReport v2 document")])
        }
    }
}
