import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorReports
import WatchfloorStore

/// `watchfloor handover accept|verify FILE`: the incoming lead's half of the sign-over.
struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover", abstract: "Accept or verify an exported shift handover.",
        subcommands: [Accept.self, Verify.self])

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record receipt of a handover document (audited); refuses a file this store never exported.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The exported handover file.") var file: String
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let settings = try global.settings()
                let service = try HandoverService(store: try global.openStore(), settings: settings)
                let outcome: AcceptOutcome
                do { outcome = try service.accept(file: file, actor: global.actor) }
                catch let e as HandoverError { throw CLIError(e.description) }
                let e = outcome.export, a = outcome.acceptance
                if json {
                    printJSON(["accepted": true, "already_accepted": .bool(outcome.alreadyAccepted), "seq": .int(a.seq),
                               "at": .string(a.at.iso), "actor": .string(a.actor), "sha256": .string(e.sha256),
                               "window": .string(e.windowKey), "exported_by": .string(e.actor), "exported_at": .string(e.at.iso)])
                } else if outcome.alreadyAccepted {
                    print("\(file): already accepted by \(settings.displayName(a.actor)) at \(localTime(a.at, offset: settings.offsetSeconds)) (event #\(a.seq))")
                } else {
                    print("\(file): accepted by \(settings.displayName(a.actor)) — handover of \(e.windowKey) exported by \(settings.displayName(e.actor)) at \(localTime(e.at, offset: settings.offsetSeconds)) (event #\(a.seq))")
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether a file is exactly a handover exported from this store. Exit 0 only if it is.",
            discussion: "Exit status: 0 exported and intact; 1 never exported (edited, or from another store); 2 the audit chain is broken.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The handover file to check.") var file: String
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let settings = try global.settings()
                let service = try HandoverService(store: try global.openStore(), settings: settings)
                let v: HandoverVerification
                do { v = try service.verify(file: file) } catch let e as HandoverError { throw CLIError(e.description) }
                let off = settings.offsetSeconds
                if json {
                    printJSON([
                        "ok": .bool(v.ok), "sha256": .string(v.sha256), "bytes": .int(Int64(v.bytes)),
                        "chain_problem": .from(v.chainProblem),
                        "exports": .array(v.exports.map {
                            ["seq": .int($0.seq), "at": .string($0.at.iso), "actor": .string($0.actor), "window": .string($0.windowKey),
                             "since": .string($0.since.iso), "until": .string($0.until.iso), "shift_id": .from($0.shiftID),
                             "format": .string($0.format), "lang": .string($0.lang)]
                        }),
                        "acceptances": .array(v.acceptances.map { ["seq": .int($0.seq), "at": .string($0.at.iso), "actor": .string($0.actor)] }),
                    ])
                } else if let first = v.exports.first {
                    print("\(file): \(v.chainProblem == nil ? "OK" : "NOT TRUSTED") — exactly the handover exported by \(settings.displayName(first.actor)) at \(localTime(first.at, offset: off)) (event #\(first.seq))")
                    print("  window: \(first.windowKey) (\(localTime(first.since, offset: off)) – \(localTime(first.until, offset: off))), \(first.format), \(first.lang), sha256 \(v.sha256)")
                    if v.exports.count > 1 { print("  exported \(v.exports.count) times with identical content") }
                    for a in v.acceptances { print("  accepted by \(settings.displayName(a.actor)) at \(localTime(a.at, offset: off)) (event #\(a.seq))") }
                    if v.acceptances.isEmpty { print("  not yet accepted") }
                    if let p = v.chainProblem { print("  \(p)") }
                } else {
                    print("\(file): NOT VERIFIED — no handover with this content (sha256 \(v.sha256)) was exported from this store; it was edited or comes from elsewhere")
                }
                if !v.exports.isEmpty && v.chainProblem != nil { throw ExitCode(2) }
                if v.exports.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
