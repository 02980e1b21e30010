import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the event bus; --follow keeps tailing it (every process's commits, in order).",
        discussion: "JSON lines carry seq, at (ISO-8601 UTC, milliseconds), topic, entity_kind, entity_id, actor, data, and hash for audited events.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Keep running and print new events as they are committed.") var follow = false
    @Flag(help: "One JSON object per line.") var json = false
    @Option(help: "Start after this sequence number (default: the beginning; with --follow and no --after, the end).") var after: Int64?
    @Option(help: "Without --follow: at most this many events.") var limit = 1000
    @Option(help: "How --follow wakes: inotify (default) or data-version (poll every 10 ms).") var wake: String = "inotify"

    func run() async throws {
        let store = try reportingErrors { try global.openStore() }
        let offset = try reportingErrors { try global.settings().offsetSeconds }
        let scope = try reportingErrors(global) { try global.countyScope(store) }
        setvbuf(stdout, nil, _IOLBF, 0)
        func emit(_ e: BusEvent) {
            if let scope, !scope.contains(e.county) { return }
            if json { print(e.json.serialized) } else {
                print("#\(e.seq)  \(localTime(e.at, offset: offset))  \(e.topic)  \(e.entityKind):\(e.entityID)  \(e.actor)")
            }
        }
        if !follow {
            let events = try reportingErrors { try store.withConnection { try EventLog.events($0, after: after ?? 0, limit: limit) } }
            events.forEach(emit)
            return
        }
        guard let mode = BusWatcher.WakeMode(rawValue: wake) else {
            throw ValidationError("--wake must be data-version or inotify")
        }
        let start = try after ?? reportingErrors { try store.withConnection { try EventLog.latestSeq($0) } }
        let watcher = BusWatcher(path: store.path, mode: mode)
        for await event in watcher.events(after: start) { emit(event) }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit hash chain.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the chain; name the first broken link. Exit 0 only if intact.",
            discussion: """
            With --against FILE…, also check that the log still holds the audit chain anchor each exported handover \
            recorded (the last audited event's seq and hash at export): a log truncated or re-chained since that \
            export is caught even though the remaining chain is internally consistent. Exit 2 when anything fails.
            """)
        @OptionGroup var global: GlobalOptions
        @Flag var json = false
        @Option(name: .long, parsing: .upToNextOption, help: "Exported handover documents whose anchors must hold.")
        var against: [String] = []

        func run() throws {
            try reportingErrors {
                let store = try global.openStore()
                let report = try store.withConnection { try AuditChain.verify($0) }
                var anchors: [JSONValue] = []
                var lines: [String] = []
                var anchorsOK = true
                for file in against {
                    guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
                    guard let anchor = AuditHead.find(in: [UInt8](data)) else {
                        throw CLIError("\(file) carries no audit chain anchor (exported before anchoring, or not a handover)")
                    }
                    let check = try store.withConnection { try AuditChain.check($0, anchor: anchor) }
                    anchorsOK = anchorsOK && check.ok
                    lines.append("\(file): \(check.ok ? "anchor #\(anchor.seq) holds" : "ANCHOR FAILS: " + check.sentence(anchor))")
                    anchors.append(["file": .string(file), "seq": .int(anchor.seq), "hash": .string(anchor.hash), "ok": .bool(check.ok),
                                    "reason": check.ok ? .null : .string(check.sentence(anchor))])
                }
                if json {
                    var o: [String: JSONValue] = ["ok": .bool(report.ok && anchorsOK), "checked": .int(Int64(report.checked)),
                                                  "first_broken_seq": report.firstBroken.map { .int($0.seq) } ?? .null,
                                                  "reason": .from(report.firstBroken?.reason)]
                    if !against.isEmpty { o["anchors"] = .array(anchors) }
                    printJSON(.object(o))
                } else {
                    if let broken = report.firstBroken {
                        print("audit chain BROKEN at event #\(broken.seq): \(broken.reason) (\(report.checked) audited events checked)")
                    } else {
                        print("audit chain intact: \(report.checked) audited events")
                    }
                    for line in lines { print(line) }
                }
                if !report.ok || !anchorsOK { throw ExitCode(2) }
            }
        }
    }
}
