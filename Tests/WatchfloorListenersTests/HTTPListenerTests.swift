import Foundation
import Testing
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore
@testable import WatchfloorListeners

@Suite(.serialized) struct HTTPListenerTests {
    static func http(_ name: String = "http", tokens: [AccessToken] = [], configure: (inout HTTPConfig) -> Void = { _ in }) -> SourceConfig {
        var c = HTTPConfig(name: name, address: "127.0.0.1", port: 0)
        c.tokens = tokens
        configure(&c)
        return .http(c)
    }

    static func status(_ response: String) -> Int? {
        let parts = response.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    /// Sends exact bytes on a fresh connection and returns the first response.
    static func raw(_ port: Int, _ request: String) -> String {
        guard let c = RawClient(port: port) else { return "no connection" }
        c.send(request)
        return c.readResponse()
    }

    static func curl(_ args: [String]) throws -> (code: Int, body: String) {
        let curl = try Tools.require("curl")
        let (_, out, _) = try Tools.run(curl, ["-s", "-m", "20", "-w", "\n%{http_code}"] + args)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    // MARK: Framing (RFC 9112) — each case as raw bytes over a socket

    /// A valid record, so a request that slipped through would store an incident (the test checks none lands).
    static let body = Sample.incident("F-1")
    static let chunked = String(body.utf8.count, radix: 16) + "\r\n" + body + "\r\n0\r\n\r\n"

    /// What llhttp refuses by itself and what HTTPRequestGuard adds: every case gets 400 and nothing lands.
    @Test(arguments: [
        ("TE identity + TE chunked + Content-Length (smuggling)",
         "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" + HTTPListenerTests.chunked + "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("TE chunked + Content-Length", "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + HTTPListenerTests.chunked),
        ("TE on two lines", "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + HTTPListenerTests.chunked),
        ("unknown TE", "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + HTTPListenerTests.chunked),
        ("TE identity", "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\nContent-Length: \(HTTPListenerTests.body.utf8.count)\r\n\r\n" + HTTPListenerTests.body),
        ("signed Content-Length", "POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: +\(HTTPListenerTests.body.utf8.count)\r\n\r\n" + HTTPListenerTests.body),
        ("negative Content-Length", "POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
        ("two different Content-Lengths", "POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: \(HTTPListenerTests.body.utf8.count)\r\nContent-Length: \(HTTPListenerTests.body.utf8.count + 1)\r\n\r\n" + HTTPListenerTests.body + "\n"),
        ("bare CR in a header value", "POST /v1/records HTTP/1.1\r\nHost: a\r\nX-Note: one\rtwo\r\nContent-Length: \(HTTPListenerTests.body.utf8.count)\r\n\r\n" + HTTPListenerTests.body),
        ("HTTP/1.1 without Host", "POST /v1/records HTTP/1.1\r\nContent-Length: \(HTTPListenerTests.body.utf8.count)\r\n\r\n" + HTTPListenerTests.body),
        ("two Host headers", "POST /v1/records HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: \(HTTPListenerTests.body.utf8.count)\r\n\r\n" + HTTPListenerTests.body),
    ])
    func badFramingIsAnswered400(_ name: String, _ request: String) throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http())
        let response = Self.raw(listener.port, request)
        #expect(Self.status(response) == 400, "\(name): \(response.prefix(200))")
        #expect(!response.contains("\"ok\"") && !response.contains("\"accepted\""), "\(name): a smuggled request was answered: \(response)")
        #expect(rig.incidentCount == 0)
    }

    @Test func chunkedBodiesAreAcceptedAndHeadHasNoBody() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http())
        let line = Sample.incident("CH-1") + "\n"
        let n = line.utf8.count
        let half = n / 2
        let chunked = "POST /v1/records HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(half, radix: 16) + "\r\n" + String(decoding: Array(line.utf8)[0..<half], as: UTF8.self) + "\r\n"
            + String(n - half, radix: 16) + "\r\n" + String(decoding: Array(line.utf8)[half...], as: UTF8.self) + "\r\n0\r\n\r\n"
        let c = try #require(RawClient(port: listener.port))
        c.send(chunked)
        let r = c.readResponse()
        #expect(Self.status(r) == 200, "\(r)")
        #expect(rig.incidentCount == 1)
        // HEAD on the same keep-alive connection: headers only, then the next response follows cleanly.
        c.send("HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let rest = c.readAll()
        let responses = rest.components(separatedBy: "HTTP/1.1 ")
        #expect(responses.count == 3, "\(rest)")
        #expect(responses.count == 3 && !responses[1].contains("\"ok\"") && responses[2].contains("\"ok\":true"), "\(rest)")
    }

    /// A client that asks `Expect: 100-continue` (curl does for bodies over 1 KiB) hears `100 Continue` before it
    /// sends the body, instead of waiting out its own timer; then the final answer follows on the same connection.
    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http())
        let body = Sample.incident("EXP-1") + "\n"
        let c = try #require(RawClient(port: listener.port, timeoutSeconds: 2))
        c.send("POST /v1/records HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        let interim = c.readResponse()
        #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(interim)")
        c.send(body)
        let final = c.readResponse()
        #expect(Self.status(final) == 200, "\(final)")
        #expect(rig.incidentCount == 1)
        // And curl, which waits a second without it: a 2 KiB body is answered well within that.
        let big = rig.dir + "/big.jsonl"
        try (0..<10).map { Sample.incident("EXP-BIG-\($0)") }.joined(separator: "\n").write(toFile: big, atomically: true, encoding: .utf8)
        let started = Date()
        #expect(try Self.curl(["--data-binary", "@" + big, "http://127.0.0.1:\(listener.port)/v1/records"]).code == 200)
        #expect(Date().timeIntervalSince(started) < 0.9)
        #expect(rig.incidentCount == 11)
    }

    @Test func aClientCutOffMidBodyGetsNoSuccessAndNothingLands() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http())
        let body = Sample.incident("CUT-1") + "\n" + Sample.incident("CUT-2") + "\n"
        do {
            let c = try #require(RawClient(port: listener.port))
            c.send("POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(body.count - 20)))
        }   // closed here, 20 bytes short
        usleep(500_000)
        #expect(rig.incidentCount == 0)
    }

