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
    /// Decoding and queueing may block (back-pressure), so they run here, never on the event loops or the
    /// cooperative pool.
    static let work = DispatchQueue(label: "watchfloord.http.ingest", attributes: .concurrent)

    func handle(_ request: Request, peer: String, format: IngestFormat) async -> Response {
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

    private func submit(_ unit: IngestUnit, token: AccessToken?, peer: String,
                        answer render: @escaping @Sendable (DecodeResult, Result<Void, Error>) -> Response) async -> Response {
        await withCheckedContinuation { (continuation: CheckedContinuation<Response, Never>) in
            let answer = PendingAnswer(continuation, render: render)
            Self.work.async { [pipeline, shared] in
                do {
                    let decoded = try pipeline.submit(unit, admit: { try Admission.admit(&$0, token: token) }) { answer.committed($0) }
                    answer.decoded(decoded)
                } catch let refused as Admission.KindRefused {
                    shared.refuse(.authForbiddenKind, peer: peer, reason: "403 token of \(refused.token.source) may not send \(refused.kind) records")
                    answer.finish(HTTPAnswer.error(.forbidden, "this token (source \(refused.token.source)) may not send \(refused.kind) records; it may send: \(refused.token.kinds.sorted().joined(separator: ", "))"))
                } catch {
                    answer.finish(HTTPAnswer.error(.internalServerError, "\(error)"))
                }
            }
        }
    }
}

/// Joins the two halves of an answer — what was decoded (known when `submit` returns) and whether it
/// committed (known on the writer thread, possibly first) — and resumes the request once both are in.
final class PendingAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Response, Never>?
    private var decodedResult: DecodeResult?
    private var commit: Result<Void, Error>?
    private let render: @Sendable (DecodeResult, Result<Void, Error>) -> Response

    init(_ c: CheckedContinuation<Response, Never>, render: @escaping @Sendable (DecodeResult, Result<Void, Error>) -> Response) {
        continuation = c; self.render = render
    }

    func decoded(_ r: DecodeResult) { lock.lock(); decodedResult = r; lock.unlock(); resumeIfReady() }
    func committed(_ r: Result<Void, Error>) { lock.lock(); commit = r; lock.unlock(); resumeIfReady() }

    func finish(_ response: Response) {
        lock.lock(); let c = continuation; continuation = nil; lock.unlock()
        c?.resume(returning: response)
    }

    private func resumeIfReady() {
        lock.lock()
        guard let d = decodedResult, let r = commit, let c = continuation else { lock.unlock(); return }
        continuation = nil
        lock.unlock()
        c.resume(returning: render(d, r))
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
        var kinds: [String: JSONValue] = [:]
        for r in decoded.records { kinds[r.kind] = .int((kinds[r.kind]?.int ?? 0) + 1) }
        var o: [String: JSONValue] = [
            "accepted": .int(Int64(decoded.records.count)),
            "rejected": .int(Int64(decoded.rejections.count)),
            "skipped": .int(Int64(decoded.skipped.values.reduce(0, +))),
            "kinds": .object(kinds),
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
}
