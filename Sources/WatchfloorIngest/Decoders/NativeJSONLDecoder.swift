import WatchfloorCore

/// The native JSON Lines format (docs/native-format.md): one object per line, `kind` says what it is.
/// Unknown fields are ignored; a missing required field, a wrong type or an unknown enum value rejects the line
/// with the field named. Incidents without `id` get `id: ""` so the store assigns one.
///
/// Lines are read field by field (`NativeFieldValues`), not parsed into a dictionary first: on the HTTP ingest
/// path, hashing every key of every line was most of the decoding cost.
public struct NativeJSONLDecoder: LineDecoder {
    public init() {}

    public func decode(line: UnsafeRawBufferPointer, position: String, context: DecodeContext) -> DecodeResult {
        let line = ByteOrderMark.stripping(line)
        let fields: NativeFieldValues
        do { fields = try NativeFieldValues(line) } catch is NativeFieldValues.NotAnObject {
            return DecodeResult(rejections: [Rejection(position: position, reason: "line is not a JSON object", raw: Array(line.prefix(4096)))])
        } catch {
            return DecodeResult(rejections: [Rejection(position: position, reason: "invalid JSON: \(error)", raw: Array(line.prefix(4096)))])
        }
        do {
            let record = try NativeRecord.decode(fields, context: context)
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

    /// The record's fields (`NativeFieldValues`, where `null` is already absent) and the default UTC offset for
    /// times without one.
    struct Fields {
        let values: NativeFieldValues
        let offset: Int

        subscript(key: NativeField) -> JSONValue? { values[key] }

        func string(_ key: NativeField, required: Bool = false) throws -> String? {
            guard let v = values[key] else {
                if required { throw FieldError(message: "missing required field '\(key.name)'") }
                return nil
            }
            guard case .string(let s) = v else { throw FieldError(message: "field '\(key.name)' must be a string") }
            if required && s.isEmpty { throw FieldError(message: "required field '\(key.name)' is empty") }
            return s
        }

        func req(_ key: NativeField) throws -> String { try string(key, required: true)! }

        func int(_ key: NativeField, required: Bool = false) throws -> Int? {
            guard let v = values[key] else {
                if required { throw FieldError(message: "missing required field '\(key.name)'") }
                return nil
            }
            switch v {
            case .int(let i): return Int(i)
            case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
            default: throw FieldError(message: "field '\(key.name)' must be an integer")
            }
        }

        func time(_ key: NativeField, required: Bool = false) throws -> Timestamp? {
            guard let s = try string(key, required: required) else { return nil }
            guard let t = ISOTime.parse(s, defaultOffsetSeconds: offset) else {
                throw FieldError(message: "field '\(key.name)' is not an ISO-8601 time: '\(s)'")
            }
            return t
        }

        func enumValue<E: RawRepresentable>(_ key: NativeField, _ type: E.Type, required: Bool = false) throws -> E?
            where E.RawValue == String {
            guard let s = try string(key, required: required) else { return nil }
            guard let e = E(rawValue: s) else { throw FieldError(message: "field '\(key.name)' has unknown value '\(s)'") }
            return e
        }

        func level(_ key: NativeField) throws -> Level {
            let n = try int(key, required: true)!
            guard let l = Level(rawValue: n) else { throw FieldError(message: "field '\(key.name)' must be 1–4, got \(n)") }
            return l
        }
    }

    static func decode(_ values: NativeFieldValues, context: DecodeContext) throws -> IngestRecord {
        let f = Fields(values: values, offset: context.defaultOffsetSeconds)
        guard let kind = try f.string(.kind) else { throw FieldError(message: "missing required field 'kind'") }
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
        Incident(id: try f.string(.id) ?? "", source: try f.req(.source), sourceRef: try f.string(.sourceRef),
                 category: try f.enumValue(.category, IncidentCategory.self, required: true)!,
                 level: try f.level(.level), title: try f.req(.title), detail: try f.string(.detail) ?? "",
                 gridID: try f.string(.gridId), location: try f.string(.location), reporter: try f.string(.reporter),
                 status: try f.enumValue(.status, IncidentStatus.self) ?? .new,
                 reportedAt: try f.time(.reportedAt, required: true)!,
                 ackedAt: try f.time(.ackedAt), ackedBy: try f.string(.ackedBy), assignee: try f.string(.assignee),
                 dispatchedAt: try f.time(.dispatchedAt), resolvedAt: try f.time(.resolvedAt),
                 closedAt: try f.time(.closedAt))
    }

    static func hotline(_ f: Fields) throws -> HotlineCase {
        var c = HotlineCase(
            ticket: try f.req(.ticket), receivedAt: try f.time(.receivedAt, required: true)!,
            channel: try f.enumValue(.channel, HotlineChannel.self) ?? .phone,
            caller: try f.string(.caller), phone: try f.string(.phone),
            type: try f.enumValue(.type, HotlineType.self, required: true)!,
            category: try f.string(.category), summary: try f.req(.summary), gridID: try f.string(.gridId),
            department: try f.string(.department), status: try f.enumValue(.status, HotlineStatus.self) ?? .new,
            acceptedAt: try f.time(.acceptedAt), transferredAt: try f.time(.transferredAt),
            repliedAt: try f.time(.repliedAt), callbackAt: try f.time(.callbackAt), closedAt: try f.time(.closedAt),
            callbackResult: try f.string(.callbackResult),
            satisfaction: try f.enumValue(.satisfaction, Satisfaction.self))
        c.stageStartedAt = c.derivedStageStart
        return c
    }

    static func alert(_ f: Fields, context: DecodeContext) throws -> AlertObservation {
        AlertObservation(at: try f.time(.at, required: true)!, sensor: try f.req(.sensor),
                         signatureID: try f.int(.signatureId, required: true)!, signature: try f.req(.signature),
                         category: try f.string(.category), level: try f.level(.level),
                         src: try f.req(.src), dest: try f.req(.dest), proto: try f.string(.proto),
                         action: try f.string(.action), asset: try f.string(.asset), gridID: try f.string(.gridId),
                         raw: nil)
    }

    /// A post (docs/native-format.md): `platform`, `text` and `published_at` are required; `id` defaults to the
    /// URL, else to a hash of platform, time and text; counts must be non-negative integers.
    static func post(_ f: Fields) throws -> Post {
        let platform = try f.req(.platform)
        let text = try f.req(.text)
        let published = try f.time(.publishedAt, required: true)!
        let url = try f.string(.url)
        func count(_ key: NativeField) throws -> Int {
            let n = try f.int(key) ?? 0
            guard n >= 0 else { throw FieldError(message: "field '\(key.name)' must not be negative, got \(n)") }
            return n
        }
        let grid = try f.string(.gridId) ?? f.string(.grid)
        if let grid, GridCode.level(of: grid) == nil {
            throw FieldError(message: "field 'grid_id' must be a 6, 9, 12 or 15-digit grid code, got '\(grid)'")
        }
        return Post(platform: platform,
                    postID: try f.string(.id) ?? url ?? Post.contentID(platform: platform, publishedAt: published, text: text),
                    author: try f.string(.author), title: try f.string(.title), text: text, url: url, publishedAt: published,
                    reposts: try count(.reposts), comments: try count(.comments), likes: try count(.likes),
                    location: try f.string(.location), gridID: grid, repostOf: try f.string(.repostOf))
    }

    static func grid(_ f: Fields) throws -> Grid {
        let id = try f.req(.id)
        guard let derived = GridCode.level(of: id) else {
            throw FieldError(message: "field 'id' must be a 6, 9, 12 or 15-digit grid code, got '\(id)'")
        }
        let level = try f.enumValue(.level, GridLevel.self) ?? derived
        var geometry: String?
        if let g = f[.geometry] {
            guard case .object(let o) = g, let type = o["type"]?.string, type == "Polygon" || type == "MultiPolygon",
                  o["coordinates"]?.array != nil else {
                throw FieldError(message: "field 'geometry' must be a GeoJSON Polygon or MultiPolygon")
            }
            geometry = g.serialized
        }
        return Grid(id: id, name: try f.req(.name), level: level, parent: try f.string(.parent),
                    worker: try f.string(.worker), workerPhone: try f.string(.workerPhone),
                    households: try f.int(.households), geometry: geometry)
    }
}
