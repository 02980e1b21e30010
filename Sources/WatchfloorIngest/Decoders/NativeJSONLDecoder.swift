import WatchfloorCore

/// The native JSON Lines format (docs/native-format.md): one object per line, `kind` says what it is.
/// Unknown fields are ignored; a missing required field, a wrong type or an unknown enum value rejects the line
/// with the field named. Incidents without `id` get `id: ""` so the store assigns one.
public struct NativeJSONLDecoder: LineDecoder {
    public init() {}

    public func decode(line: UnsafeRawBufferPointer, position: String, context: DecodeContext) -> DecodeResult {
        let line = ByteOrderMark.stripping(line)
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            return DecodeResult(rejections: [Rejection(position: position, reason: "invalid JSON: \(error)", raw: Array(line.prefix(4096)))])
        }
        do {
            let record = try NativeRecord.decode(value, context: context)
            return DecodeResult(records: [record])
        } catch let error as NativeRecord.FieldError {
            return DecodeResult(rejections: [Rejection(position: position, reason: error.message, raw: Array(line.prefix(4096)))])
        } catch {
            return DecodeResult(rejections: [Rejection(position: position, reason: "\(error)", raw: Array(line.prefix(4096)))])
        }
    }
}

/// Field-by-field mapping of a native record; each failure names the field.
enum NativeRecord {
    struct FieldError: Error { var message: String }

    struct Fields {
        let object: [String: JSONValue]
        let offset: Int

        func has(_ key: String) -> Bool { if let v = object[key], !v.isNull { return true }; return false }

        func string(_ key: String, required: Bool = false) throws -> String? {
            guard let v = object[key], !v.isNull else {
                if required { throw FieldError(message: "missing required field '\(key)'") }
                return nil
            }
            guard case .string(let s) = v else { throw FieldError(message: "field '\(key)' must be a string") }
            if required && s.isEmpty { throw FieldError(message: "required field '\(key)' is empty") }
            return s
        }

        func req(_ key: String) throws -> String { try string(key, required: true)! }

        func int(_ key: String, required: Bool = false) throws -> Int? {
            guard let v = object[key], !v.isNull else {
                if required { throw FieldError(message: "missing required field '\(key)'") }
                return nil
            }
            switch v {
            case .int(let i): return Int(i)
            case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
            default: throw FieldError(message: "field '\(key)' must be an integer")
            }
        }

        func time(_ key: String, required: Bool = false) throws -> Timestamp? {
            guard let s = try string(key, required: required) else { return nil }
            guard let t = ISOTime.parse(s, defaultOffsetSeconds: offset) else {
                throw FieldError(message: "field '\(key)' is not an ISO-8601 time: '\(s)'")
            }
            return t
        }

        func enumValue<E: RawRepresentable>(_ key: String, _ type: E.Type, required: Bool = false) throws -> E?
            where E.RawValue == String {
            guard let s = try string(key, required: required) else { return nil }
            guard let e = E(rawValue: s) else { throw FieldError(message: "field '\(key)' has unknown value '\(s)'") }
            return e
        }

        func level(_ key: String) throws -> Level {
            let n = try int(key, required: true)!
            guard let l = Level(rawValue: n) else { throw FieldError(message: "field '\(key)' must be 1–4, got \(n)") }
            return l
        }
    }

    static func decode(_ value: JSONValue, context: DecodeContext) throws -> IngestRecord {
        guard case .object(let object) = value else { throw FieldError(message: "line is not a JSON object") }
        let f = Fields(object: object, offset: context.defaultOffsetSeconds)
        guard let kind = try f.string("kind") else { throw FieldError(message: "missing required field 'kind'") }
        switch kind {
        case "incident": return .incident(try incident(f))
        case "hotline": return .hotline(try hotline(f))
        case "alert": return .alert(try alert(f, context: context))
        case "grid": return .grid(try grid(f))
        case "post": return .post(try post(f))
        default: throw FieldError(message: "unknown kind '\(kind)' (expected incident, hotline, alert, grid or post)")
        }
    }

