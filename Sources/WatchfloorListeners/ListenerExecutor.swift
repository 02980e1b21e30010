import Dispatch
import NIOCore

/// Where the HTTP server's async work runs (Hummingbird's connection tasks and the route handlers): a concurrent
/// dispatch queue, not Swift's cooperative pool. The pool has one thread per core — two here — and any code in
/// the process that blocks one of them (a synchronous wait, a test's sleep) would otherwise stall every HTTP
/// connection; dispatch adds threads when some block, so the listener keeps answering.
final class ListenerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ListenerExecutor()
    private let queue = DispatchQueue(label: "watchfloord.listeners", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { unowned.runSynchronously(on: executor) }
    }
}

/// Runs one HTTP connection's async work (Hummingbird's request loop and the route handlers) on the connection's
/// own event loop. The request parts arrive there and the response is written there, so a request costs no
/// thread hop on the way in or out; on two cores each hop was a wake-up of another thread. What may block or take
/// long leaves the loop: large bodies and back-pressure go to `HTTPIngestRoute.work`, `/healthz` and `/metrics`
/// (which ask the daemon and its store) to `ListenerExecutor`.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let loop: any EventLoop
    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { unowned.runSynchronously(on: executor) }
    }
}
