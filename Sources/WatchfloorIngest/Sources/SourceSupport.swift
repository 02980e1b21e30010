import Foundation

/// Why a source could not start or stopped: said so a person can fix it ("port in use", "no such directory").
public struct SourceError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var message: String
    public init(source: String, message: String) { self.source = source; self.message = message }
    public var description: String { "\(source): \(message)" }
}

/// A flag and a set of worker threads a listener waits for when it stops.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var workers = 0
    private let idle = NSCondition()

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    func stop() { lock.lock(); stopped = true; lock.unlock() }

    /// Counts a worker thread in; false when stopping (or `limit` workers already run).
    @discardableResult
    func enter(limit: Int = .max) -> Bool {
        idle.lock(); defer { idle.unlock() }
        if isStopped || workers >= limit { return false }
        workers += 1
        return true
    }
    func leave() { idle.lock(); workers -= 1; idle.broadcast(); idle.unlock() }
    func waitForWorkers() { idle.lock(); while workers > 0 { idle.wait() }; idle.unlock() }
}

