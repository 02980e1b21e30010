// The thread-safe mailbox between the bus watcher's thread and the UI loop.

import Foundation
import WatchfloorStore

/// Bus batches pushed from any thread; the UI loop drains them, and can sleep until one arrives.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BusEvent] = []
    private let signal = DispatchSemaphore(value: 0)

    func push(_ batch: [BusEvent]) {
        lock.lock()
        let wasEmpty = events.isEmpty
        events += batch
        lock.unlock()
        if wasEmpty { signal.signal() }
    }

    /// Ends a `wait` early without delivering anything (an action finished on another thread).
    func wake() { signal.signal() }

    /// Everything that arrived since the last drain, in order.
    func drain() -> [BusEvent] {
        lock.lock(); defer { lock.unlock() }
        let out = events
        events.removeAll(keepingCapacity: true)
        return out
    }

    private var lost = false
    /// Set from the bus watcher's thread while its connection to a PostgreSQL store is down.
    var reconnecting: Bool {
        get { lock.lock(); defer { lock.unlock() }; return lost }
        set { lock.lock(); lost = newValue; lock.unlock(); signal.signal() }
    }

    /// Sleeps until something is pushed or `milliseconds` pass.
    func wait(milliseconds: Int) {
        guard milliseconds > 0 else { return }
        _ = signal.wait(timeout: .now() + .milliseconds(milliseconds))
    }
}
