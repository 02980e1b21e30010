import Foundation
import WatchfloorCore
import WatchfloorStore

/// Sources hand units to the pipeline; the pipeline decodes them on the caller's thread (`UnitDecoder`), queues
/// them, and one writer thread commits them in batches (`BatchCommitter`): one transaction per source per batch,
/// each unit's checkpoint in the same transaction as its records.
///
/// Latency is bounded by group commit: the writer takes everything queued (up to `batchMaxRecords`) as soon as it
/// is free, so a lone record waits for at most one commit in progress plus its own; under load the batches grow
/// by themselves. Sources block in `submit` while `queueMaxRecords` are waiting (back-pressure).
public final class IngestPipeline: @unchecked Sendable {
    public let store: Store
    public let metrics = PipelineMetrics()
    public private(set) var config: PipelineConfig
    private var decoder: UnitDecoder
    private let committer: BatchCommitter
    /// Everything the writer committed since start.
    public private(set) var totals = BatchOutcome()
    /// Called with a line for the log (commit failures, dead-lettered units).
    public var log: @Sendable (String) -> Void = { _ in }

    private let cond = NSCondition()
    private var queue: [DecodedUnit] = []
    private var head = 0
    private var queuedRecords = 0
    private var queuedBytes = 0
    /// What one statement (`BatchCost`) has recently cost the writer in wall time, in nanoseconds. The first
    /// guess (25 µs, a slow new alert) keeps the first batch short too.
    private var nanosecondsPerStatement = 25_000.0
    private var busy = false
    private var stopping = false
    private var pendingConfig: PipelineConfig?
    private var thread: Thread?
    private var stopped = false
    /// Copies the log back into the database beside the writer (`WALCheckpointer`); nil when it could not open.
    private var checkpointer: WALCheckpointer?

    public init(store: Store, config: PipelineConfig) throws {
        self.store = store
        self.config = config
        decoder = UnitDecoder(config: config)
        committer = try BatchCommitter(store: store, config: config)
        metrics.queueDepthRecords = { [weak self] in self?.depth() ?? (0, 0) }
    }

    public var decoderSnapshot: UnitDecoder { cond.lock(); defer { cond.unlock() }; return decoder }

    // MARK: Submitting

    /// Decodes `unit` on the calling thread and queues it; returns what was decoded. `completion` runs on the
    /// writer thread after the commit.
    @discardableResult
    public func submit(_ unit: IngestUnit, completion: (@Sendable (Result<Void, Error>) -> Void)? = nil) -> DecodeResult {
        let result = decoderSnapshot.decode(unit)
        metrics.decoded(source: unit.source, result)
        var d = DecodedUnit(source: unit.source, result: result, checkpoint: unit.checkpoint)
        d.completion = completion
        d.inputBytes = unit.inputBytes
        enqueue(d)
        return result
    }

    /// Decodes `unit`, lets `admit` look at and amend the result before anything is queued (an authenticated
    /// listener stamps the sender on the records, or refuses kinds the sender may not submit by throwing), then
    /// queues it. When `admit` throws, nothing is queued or counted and the error is rethrown.
    @discardableResult
    public func submit(_ unit: IngestUnit, admit: (inout DecodeResult) throws -> Void,
                       completion: @escaping @Sendable (Result<Void, Error>) -> Void) throws -> DecodeResult {
        var d = try decode(unit, admit: admit)
        d.completion = completion
        enqueue(d)
        return d.result
    }

    /// The first half of `submit(_:admit:completion:)`: decodes, admits and counts `unit`, queueing nothing.
    /// Hand the result to `tryEnqueue` or `enqueue`.
    public func decode(_ unit: IngestUnit, admit: (inout DecodeResult) throws -> Void) throws -> DecodedUnit {
        var result = decoderSnapshot.decode(unit)
        try admit(&result)
        metrics.decoded(source: unit.source, result)
        var d = DecodedUnit(source: unit.source, result: result, checkpoint: unit.checkpoint)
        d.inputBytes = unit.inputBytes
        return d
    }

    /// Seconds the oldest queued unit has waited for the writer (0 when nothing waits).
    public func oldestQueuedAgeSeconds() -> Double {
        cond.lock(); defer { cond.unlock() }
        guard head < queue.count else { return 0 }
        let now = DispatchTime.now().uptimeNanoseconds
        return now > queue[head].queuedAt ? Double(now - queue[head].queuedAt) / 1e9 : 0
    }

    /// Submits and waits for the commit: HTTP answers only once its records are in the store.
    public func submitAndWait(_ unit: IngestUnit) -> (DecodeResult, Result<Void, Error>) {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let decoded = submit(unit) { r in box.set(r); done.signal() }
        done.wait()
        return (decoded, box.get())
    }

