import Foundation
import Hummingbird
import NIOCore
import WatchfloorCore
import WatchfloorIngest

/// The POST routes: authenticate, read the body (at most `max_body_bytes`), decode, admit, and answer only once
/// the records are committed. The route → decoder seam is one call: body bytes, content type and format in,
/// a `DecodeResult` and its commit result out (`IngestUnit` + `IngestPipeline.submit`), so decoders can change
/// what they accept without touching the server.
struct HTTPIngestRoute: Sendable {
    let listener: String
    let pipeline: IngestPipeline
    let tokens: BearerTokens
    let shared: ListenerShared
    /// Where large bodies are decoded and where queueing waits when the pipeline is full (back-pressure): never
    /// on an event loop or the cooperative pool.
    static let work = DispatchQueue(label: "watchfloord.http.ingest", attributes: .concurrent)

    /// `format` nil: the records route, which reads the format from the request (`RecordsBodyFormat`).
    func handle(_ request: Request, peer: String, format fixed: IngestFormat?) async -> Response {
        var token: AccessToken?
        if tokens.required {
            switch tokens.check(authorization: request.headers[.authorization]) {
            case .missing:
                shared.refuse(.authMissing, peer: peer, reason: "401 no bearer token")
                return HTTPAnswer.unauthorized("a bearer token is required (Authorization: Bearer …)")
            case .invalid:
                shared.refuse(.authInvalid, peer: peer, reason: "401 unknown bearer token")
                return HTTPAnswer.unauthorized("unknown bearer token")
            case .accepted(let t): token = t
            }
        }
        var format = IngestFormat.jsonl
        if let fixed { format = fixed } else {
            // Most senders give no query: don't parse one that is not there.
            let query = request.uri.query == nil ? nil : request.uri.queryParameters["format"]
            do { format = try RecordsBodyFormat.choose(format: query, contentType: request.headers[.contentType]) }
            catch { return HTTPAnswer.error(.badRequest, error.description) }
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: pipeline.config.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return HTTPAnswer.error(.contentTooLarge, "body is over the \(pipeline.config.maxBodyBytes)-byte limit (max_body_bytes)")
        } catch {
            // The client went away mid-body: nothing of it is stored, and there is no one to answer.
            return HTTPAnswer.error(.badRequest, "the body ended early: \(error)")
        }
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return HTTPAnswer.error(.badRequest, "empty body") }
        let who = token.map { " (\($0.source))" } ?? ""
        let origin = "\(request.method) \(request.uri.path) from \(peer)\(who)"
        let received = Timestamp.now()
        // A GeoReport v2 create request (JSON or form-encoded) is decoded here, where the content type is known,
        // and answered as the spec says: `[{"service_request_id": …}]`. Response-shaped documents take the
        // generic path below.
        if format == .open311,
           let create = Open311Create.decode(body: bytes, contentType: request.headers[.contentType], name: origin,
                                             context: pipeline.config.context(source: listener, receivedAt: received)) {
            let unit = IngestUnit(source: listener, format: .open311, payload: .decoded(create.result), origin: origin,
                                  receivedAt: received)
            return await submit(unit, token: token, peer: peer) { _, committed in
                var storeError: String?
                if case .failure(let e) = committed { storeError = "\(e)" }
                let r = Open311Create.response(create.outcomes, storeError: storeError)
                return HTTPAnswer.json(HTTPResponse.Status(code: r.status), r.json)
            }
        }
        let unit = IngestUnit(source: listener, format: format, payload: .document(bytes), origin: origin, receivedAt: received)
        return await submit(unit, token: token, peer: peer, answer: HTTPAnswer.ingest)
    }

    /// Bodies up to this size are decoded on the connection's event loop, where the request already is; larger
    /// ones on `work`, so a big document never holds up the other connections of its loop.
    static let inlineDecodeBytes = 64 << 10

    private enum Outcome: Sendable {
        case answered(Response)
        case committed(DecodeResult, Result<Void, Error>)
    }

    /// Decodes, admits and queues the unit, then waits for its commit: the answer is rendered only after the
    /// records are durable (or refused). A small unit whose queue has room takes no thread hop at all; the only
    /// other thread it meets is the writer's, which resumes it once its batch committed.
    private func submit(_ unit: IngestUnit, token: AccessToken?, peer: String,
                        answer render: @escaping @Sendable (DecodeResult, Result<Void, Error>) -> Response) async -> Response {
        let inline = unit.inputBytes <= Self.inlineDecodeBytes
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            if inline {
                queue(unit, token: token, peer: peer, mayBlock: false, continuation)
            } else {
                Self.work.async { [self] in queue(unit, token: token, peer: peer, mayBlock: true, continuation) }
            }
        }
        switch outcome {
        case .answered(let response): return response
        case .committed(let decoded, let committed): return render(decoded, committed)
        }
    }

    /// Resumes `continuation` exactly once: with the refusal at once, or from the writer thread after the commit.
    /// Without `mayBlock`, a full queue (back-pressure) sends the unit to `work` to wait there, not here.
    private func queue(_ unit: IngestUnit, token: AccessToken?, peer: String, mayBlock: Bool,
                       _ continuation: CheckedContinuation<Outcome, Never>) {
        var decoded: DecodedUnit
        do {
            decoded = try pipeline.decode(unit, admit: { try Admission.admit(&$0, token: token) })
        } catch let refused as Admission.KindRefused {
            shared.refuse(.authForbiddenKind, peer: peer, reason: "403 token of \(refused.token.source) may not send \(refused.kind) records")
            continuation.resume(returning: .answered(HTTPAnswer.error(.forbidden, "this token (source \(refused.token.source)) may not send \(refused.kind) records; it may send: \(refused.token.kinds.sorted().joined(separator: ", "))")))
            return
        } catch {
            continuation.resume(returning: .answered(HTTPAnswer.error(.internalServerError, "\(error)")))
            return
        }
        let result = decoded.result
        decoded.completion = { continuation.resume(returning: .committed(result, $0)) }
        if mayBlock {
            pipeline.enqueue(decoded)
        } else if !pipeline.tryEnqueue(decoded) {
            let (pipeline, waiting) = (pipeline, decoded)
            Self.work.async { pipeline.enqueue(waiting) }
        }
    }
}

