#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WatchfloorCore

/// The daemon's HTTP endpoint (minimal HTTP/1.1 on a POSIX socket, keep-alive, one thread per connection):
/// - `POST /v1/records`: native records as one JSON object, a JSON array, or JSON Lines;
/// - `POST /v1/open311/requests`: Open311 GeoReport v2 service requests (JSON);
/// - `GET /healthz`: the store's and the sources' state (JSON; 503 when the store does not answer);
/// - `GET /metrics`: Prometheus text.
///
/// Bodies need a Content-Length (chunked bodies get 411) and at most `max_body_bytes` (413). A body's good
/// records land even when others are rejected; the answer is then 400 with the counts and the first reasons.
public final class HTTPSource: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: HTTPConfig
    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    let listener: TCPListener
    let box = DetailBox("not started")
    public var port: Int { listener.port }
    /// `/healthz` and `/metrics` bodies, supplied by the daemon (it knows every source's state).
    public var health: @Sendable () -> HTTPResponse = { HTTPResponse(status: 200, json: "{\"ok\":true}") }
    public var metricsText: @Sendable () -> String = { "" }
    static let idleSeconds = 10.0

    init(_ s: HTTPConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) {
        config = .http(s); settings = s; self.pipeline = pipeline; self.log = log
        listener = TCPListener(source: s.name)
        listener.refuse = { client, _ in _ = Socket.writeAll(client, HTTPResponse.error(503, "too many connections").serialized(keepAlive: false)) }
    }

    public var detail: String { box.value }

    public func start() throws {
        try listener.start(address: settings.address, port: settings.port) { [self] client, peer in serve(client, peer) }
        box.value = "listening on http://\(settings.address):\(port)"
    }

    public func stop() {
        listener.stop()
        box.value = "stopped"
    }

    /// Reads requests off one connection until it closes, idles out, or a response ends it.
    func serve(_ client: Int32, _ peer: String) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var lastActivity = Date()
        func read() -> Bool {
            while !listener.isStopped {
                if Socket.waitReadable(client) {
                    let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    buffer.append(contentsOf: chunk[0..<n])
                    lastActivity = Date()
                    return true
                }
                if Date().timeIntervalSince(lastActivity) > HTTPSource.idleSeconds { return false }
            }
            return false
        }
        func respond(_ r: HTTPResponse, keepAlive: Bool) -> Bool {
            Socket.writeAll(client, r.serialized(keepAlive: keepAlive)) && keepAlive
        }
        while !listener.isStopped {
            // The head.
            var parsed: (HTTPRequestHead, bodyStart: Int)?
            do {
                while (parsed = try HTTPRequestHead.parse(buffer), parsed).1 == nil {
                    if !read() {
                        if !buffer.isEmpty && !listener.isStopped { _ = respond(.error(408, "incomplete request head"), keepAlive: false) }
                        return
                    }
                }
            } catch HTTPRequestHead.ParseError.tooLarge {
                _ = respond(.error(431, "request head larger than \(HTTPRequestHead.maxHeadBytes) bytes"), keepAlive: false)
                return
            } catch HTTPRequestHead.ParseError.bad(let why) {
                _ = respond(.error(400, why), keepAlive: false)
                return
            } catch { return }
            guard let (head, bodyStart) = parsed else { return }
            buffer.removeFirst(bodyStart)

            // The body.
            if head.isChunked {
                _ = respond(.error(411, "chunked bodies are not supported; send a Content-Length"), keepAlive: false)
                return
            }
            let length: Int
            do { length = try head.contentLength() ?? 0 } catch {
                _ = respond(.error(400, "invalid Content-Length"), keepAlive: false)
                return
            }
            if length > pipeline.config.maxBodyBytes {
                _ = respond(.error(413, "body of \(length) bytes is over the \(pipeline.config.maxBodyBytes)-byte limit"), keepAlive: false)
                return
            }
            if length > buffer.count, head.header("Expect")?.lowercased() == "100-continue" {
                _ = Socket.writeAll(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            while buffer.count < length {
                if !read() {
                    if !listener.isStopped { _ = respond(.error(408, "body ended after \(buffer.count) of \(length) bytes"), keepAlive: false) }
                    return
                }
            }
            let body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            let response = handle(head, body: body, peer: peer)
            if !respond(response, keepAlive: head.keepAlive) { return }
        }
    }

    /// Routes one request. Internal so tests can call it without a socket.
    func handle(_ head: HTTPRequestHead, body: [UInt8], peer: String) -> HTTPResponse {
        switch (head.method, head.path) {
        case ("GET", "/healthz"), ("HEAD", "/healthz"):
            return health()
        case ("GET", "/metrics"):
            return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metricsText().utf8))
        case ("POST", "/v1/records"):
            return ingest(body, format: .jsonl, origin: "POST /v1/records from \(peer)")
        case ("POST", "/v1/open311/requests"), ("POST", "/v1/open311/requests.json"):
            let origin = "POST \(head.path) from \(peer)"
            let received = Timestamp.now()
            if let create = Open311Create.decode(body: body, contentType: head.header("Content-Type"), name: origin,
                                                 context: pipeline.config.context(source: config.name, receivedAt: received)) {
                return createRequests(create, origin: origin, receivedAt: received)
            }
            return ingest(body, format: .open311, origin: origin)
        case (_, "/healthz"), (_, "/metrics"), (_, "/v1/records"), (_, "/v1/open311/requests"):
            return .error(405, "method \(head.method) not allowed on \(head.path)")
        default:
            return .error(404, "no such endpoint \(head.path) (try POST /v1/records, POST /v1/open311/requests, GET /healthz, GET /metrics)")
        }
    }

    /// GeoReport v2 create requests: decoded already (pure), stored, answered with `[{"service_request_id": …}]`.
    func createRequests(_ create: Open311Create.Decoded, origin: String, receivedAt: Timestamp) -> HTTPResponse {
        let (_, committed) = pipeline.submitAndWait(IngestUnit(source: config.name, format: .open311, payload: .decoded(create.result),
                                                               origin: origin, receivedAt: receivedAt))
        var storeError: String?
        if case .failure(let e) = committed { storeError = "\(e)" }
        let r = Open311Create.response(create.outcomes, storeError: storeError)
        return HTTPResponse(status: r.status, json: r.json)
    }

    func ingest(_ body: [UInt8], format: IngestFormat, origin: String) -> HTTPResponse {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .error(400, "empty body") }
        let (decoded, committed) = pipeline.submitAndWait(IngestUnit(source: config.name, format: format, payload: .document(body),
                                                                     origin: origin, receivedAt: Timestamp.now()))
        var kinds: [String: JSONValue] = [:]
        for r in decoded.records { kinds[r.kind] = .int((kinds[r.kind]?.int ?? 0) + 1) }
        var o: [String: JSONValue] = [
            "accepted": .int(Int64(decoded.records.count)),
            "rejected": .int(Int64(decoded.rejections.count)),
            "skipped": .int(Int64(decoded.skipped.values.reduce(0, +))),
            "kinds": .object(kinds),
        ]
        if !decoded.rejections.isEmpty {
            o["errors"] = .array(decoded.rejections.prefix(20).map { .object(["position": .string($0.position), "reason": .string($0.reason)]) })
        }
        if case .failure(let e) = committed {
            o["error"] = .string("not stored: \(e)")
            return HTTPResponse(status: 503, json: JSONValue.object(o).serialized)
        }
        if decoded.records.isEmpty && decoded.rejections.isEmpty {
            o["error"] = .string("no records in the body")
            return HTTPResponse(status: 400, json: JSONValue.object(o).serialized)
        }
        return HTTPResponse(status: decoded.rejections.isEmpty ? 200 : 400, json: JSONValue.object(o).serialized)
    }
}
