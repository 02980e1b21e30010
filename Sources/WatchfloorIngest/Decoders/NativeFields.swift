import WatchfloorCore

/// Every field name the native format knows (docs/native-format.md), across all kinds. The JSON name is the case
/// name in snake case (`sourceRef` → `source_ref`), so the names are written once.
enum NativeField: Int, CaseIterable {
    case kind, id, source, sourceRef, category, level, title, detail, gridId, location, reporter, status, reportedAt
    case ackedAt, ackedBy, assignee, dispatchedAt, resolvedAt, closedAt
    case ticket, receivedAt, channel, caller, phone, type, summary, department, acceptedAt, transferredAt, repliedAt
    case callbackAt, callbackResult, satisfaction
    case at, sensor, signatureId, signature, src, dest, proto, action, asset
    case platform, text, publishedAt, url, reposts, comments, likes, author, repostOf, grid
    case name, parent, worker, workerPhone, households, geometry

    /// The field's name in JSON, for lookups and error messages.
    var name: String { Self.names[rawValue] }

    static let names: [String] = allCases.map { field in
        var out = ""
        for c in String(describing: field) {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The names packed for matching: by length, each name's bytes as two little-endian words. A key is matched
    /// by comparing two integers per candidate of its length — no hashing, no allocation. Longer names than 16
    /// bytes would need a third word; the precondition keeps that from happening silently.
    private static let packed: [[(UInt64, UInt64, NativeField)]] = {
        var table = [[(UInt64, UInt64, NativeField)]](repeating: [], count: 17)
        for field in allCases {
            let bytes = Array(field.name.utf8)
            precondition(bytes.count <= 16, "native field name '\(field.name)' is longer than 16 bytes")
            let (a, b) = bytes.withUnsafeBytes { pack($0) }
            table[bytes.count].append((a, b, field))
        }
        return table
    }()

    private static let byName: [String: NativeField] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    @inline(__always)
    private static func pack(_ raw: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var a: UInt64 = 0, b: UInt64 = 0
        for i in 0..<min(raw.count, 8) { a |= UInt64(raw[i]) << (8 * UInt64(i)) }
        if raw.count > 8 { for i in 8..<raw.count { b |= UInt64(raw[i]) << (8 * UInt64(i - 8)) } }
        return (a, b)
    }

    /// The field a key names, or nil for a key the format does not know (ignored, as the format says).
    static func match(_ key: JSONKey) -> NativeField? {
        if key.hasEscapes { return byName[key.string] }
        let n = key.raw.count
        guard n > 0, n <= 16 else { return nil }
        let (a, b) = pack(key.raw)
        for (x, y, field) in packed[n] where x == a && y == b { return field }
        return nil
    }
}

/// One native record's known fields, read straight off the bytes with `JSONReader`: known keys are matched by
/// bytes and their values kept, unknown keys are skipped (validated, not built). `null` counts as absent; a key
/// given twice keeps its last value, as a parsed JSON object would.
struct NativeFieldValues {
    private var values: [JSONValue?]

    /// Not a JSON object: the line is valid JSON of another kind.
    struct NotAnObject: Error {}

    /// Reads one JSON text; throws `JSONParseError` for invalid JSON (anywhere on the line, so bad JSON is
    /// reported as such before any field is looked at) and `NotAnObject` for valid JSON that is not an object.
    init(_ line: UnsafeRawBufferPointer) throws {
        var reader = JSONReader(line)
        guard try reader.peekKind() == .object else {
            try reader.skipValue()
            try reader.expectEnd()
            throw NotAnObject()
        }
        var values = [JSONValue?](repeating: nil, count: NativeField.allCases.count)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if let field = NativeField.match(key) {
                let v = try reader.readValue()
                if case .null = v { values[field.rawValue] = nil } else { values[field.rawValue] = v }
            } else {
                try reader.skipValue()
            }
        }
        try reader.expectEnd()
        self.values = values
    }

    subscript(field: NativeField) -> JSONValue? { values[field.rawValue] }
}