    /// Queues an already decoded unit (blocks while the queue is full).
    public func enqueue(_ unit: DecodedUnit) { _ = enqueue(unit, wait: true) }

    /// Queues an already decoded unit if the queue has room now; false, with nothing queued, when it is full.
    /// For callers that must never block, such as an HTTP event loop: they hand the unit to a thread that may.
    public func tryEnqueue(_ unit: DecodedUnit) -> Bool { enqueue(unit, wait: false) }

    private func enqueue(_ unit: DecodedUnit, wait: Bool) -> Bool {
        var u = unit
        u.queuedAt = DispatchTime.now().uptimeNanoseconds
        if u.costKeys == nil { u.costKeys = BatchCost.keys(u) }
        cond.lock()
        while (queuedRecords >= config.queueMaxRecords || queuedBytes >= config.queueMaxBytes) && !stopping && thread != nil {
            if !wait { cond.unlock(); return false }
            cond.wait()
        }
        if stopped {
            cond.unlock()
            u.completion?(.failure(PipelineStopped()))
            return true
        }
        queue.append(u)
        queuedRecords += u.recordCount
        queuedBytes += u.inputBytes
        cond.broadcast()
        cond.unlock()
        return true
    }

    public struct PipelineStopped: Error, CustomStringConvertible { public var description: String { "the daemon is shutting down" } }

    func depth() -> (Int, Int) { cond.lock(); defer { cond.unlock() }; return (queue.count - head, queuedRecords) }

    // MARK: Writer thread

    public func start() {
        cond.lock(); defer { cond.unlock() }
        guard thread == nil else { return }
        // Only a SQLite store has a write-ahead log to copy back; PostgreSQL checkpoints on its own.
        if store.engine == .sqlite {
            checkpointer = try? WALCheckpointer(path: store.path)
            checkpointer?.start()
        }
        let t = Thread { [self] in self.writerLoop() }
        t.name = "watchfloord-writer"
        thread = t
        t.start()
    }

    /// New rules, assets or batch sizes. Decoding picks them up at once, the writer before its next batch.
    public func reconfigure(_ new: PipelineConfig) {
        cond.lock()
        config = new
        decoder = UnitDecoder(config: new)
        pendingConfig = new
        cond.broadcast()
        cond.unlock()
    }

    /// Waits until everything queued so far is committed.
    public func flush() {
        cond.lock()
        while (head < queue.count || busy) && thread != nil { cond.wait() }
        cond.unlock()
    }

    /// Commits what is queued, then stops the writer. Later submissions fail with `PipelineStopped`.
    public func drain() {
        cond.lock()
        stopping = true
        cond.broadcast()
        while thread != nil && !stopped { cond.wait() }
        stopped = true
        let checkpointer = checkpointer
        self.checkpointer = nil
        cond.unlock()
        checkpointer?.stop()
    }

    private func writerLoop() {
        while true {
            cond.lock()
            while head == queue.count && !stopping { cond.wait() }
            if head == queue.count && stopping {
                stopped = true
                cond.broadcast()
                cond.unlock()
                return
            }
            if config.lingerMilliseconds > 0 && !stopping {
                let deadline = queue[head].queuedAt + UInt64(config.lingerMilliseconds) * 1_000_000
                while queuedRecords < config.batchMaxRecords && !stopping {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if now >= deadline { break }
                    _ = cond.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
                }
            }
            if let c = pendingConfig { committer.reconfigure(c); pendingConfig = nil }
            var take: [DecodedUnit] = []
            var records = 0
            var bytes = 0
            var cost = BatchCost()
            var statements = 0
            let budget = statementsPerBatch()
            while head < queue.count && (take.isEmpty || records + queue[head].recordCount <= config.batchMaxRecords) {
                let n = cost.add(queue[head])
                if statements + n > budget && !take.isEmpty { break }
                statements += n
                records += queue[head].recordCount
                bytes += queue[head].inputBytes
                take.append(queue[head])
                // Drop the queue's copy now: a consumed unit must not hold its records until the queue is compacted.
                queue[head] = DecodedUnit.consumed
                head += 1
            }
            if head > 1024 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
            busy = true
            cond.unlock()

            let started = DispatchTime.now().uptimeNanoseconds
            let startedCPU = Self.threadCPUNanoseconds()
            commitWithRetry(take)
            // Wall time, because that is how long the write lock was held: what an operator's action waits.
            let took = DispatchTime.now().uptimeNanoseconds - started
            let tookCPU = Self.threadCPUNanoseconds() - startedCPU

            cond.lock()
            busy = false
            queuedRecords -= records
            queuedBytes -= bytes
            if statements > 0 {
                // The cost per statement is learned in the writer's CPU time (user and system: the log writes
                // count), which is its wall time on a machine with a core to spare. On an oversubscribed one, wall
                // time also counts the time the writer waited for a core: learning from it cut batches of
                // low-cardinality EVE to ~130 observations (load 18 on 2 cores), so they hardly folded, and every
                // observation paid an upsert, which slowed the writer further.
                let sample = Double(tookCPU) / Double(statements)
                nanosecondsPerStatement = 0.7 * nanosecondsPerStatement + 0.3 * sample
            }
            let pause = config.commitPauseMicroseconds
            let checkpointer = checkpointer
            cond.broadcast()
            cond.unlock()
            checkpointer?.request()
            metrics.batchTook(nanoseconds: took)
            if pause > 0 && took >= 2_000_000 { usleep(useconds_t(pause)) }
        }
    }

