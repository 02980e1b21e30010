// Operator actions run off the UI loop, on their own connection, retried while the store is busy.
//
// Why: an action is a write transaction (`BEGIN IMMEDIATE`), and while another process holds the store's write
// lock (the daemon in a large batch, a `sqlite3` shell, a backup) it waits. Run on the loop, that wait froze the
// clock, the alarm flash and live updates, and ended in a raw `SQLite error 5` with the action lost. Here the wait
// happens on a serial queue with a connection of its own (so the loop's reads never queue behind it): a busy store
// is reported at once (the status bar shows "store busy" and the pending action), the action is retried until it
// lands, and only after `retryLimitMs` is it reported as not done, in a sentence.

import Foundation
import WatchfloorCore
import WatchfloorStore

final class ActionRunner: @unchecked Sendable {
    private let queue = DispatchQueue(label: "watchfloor.ui.actions")
    private let store: Store
    private let lock = NSLock()
    private var outcomes: [Message] = []
    /// Called (on the runner's queue) whenever an outcome is queued, to wake the UI loop.
    var wake: @Sendable () -> Void = {}
    /// How long one attempt waits for the write lock before the store counts as busy.
    let attemptTimeoutMs: Int32 = 250
    /// How long a busy store is retried before the action is reported as not done.
    var retryLimitMs = 120_000

    /// `store`: a Store of the runner's own (another connection to the same file), so a long wait for the write
    /// lock never holds the lock the UI loop's reads take.
    init(store: Store) {
        self.store = store
        store.setBusyTimeout(milliseconds: attemptTimeoutMs)
    }

    /// Starts `request` as action `id`; its outcome arrives through `drain()` as `.actionFinished(id, …)`, preceded
    /// by `.storeBusy(id)` if the store was busy on the first try.
    func submit(id: Int, _ request: ActionRequest, actor: String, language: Language, describe: @escaping @Sendable (ActionRefused) -> String) {
        let started = DispatchTime.now().uptimeNanoseconds
        queue.async { [self] in
            var reportedBusy = false
            while true {
                do {
                    let name = try ActionRunner.execute(request, OperatorActions(store: store, actor: actor))
                    let verb = ActionVerb.pastTense(name)
                    let item = request.item.display
                    post(.actionFinished(id, .actionDone(language == .zh ? "已\(verb.zh) \(item)" : "\(verb.en) \(item)")))
                    return
                } catch let e as SQLiteError where e.isBusy {
                    if !reportedBusy { reportedBusy = true; post(.storeBusy(id)) }
                    let waitedMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
                    if waitedMs >= retryLimitMs {
                        post(.actionFinished(id, .failed(ActionRunner.gaveUp(request, seconds: waitedMs / 1000, language))))
                        return
                    }
                    Thread.sleep(forTimeInterval: 0.1)
                } catch let refused as ActionRefused {
                    post(.actionFinished(id, .actionRefused(describe(refused))))
                    return
                } catch let refused as any LocalizedRefusal {
                    post(.actionFinished(id, .actionRefused(refused.message(language))))
                    return
                } catch ActionRunnerError.notApplicable {
                    post(.actionFinished(id, .failed(language.pick("无法执行此操作", "that action does not apply"))))
                    return
                } catch {
                    post(.actionFinished(id, .failed("\(error)")))
                    return
                }
            }
        }
    }

    /// Outcomes that arrived since the last drain, in order.
    func drain() -> [Message] {
        lock.lock(); defer { lock.unlock() }
        let out = outcomes
        outcomes.removeAll()
        return out
    }

    /// Blocks until every submitted action has finished (tests; leaving the UI).
    func waitUntilIdle() { queue.sync {} }

    private func post(_ message: Message) {
        lock.lock()
        outcomes.append(message)
        lock.unlock()
        wake()
    }

    static func gaveUp(_ r: ActionRequest, seconds: Int, _ language: Language) -> String {
        language.pick("存储忙（另一进程占着写锁）已 \(seconds) 秒，\(r.item.display) 的操作没有执行，请稍后重试",
                      "the store stayed busy (another process holds its write lock) for \(seconds) s: the action on \(r.item.display) was NOT recorded; try again")
    }

    /// Runs one request with the version the operator saw; returns the action's name for the outcome line.
    static func execute(_ r: ActionRequest, _ actions: OperatorActions) throws -> String {
        let v = r.expectedVersion
        switch (r.verb, r.item) {
        case (.acknowledge, .incident(let id)): try actions.acknowledge(incident: id, expectedVersion: v); return "acknowledge"
        case (.assign(let who), .incident(let id)): try actions.assign(incident: id, to: who, expectedVersion: v); return "assign"
        case (.escalate, .incident(let id)): try actions.escalate(incident: id, expectedVersion: v); return "escalate"
        case (.resolve, .incident(let id)): try actions.resolve(incident: id, expectedVersion: v); return "resolve"
        case (.close, .incident(let id)): try actions.close(incident: id, expectedVersion: v); return "close"
        case (.accept, .hotline(let t)): try actions.accept(hotline: t, expectedVersion: v); return "accept"
        case (.transfer(let dept), .hotline(let t)): try actions.transfer(hotline: t, to: dept, expectedVersion: v); return "transfer"
        case (.reply(let text), .hotline(let t)): try actions.reply(hotline: t, expectedVersion: v, note: text); return "reply"
        case (.callback(let result, let satisfaction), .hotline(let t)):
            try actions.callback(hotline: t, result: result, satisfaction: satisfaction, expectedVersion: v); return "callback"
        case (.revealPhone, .hotline(let t)): _ = try actions.revealPhone(hotline: t); return "reveal_phone"
        case (.close, .hotline(let t)): try actions.close(hotline: t, expectedVersion: v); return "close"
        case (.acknowledge, .alert(let a)): try actions.acknowledge(alert: a, expectedVersion: v); return "acknowledge"
        case (.close, .alert(let a)): try actions.close(alert: a, expectedVersion: v); return "close"
        case (.suppress(let minutes), .alert(let a)):
            try actions.suppress(alert: a, until: actions.store.clock().adding(seconds: Int64(minutes) * 60), expectedVersion: v)
            return "suppress"
        case (.assess, .topic(let t)): try actions.assess(topic: t, expectedVersion: v); return "assess"
        case (.respond(let channel, let text), .topic(let t)):
            try actions.respond(topic: t, channel: channel, content: text, expectedVersion: v); return "respond"
        case (.monitor, .topic(let t)): try actions.monitor(topic: t, expectedVersion: v); return "monitor"
        case (.close, .topic(let t)): try actions.close(topic: t, expectedVersion: v); return "close"
        case (.note(let text), let item): try actions.addNote(kind: item.kind, id: item.id, text: text); return "note"
        default: throw ActionRunnerError.notApplicable
        }
    }
}

enum ActionRunnerError: Error { case notApplicable }
