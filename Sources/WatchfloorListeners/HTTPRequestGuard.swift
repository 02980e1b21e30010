import Foundation
import NIOCore
import NIOHTTP1
import WatchfloorCore

/// Sits between NIO's HTTP/1 decoder (llhttp) and Hummingbird, on the decoded request parts:
/// - **deadlines**: a complete request head must arrive within `headTimeout` of the connection opening, or of the
///   first byte of a later request on a keep-alive connection, and its body within `bodyTimeout` of the head. A
///   slowloris client sending a byte a second is cut off instead of holding the connection forever (an idle timer
///   alone restarts on every byte).
/// - **idle keep-alive**: between a response and the first byte of the next request, the connection may stay
///   silent for `idleTimeout`; then it is closed without an answer (as nginx's `keepalive_timeout` does) and
///   counted as an idle timeout. `ByteWatch`, in front of the HTTP decoder, tells the guard when that first byte
///   comes. This replaces Hummingbird's own idle timer, which closes without a trace in `/metrics`.
/// - **`Expect: 100-continue`**: answered with `100 Continue` at once, so a client that asks (curl, for any
///   body over 1 KiB) sends its body without first waiting out its own one-second timer.
/// - **framing** (RFC 9112 §6.1, §6.3, §3.2) that llhttp lets through: HTTP/1.1 without exactly one Host; a
///   Transfer-Encoding other than exactly `chunked`, or one split over two header lines. Each gets 400 and
///   the connection closes before Hummingbird sees the request. (llhttp itself already refuses Transfer-Encoding
///   with Content-Length, a signed or non-numeric Content-Length and bare CR — see HTTPFramingTests.)
final class HTTPRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    enum State { case idle, awaitingHead, readingBody, handling, refused }

    let shared: ListenerShared
    let headTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    let idleTimeout: TimeAmount
    private var state = State.awaitingHead
    /// One timer per connection, re-armed lazily (see `arm`): the deadline that is in force and what passing it
    /// means, and the one task scheduled on the loop with when it fires.
    private var deadline: NIODeadline?
    private var deadlineCounter = ListenerMetrics.Counter.timeoutHead
    private var timer: Scheduled<Void>?
    private var timerFiresAt = NIODeadline.distantFuture

    init(shared: ListenerShared, headTimeout: TimeAmount, bodyTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.shared = shared; self.headTimeout = headTimeout; self.bodyTimeout = bodyTimeout; self.idleTimeout = idleTimeout
    }

    /// Sits before the HTTP decoder and tells the guard when bytes arrive on an idle keep-alive connection: from
    /// then on the next head has `headTimeout`, however slowly it trickles in.
    final class ByteWatch: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let guarded: HTTPRequestGuard
        init(_ guarded: HTTPRequestGuard) { self.guarded = guarded }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if guarded.state == .idle, let c = guarded.context {
                guarded.state = .awaitingHead
                guarded.arm(c, guarded.headTimeout, .timeoutHead)
            }
            context.fireChannelRead(data)
        }
    }

    /// The guard's own context, for `ByteWatch` (both handlers live on the channel's one event loop).
    private var context: ChannelHandlerContext?

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(context, headTimeout, .timeoutHead) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, headTimeout, .timeoutHead)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if state == .refused { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let problem = Self.framingProblem(head) {
                shared.metrics.bump(shared.name, .framingRejected)
                shared.refusals.refuse(listener: shared.name, peer: context.remoteAddress?.ipAddress ?? "unknown", reason: "400 \(problem)")
                refuse(context, status: .badRequest, version: head.version, reason: problem)
                return
            }
            state = .readingBody
            arm(context, bodyTimeout, .timeoutBody)
            if Self.expectsContinue(head) {
                // curl asks before any body over 1 KiB and waits a second for this; neither NIO nor Hummingbird sends it.
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
        case .body: break
        case .end:
            deadline = nil
            state = .handling
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), state == .handling {
            state = .idle
            arm(context, idleTimeout, .timeoutIdle)
        }
        context.write(data, promise: promise)
    }

    /// Puts `counter`'s deadline in force, `after` from now. Each request moves the deadline three times (head,
    /// body, idle); scheduling and cancelling a loop task for each move cost more than the rest of the guard. So
    /// the scheduled task stays while the new deadline is later than it, and when it fires early it schedules
    /// itself again for the deadline then in force; only a sooner deadline (idle → head) replaces it.
    fileprivate func arm(_ context: ChannelHandlerContext, _ after: TimeAmount, _ counter: ListenerMetrics.Counter) {
        let due = NIODeadline.now() + after
        deadline = due
        deadlineCounter = counter
        if timer == nil || due < timerFiresAt { schedule(context, at: due) }
    }

    private func schedule(_ context: ChannelHandlerContext, at due: NIODeadline) {
        timer?.cancel()
        timerFiresAt = due
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) { [self] in
            timer = nil
            timerFiresAt = .distantFuture
            guard let due = deadline else { return }
            let context = loopBound.value
            if NIODeadline.now() < due { schedule(context, at: due); return }
            expired(context, deadlineCounter)
        }
    }

    private func cancelTimer() {
        timer?.cancel(); timer = nil
        timerFiresAt = .distantFuture
        deadline = nil
    }

    private func expired(_ context: ChannelHandlerContext, _ counter: ListenerMetrics.Counter) {
        deadline = nil
        shared.metrics.bump(shared.name, counter)
        if counter == .timeoutHead && state == .awaitingHead {
            refuse(context, status: .requestTimeout, version: .http1_1, reason: "no complete request head within \(Self.seconds(headTimeout)) s")
        } else if counter == .timeoutIdle {
            // A keep-alive connection nobody uses: closing it is routine, there is no request to answer.
            state = .refused
            context.close(promise: nil)
        } else {
            // Mid-body: the request was never complete, so it gets no answer and nothing of it is stored.
            state = .refused
            context.close(promise: nil)
        }
    }

    /// Answers with a small JSON error and closes; later bytes on the connection are ignored.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponseStatus, version: HTTPVersion, reason: String) {
        state = .refused
        cancelTimer()
        let body = JSONValue.object(["error": .string(reason)]).serialized + "\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version.major == 1 ? version : .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let closing = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in closing.value.close(promise: nil) }
    }

    static func seconds(_ t: TimeAmount) -> String {
        let s = Double(t.nanoseconds) / 1e9
        return s == s.rounded() ? String(Int(s)) : String(s)
    }

    /// An HTTP/1.1 request that waits for `100 Continue` before sending its body (RFC 9110 §10.1.1).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.version.major == 1 && head.version.minor >= 1
            && head.headers["Expect"].contains { $0.trimmingCharacters(in: [" ", "\t"]).lowercased() == "100-continue" }
    }

    /// Why a request head that llhttp accepted must still be refused (nil when it is fine).
    static func framingProblem(_ head: HTTPRequestHead) -> String? {
        if head.version.major == 1, head.version.minor >= 1 {
            let hosts = head.headers["Host"]
            if hosts.isEmpty { return "HTTP/1.1 request without a Host header" }
            if hosts.count > 1 { return "more than one Host header" }
        }
        let te = head.headers["Transfer-Encoding"]
        if te.count > 1 { return "Transfer-Encoding given on more than one header line" }
        if let value = te.first {
            let codings = value.split(separator: ",").map { $0.trimmingCharacters(in: [" ", "\t"]).lowercased() }
            if codings != ["chunked"] { return "Transfer-Encoding '\(value)' is not supported (only chunked)" }
        }
        return nil
    }
}