    @Test func open311RequestsLandOnBothPathsAndOtherPathsAre404() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http())
        let base = "http://127.0.0.1:\(listener.port)"
        let one = #"[{"service_request_id":"T311-1","status":"open","service_name":"路灯损坏","service_code":"YL-CG-001","description":"解放路路灯不亮","requested_datetime":"2026-11-19T16:09:57+08:00"}]"#
        let two = one.replacingOccurrences(of: "T311-1", with: "T311-2")
        #expect(try Self.curl(["--data-binary", one, base + "/v1/open311/requests"]).code == 200)
        #expect(try Self.curl(["--data-binary", two, base + "/v1/open311/requests.json"]).code == 200)
        #expect(rig.int("SELECT COUNT(*) FROM hotline_cases") == 2)
        #expect(try Self.curl([base + "/v1/nothing-here"]).code == 404)
    }

    // MARK: Deadlines

    @Test func aHeadThatNeverCompletesIsCutOffWith408() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.headTimeoutSeconds = 1 })
        let c = try #require(RawClient(port: listener.port))
        c.send("GET /heal")
        let r = c.readAll()
        #expect(Self.status(r) == 408, "\(r)")
        #expect(rig.environment.metrics.value("http", .timeoutHead) == 1)
    }

    @Test func aBodyThatTricklesPastItsDeadlineIsCutOffAndNotStored() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.bodyTimeoutSeconds = 1 })
        let c = try #require(RawClient(port: listener.port))
        let body = Sample.incident("SLOW-1")
        c.send("POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(10)))
        #expect(c.closedByPeer(within: 5))
        #expect(rig.environment.metrics.value("http", .timeoutBody) == 1)
        #expect(rig.incidentCount == 0)
    }

    /// An idle keep-alive connection is closed after `idle_timeout_seconds` without an answer, and `/metrics`
    /// says so: the idle counter rises by exactly one, the head and body counters stay where they were.
    @Test func anIdleKeepAliveConnectionIsClosedAndCountedInMetrics() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.idleTimeoutSeconds = 1; $0.guard.headTimeoutSeconds = 10 })
        func metric(_ c: ListenerMetrics.Counter) throws -> Int? {
            let text = try Self.curl(["http://127.0.0.1:\(listener.port)/metrics"]).body
            let line = text.split(separator: "\n").first { $0.hasPrefix("\(c.rawValue){listener=\"http\"} ") }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") }
        }
        #expect(try metric(.timeoutIdle) == 0)
        let c = try #require(RawClient(port: listener.port))
        c.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(Self.status(c.readResponse()) == 200)
        let started = Date()
        #expect(c.closedByPeer(within: 5))
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.9 && waited < 4, "closed after \(waited) s")
        #expect(try metric(.timeoutIdle) == 1)
        #expect(try metric(.timeoutHead) == 0 && metric(.timeoutBody) == 0)
    }

    /// Once the next request on a keep-alive connection begins, its head has `head_timeout_seconds` from its
    /// first byte, however long the idle timeout: a slow head after a good request is still cut off (408).
    @Test func aSlowHeadAfterAKeepAliveRequestHasTheHeadDeadline() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.idleTimeoutSeconds = 30; $0.guard.headTimeoutSeconds = 1 })
        let c = try #require(RawClient(port: listener.port))
        c.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(Self.status(c.readResponse()) == 200)
        usleep(1_500_000)   // idle longer than the head deadline: being idle is allowed
        let started = Date()
        for byte in "GET /heal".utf8 { c.send([byte]); usleep(100_000) }   // then a byte every 0.1 s
        let r = c.readAll()
        #expect(Self.status(r) == 408, "\(r)")
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(rig.environment.metrics.value("http", .timeoutHead) == 1)
        #expect(rig.environment.metrics.value("http", .timeoutIdle) == 0)
    }

    /// The red-team slowloris: 200 connections sending a byte a second for 20 s (reconnecting when cut off).
    /// /healthz keeps answering 200 and a real POST lands meanwhile.
    @Test func slowlorisDoesNotTakeHTTPDown() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.maxConnectionsPerPeer = 1000 })
        let attack = Array("POST /v1/records HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\nX-Padding: ".utf8) + [UInt8](repeating: 0x61, count: 200)
        let stop = Date().addingTimeInterval(20)
        let attacker = Thread {
            var clients: [(RawClient, Int)] = (0..<200).compactMap { _ in RawClient(port: listener.port, timeoutSeconds: 1).map { ($0, 0) } }
            while Date() < stop {
                for i in clients.indices {
                    let (c, sent) = clients[i]
                    if !c.send([attack[sent % attack.count]]) {
                        if let fresh = RawClient(port: listener.port, timeoutSeconds: 1) { clients[i] = (fresh, 0) }
                    } else {
                        clients[i].1 = sent + 1
                    }
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        attacker.start()
        Thread.sleep(forTimeInterval: 2)
        var probes = 0, healthy = 0
        var posted = false
        while Date() < stop.addingTimeInterval(-1) {
            probes += 1
            let (code, _) = try Self.curl(["http://127.0.0.1:\(listener.port)/healthz"])
            if code == 200 { healthy += 1 }
            if !posted {
                let (postCode, answer) = try Self.curl(["--data-binary", Sample.incident("DURING-ATTACK"), "http://127.0.0.1:\(listener.port)/v1/records"])
                #expect(postCode == 200, "\(answer)")
                posted = postCode == 200
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        while Date() < stop { Thread.sleep(forTimeInterval: 0.2) }
        #expect(probes > 10 && healthy == probes, "\(healthy) of \(probes) /healthz probes answered 200")
        #expect(posted && rig.incidentCount == 1)
        #expect(rig.environment.metrics.value("http", .timeoutHead) >= 200, "head timeouts: \(rig.environment.metrics.value("http", .timeoutHead))")
    }

    // MARK: Tokens

    static let fireToken = "wf_fire_dept_token_for_tests"
    static let tokens = [AccessToken(source: "fire-dept", kinds: ["incident"], sha256: SHA256.hex(fireToken)),
                         AccessToken(source: "12345-center", kinds: ["hotline"], sha256: SHA256.hex("wf_hotline_token"))]

    @Test func tokensMissingWrongRightAndWrongKind() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http(tokens: Self.tokens))
        let url = "http://127.0.0.1:\(listener.port)/v1/records"
        let missing = try Self.curl(["--data-binary", Sample.incident("T-1"), url])
        #expect(missing.code == 401, "\(missing.body)")
        let wrong = try Self.curl(["-H", "Authorization: Bearer wf_not_a_token", "--data-binary", Sample.incident("T-2"), url])
        #expect(wrong.code == 401, "\(wrong.body)")
        let kind = try Self.curl(["-H", "Authorization: Bearer \(Self.fireToken)", "--data-binary", Sample.incident("T-3") + "\n" + Sample.hotline("H-1"), url])
        #expect(kind.code == 403 && kind.body.contains("hotline"), "\(kind.body)")
        #expect(rig.incidentCount == 0)
        let right = try Self.curl(["-H", "Authorization: Bearer \(Self.fireToken)", "--data-binary", Sample.incident("T-4", source: "pretends-to-be-police"), url])
        #expect(right.code == 200, "\(right.body)")
        // The token's source is recorded, not what the body claims.
        #expect(rig.int("SELECT COUNT(*) FROM incidents WHERE source = 'fire-dept' AND source_ref = 'T-4'") == 1)
        // Health and metrics need no token.
        #expect(try Self.curl(["http://127.0.0.1:\(listener.port)/healthz"]).code == 200)
        let m = rig.environment.metrics
        #expect(m.value("http", .authMissing) == 1 && m.value("http", .authInvalid) == 1 && m.value("http", .authForbiddenKind) == 1)
    }

    @Test func tokenChecksCompareDigestsNotTokens() {
        let t = BearerTokens(Self.tokens)
        #expect(t.check(authorization: nil) == .missing)
        #expect(t.check(authorization: "Basic abc") == .invalid)
        #expect(t.check(authorization: "Bearer \(Self.fireToken)") == .accepted(Self.tokens[0]))
        #expect(t.check(authorization: "bearer  wf_hotline_token ") == .accepted(Self.tokens[1]))
        #expect(t.check(authorization: "Bearer " + SHA256.hex(Self.fireToken)) == .invalid)   // the stored digest is not a token
        #expect(BearerTokens.constantTimeEqual([1, 2, 3], [1, 2, 3]) && !BearerTokens.constantTimeEqual([1, 2, 3], [1, 2, 4]))
    }

    // MARK: TLS

    @Test func httpsWithCurlAndAThrowawayCertificate() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let (cert, key) = try Tools.selfSigned(in: rig.dir)
        let listener: HTTPListener = try rig.start(Self.http { $0.tls = TLSFiles(certificate: cert, key: key) })
        let posted = try Self.curl(["--cacert", cert, "--data-binary", Sample.incident("TLS-1"), "https://localhost:\(listener.port)/v1/records"])
        #expect(posted.code == 200, "\(posted.body)")
        #expect(rig.incidentCount == 1)
        let health = try Self.curl(["--cacert", cert, "https://127.0.0.1:\(listener.port)/healthz"])
        #expect(health.code == 200)
        // Plain HTTP on the HTTPS port is not served.
        #expect(try Self.curl(["http://127.0.0.1:\(listener.port)/healthz"]).code != 200)
    }

    @Test func aPeerOverItsConnectionCapIsRefusedWhileItsOpenConnectionsAreServed() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let listener: HTTPListener = try rig.start(Self.http { $0.guard.maxConnectionsPerPeer = 2 })
        let a = try #require(RawClient(port: listener.port)), b = try #require(RawClient(port: listener.port))
        #expect(waitUntil(5) { rig.environment.metrics.openConnections("http") == 2 })
        let third = try #require(RawClient(port: listener.port))
        #expect(third.closedByPeer(within: 5))
        #expect(rig.environment.metrics.value("http", .refusedPeerCap) == 1)
        for c in [a, b] {
            c.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(Self.status(c.readResponse()) == 200)
        }
        _ = (a, b)
        #expect(waitUntil(5) { rig.environment.metrics.openConnections("http") == 2 })
    }

    @Test func aPortInUseFailsToStartWithAReason() throws {
        let rig = try ListenerRig()
        defer { rig.close() }
        let first: HTTPListener = try rig.start(Self.http())
        let second = rig.environment.factory(Self.http("http-2") { $0.port = first.port }, rig.pipeline, { _ in })
        #expect(throws: SourceError.self) { try second.start() }
    }
}
