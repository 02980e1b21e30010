import Dispatch

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
