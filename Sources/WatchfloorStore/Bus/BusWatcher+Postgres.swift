import Foundation
import Glibc
import WatchfloorCore

extension BusWatcher {
    /// The watcher on a PostgreSQL store: LISTEN on the store's channel (the `events` insert trigger NOTIFYs at
    /// commit), wait on the connection's socket, read by `seq` after each wake-up — and every 250 ms as a safety
    /// net. A lost connection is reopened every half second; after it is back the watcher LISTENs again and
    /// catches up from the last `seq` it delivered, so nothing committed meanwhile is missed or delivered twice.
    func runListening(connection: Connection, after start: Int64, onEvents: @escaping @Sendable ([BusEvent]) -> Void) {
        guard let pg = connection.pg else { return }
        var last = start
        var listening = -1
        var connected = true
        func drain() -> Bool {
            while true {
                guard let batch = try? EventLog.events(connection, after: last, limit: 2000) else { return false }
                if let seq = batch.last?.seq { last = seq; onEvents(batch) }
                if batch.count < 2000 { return true }
            }
        }
        while !isStopped {
            if listening != pg.generation || pg.isBroken {
                do {
                    try pg.exec("LISTEN \"\(pg.channel)\"")
                    listening = pg.generation
                } catch {
                    if connected { connected = false; onConnectionChange?(false) }
                    Thread.sleep(forTimeInterval: 0.5)
                    continue
                }
                guard drain() else { continue }
                if !connected { connected = true; onConnectionChange?(true) }
            }
            var pfd = pollfd(fd: pg.socket, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 250)
            if isStopped { break }
            _ = pg.drainNotifications()
            if pg.isBroken { continue }
            _ = drain()
        }
    }
}