    /// CPU time the calling thread has used, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Statements that fit in `batchMaxMilliseconds` at the recent cost per statement (called with `cond` held).
    private func statementsPerBatch() -> Int {
        max(1, Int(Double(config.batchMaxMilliseconds) * 1_000_000 / max(nanosecondsPerStatement, 1)))
    }

    /// Transient failures (the store busy beyond its timeout, I/O) are retried with back-off and never lose a
    /// unit. Any other failure is isolated: the units are retried one by one, and a unit the store refuses is
    /// dead-lettered (with its checkpoint, so the source moves on) instead of blocking the feed.
    private func commitWithRetry(_ units: [DecodedUnit]) {
        var delay = 0.05
        while true {
            do {
                let out = try committer.commit(units)
                finish(units, out, .success(()))
                return
            } catch let e as SQLiteError where e.isBusy || isTransient(e) {
                metrics.failed(e)
                log("store busy or unavailable, retrying in \(String(format: "%.1f", delay)) s: \(e)")
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 5)
            } catch {
                metrics.failed(error)
                if units.count > 1 {
                    log("batch of \(units.count) units failed (\(error)); retrying unit by unit")
                    for u in units { commitWithRetry([u]) }
                    return
                }
                let u = units[0]
                log("source \(u.source): the store refused a unit (\(error)); dead-lettering it")
                var dead = DecodedUnit(source: u.source, result: DecodeResult(rejections: [Rejection(
                    position: u.result.rejections.first?.position ?? "unit", reason: "store refused the records: \(error)",
                    raw: [])] + u.result.rejections), checkpoint: u.checkpoint)
                dead.queuedAt = u.queuedAt
                do {
                    let out = try committer.commit([dead])
                    finish([u], out, .failure(error))
                } catch {
                    log("source \(u.source): could not even dead-letter the unit: \(error)")
                    finish([u], BatchOutcome(), .failure(error))
                }
                return
            }
        }
    }

    private func isTransient(_ e: SQLiteError) -> Bool {
        let primary = e.code & 0xFF
        return primary == 10 /* IOERR */ || primary == 13 /* FULL */ || primary == 14 /* CANTOPEN */
    }

    private func finish(_ units: [DecodedUnit], _ out: BatchOutcome, _ result: Result<Void, Error>) {
        metrics.committed(units, now: DispatchTime.now().uptimeNanoseconds)
        cond.lock()
        totals.merge(out)
        cond.unlock()
        for u in units { u.completion?(result) }
    }

    // MARK: Synchronous use (the CLI, tests)

    /// Decodes and commits on the calling thread, without the writer thread: `watchfloor ingest`.
    @discardableResult
    public func ingestNow(_ units: [IngestUnit]) throws -> (DecodeResult, BatchOutcome) {
        var all = DecodeResult()
        var decoded: [DecodedUnit] = []
        for u in units {
            let r = decoderSnapshot.decode(u)
            metrics.decoded(source: u.source, r)
            all.merge(r)
            decoded.append(DecodedUnit(source: u.source, result: r, checkpoint: u.checkpoint))
        }
        var out = BatchOutcome()
        var chunk: [DecodedUnit] = []
        var n = 0
        for d in decoded {
            chunk.append(d); n += d.recordCount
            if n >= config.batchMaxRecords { out.merge(try committer.commit(chunk)); chunk = []; n = 0 }
        }
        if !chunk.isEmpty { out.merge(try committer.commit(chunk)) }
        cond.lock(); totals.merge(out); cond.unlock()
        return (all, out)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<Void, Error> = .success(())
    func set(_ r: Result<Void, Error>) { lock.lock(); value = r; lock.unlock() }
    func get() -> Result<Void, Error> { lock.lock(); defer { lock.unlock() }; return value }
}