    static func incident(_ f: Fields) throws -> Incident {
        Incident(id: try f.string("id") ?? "", source: try f.req("source"), sourceRef: try f.string("source_ref"),
                 category: try f.enumValue("category", IncidentCategory.self, required: true)!,
                 level: try f.level("level"), title: try f.req("title"), detail: try f.string("detail") ?? "",
                 gridID: try f.string("grid_id"), location: try f.string("location"), reporter: try f.string("reporter"),
                 status: try f.enumValue("status", IncidentStatus.self) ?? .new,
                 reportedAt: try f.time("reported_at", required: true)!,
                 ackedAt: try f.time("acked_at"), ackedBy: try f.string("acked_by"), assignee: try f.string("assignee"),
                 dispatchedAt: try f.time("dispatched_at"), resolvedAt: try f.time("resolved_at"),
                 closedAt: try f.time("closed_at"))
    }

    static func hotline(_ f: Fields) throws -> HotlineCase {
        var c = HotlineCase(
            ticket: try f.req("ticket"), receivedAt: try f.time("received_at", required: true)!,
            channel: try f.enumValue("channel", HotlineChannel.self) ?? .phone,
            caller: try f.string("caller"), phone: try f.string("phone"),
            type: try f.enumValue("type", HotlineType.self, required: true)!,
            category: try f.string("category"), summary: try f.req("summary"), gridID: try f.string("grid_id"),
            department: try f.string("department"), status: try f.enumValue("status", HotlineStatus.self) ?? .new,
            acceptedAt: try f.time("accepted_at"), transferredAt: try f.time("transferred_at"),
            repliedAt: try f.time("replied_at"), callbackAt: try f.time("callback_at"), closedAt: try f.time("closed_at"),
            callbackResult: try f.string("callback_result"),
            satisfaction: try f.enumValue("satisfaction", Satisfaction.self))
        c.stageStartedAt = c.derivedStageStart
        return c
    }

    static func alert(_ f: Fields, context: DecodeContext) throws -> AlertObservation {
        AlertObservation(at: try f.time("at", required: true)!, sensor: try f.req("sensor"),
                         signatureID: try f.int("signature_id", required: true)!, signature: try f.req("signature"),
                         category: try f.string("category"), level: try f.level("level"),
                         src: try f.req("src"), dest: try f.req("dest"), proto: try f.string("proto"),
                         action: try f.string("action"), asset: try f.string("asset"), gridID: try f.string("grid_id"),
                         raw: nil)
    }

    /// A post (docs/native-format.md): `platform`, `text` and `published_at` are required; `id` defaults to the
    /// URL, else to a hash of platform, time and text; counts must be non-negative integers.
    static func post(_ f: Fields) throws -> Post {
        let platform = try f.req("platform")
        let text = try f.req("text")
        let published = try f.time("published_at", required: true)!
        let url = try f.string("url")
        func count(_ key: String) throws -> Int {
            let n = try f.int(key) ?? 0
            guard n >= 0 else { throw FieldError(message: "field '\(key)' must not be negative, got \(n)") }
            return n
        }
        let grid = try f.string("grid_id") ?? f.string("grid")
        if let grid, GridCode.level(of: grid) == nil {
            throw FieldError(message: "field 'grid_id' must be a 6, 9, 12 or 15-digit grid code, got '\(grid)'")
        }
        return Post(platform: platform,
                    postID: try f.string("id") ?? url ?? Post.contentID(platform: platform, publishedAt: published, text: text),
                    author: try f.string("author"), title: try f.string("title"), text: text, url: url, publishedAt: published,
                    reposts: try count("reposts"), comments: try count("comments"), likes: try count("likes"),
                    location: try f.string("location"), gridID: grid, repostOf: try f.string("repost_of"))
    }

    static func grid(_ f: Fields) throws -> Grid {
        let id = try f.req("id")
        guard let derived = GridCode.level(of: id) else {
            throw FieldError(message: "field 'id' must be a 6, 9, 12 or 15-digit grid code, got '\(id)'")
        }
        let level = try f.enumValue("level", GridLevel.self) ?? derived
        var geometry: String?
        if let g = f.object["geometry"], !g.isNull {
            guard case .object(let o) = g, let type = o["type"]?.string, type == "Polygon" || type == "MultiPolygon",
                  o["coordinates"]?.array != nil else {
                throw FieldError(message: "field 'geometry' must be a GeoJSON Polygon or MultiPolygon")
            }
            geometry = g.serialized
        }
        return Grid(id: id, name: try f.req("name"), level: level, parent: try f.string("parent"),
                    worker: try f.string("worker"), workerPhone: try f.string("worker_phone"),
                    households: try f.int("households"), geometry: geometry)
    }
}