/// Response bodies: JSON, one line.
enum HTTPAnswer {
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers extra: HTTPFields = [:]) -> Response {
        json(status, value.serialized, headers: extra)
    }

    static func json(_ status: HTTPResponse.Status, _ text: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func error(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        json(status, .object(["error": .string(reason)]))
    }

    static func unauthorized(_ reason: String) -> Response {
        json(.unauthorized, .object(["error": .string(reason)]), headers: [.wwwAuthenticate: "Bearer realm=\"watchfloord\""])
    }

    /// The answer to an ingest request: 200 when every record committed, 400 with the first reasons when some
    /// were rejected (the good ones are stored), 503 when the store did not take them.
    static func ingest(_ decoded: DecodeResult, _ committed: Result<Void, Error>) -> Response {
        let kinds = kindCounts(decoded.records)
        let skipped = decoded.skipped.values.reduce(0, +)
        if case .success = committed, decoded.rejections.isEmpty, !decoded.records.isEmpty {
            return json(.ok, accepted(decoded.records.count, kinds: kinds, skipped: skipped))
        }
        var o: [String: JSONValue] = [
            "accepted": .int(Int64(decoded.records.count)),
            "rejected": .int(Int64(decoded.rejections.count)),
            "skipped": .int(Int64(skipped)),
            "kinds": .object(Dictionary(uniqueKeysWithValues: kinds.map { ($0.kind, .int(Int64($0.count))) })),
        ]
        if !decoded.rejections.isEmpty {
            // Reasons quote the input: one sanitised line each, as everywhere else untrusted text is shown.
            o["errors"] = .array(decoded.rejections.prefix(20).map {
                .object(["position": .string(TextSanitizer.sanitize($0.position)), "reason": .string(TextSanitizer.sanitize($0.reason))])
            })
        }
        if case .failure(let e) = committed {
            o["error"] = .string("not stored: \(e)")
            return json(.serviceUnavailable, .object(o))
        }
        if decoded.records.isEmpty && decoded.rejections.isEmpty {
            o["error"] = .string("no records in the body")
            return json(.badRequest, .object(o))
        }
        return json(decoded.rejections.isEmpty ? .ok : .badRequest, .object(o))
    }

    /// Records per kind, sorted by kind. A body holds one or a few kinds: a short list beats hashing each
    /// record's kind into a dictionary.
    static func kindCounts(_ records: [IngestRecord]) -> [(kind: String, count: Int)] {
        var counts: [(kind: String, count: Int)] = []
        for r in records {
            let k = r.kind
            if let i = counts.firstIndex(where: { $0.kind == k }) { counts[i].count += 1 } else { counts.append((k, 1)) }
        }
        return counts.sorted { $0.kind < $1.kind }
    }

    /// The answer when every record committed — the same text `JSONValue` would write for it (sorted keys),
    /// written directly because it is the answer to nearly every request.
    static func accepted(_ count: Int, kinds: [(kind: String, count: Int)], skipped: Int) -> String {
        var text = "{\"accepted\":\(count),\"kinds\":{"
        for (i, k) in kinds.enumerated() {
            if i > 0 { text += "," }
            text += JSONValue.string(k.kind).serialized + ":\(k.count)"
        }
        return text + "},\"rejected\":0,\"skipped\":\(skipped)}"
    }
}
