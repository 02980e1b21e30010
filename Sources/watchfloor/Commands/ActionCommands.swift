import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

/// Options shared by every action: the expected version (compare-and-set from a script) and JSON output.
struct ActionOptions: ParsableArguments {
    @Option(help: "Only act if the item is still at this version (compare-and-set).") var expectVersion: Int?
    @Flag(help: "Print the updated item as JSON.") var json = false
}

func printOutcome(_ value: JSONValue, id: String, verb: String, json: Bool) {
    if json { printJSON(value) } else { print("\(id): \(verb)") }
}

/// The common body of the actions that apply to an incident or an alert (`ack`, `close`).
func incidentOrAlertAction(_ global: GlobalOptions, _ options: ActionOptions, id: String, verb: String, usage: String,
                           incident: (OperatorActions, String) throws -> Incident,
                           alert: (OperatorActions, Int64) throws -> SecurityAlert) throws {
    try reportingErrors(global) {
        let ops = try global.actions(on: id)
        switch EntityRef(id) {
        case .incident(let i): printOutcome(EntityJSON.incident(try incident(ops, i)), id: i, verb: verb, json: options.json)
        case .alert(let a): printOutcome(EntityJSON.alert(try alert(ops, a)), id: id, verb: verb, json: options.json)
        default: throw CLIError(usage)
        }
    }
}

/// The common body of the alert triage commands: parse `ALT-n`, act, report.
func alertAction(_ global: GlobalOptions, _ options: ActionOptions, id: String, verb: @escaping (SecurityAlert) -> String,
                 _ act: (OperatorActions, Int64) throws -> SecurityAlert) throws {
    try reportingErrors(global) {
        guard let a = EntityJSON.parseAlertID(id) ?? Int64(id) else { throw CLIError("alert ids look like ALT-12") }
        let ops = try global.actions(on: id)
        let result = try act(ops, a)
        printOutcome(EntityJSON.alert(result), id: id, verb: verb(result), json: options.json)
    }
}

/// The common body of the 12345 stage commands.
func hotlineAction(_ global: GlobalOptions, _ options: ActionOptions, ticket: String, verb: String,
                   _ act: (OperatorActions) throws -> HotlineCase) throws {
    try reportingErrors(global) {
        let ops = try global.actions(on: ticket)
        printOutcome(EntityJSON.hotline(try act(ops)), id: ticket, verb: verb, json: options.json)
    }
}

/// The common body of the incident-only actions: open the store, check the id names an incident, act, report.
func incidentAction(_ global: GlobalOptions, _ options: ActionOptions, id: String, command: String,
                    verb: (Incident) -> String, _ act: (OperatorActions, String) throws -> Incident) throws {
    try reportingErrors(global) {
        let ops = try global.actions(on: id)
        guard case .incident(let i) = EntityRef(id) else { throw CLIError("\(command) takes an incident id (INC-…)") }
        let result = try act(ops, i)
        printOutcome(EntityJSON.incident(result), id: i, verb: verb(result), json: options.json)
    }
}

struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an incident (INC-…) or an alert (ALT-n).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "INC-… or ALT-n") var id: String
    @Option(help: "A note recorded with the acknowledgement.") var note: String?

    func run() throws {
        try incidentOrAlertAction(global, action, id: id, verb: "acknowledged",
                                  usage: "ack takes an incident (INC-…) or an alert (ALT-n); for hotline cases use `watchfloor hotline accept`",
                                  incident: { try $0.acknowledge(incident: $1, expectedVersion: action.expectVersion, note: note) },
                                  alert: { try $0.acknowledge(alert: $1, expectedVersion: action.expectVersion) })
    }
}

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign (dispatch) an incident to a person or unit.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument var id: String
    @Option(help: "Who takes it (a person or a unit).") var to: String
    @Option var note: String?

    func run() throws {
        try incidentAction(global, action, id: id, command: "assign", verb: { _ in "assigned to \(to)" }) {
            try $0.assign(incident: $1, to: to, expectedVersion: action.expectVersion, note: note)
        }
    }
}

struct EscalateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Raise an incident one level (Ⅳ→Ⅲ …).",
        discussion: """
        Without --expect-version, escalate acts on the incident's current version: two operators escalating at \
        once both succeed, one level each. Pass --expect-version with the version you saw (`watchfloor show`) to \
        escalate only if nobody changed the incident meanwhile. A level-Ⅰ incident cannot be escalated (refused, \
        exit 1). --json prints the incident with "from_level" and "to_level".
        """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument var id: String
    @Option(help: "Why.") var note: String?

    func run() throws {
        try reportingErrors(global) {
            let ops = try global.actions(on: id)
            guard case .incident(let i) = EntityRef(id) else { throw CLIError("escalate takes an incident id (INC-…)") }
            // A refusal at level Ⅰ is a rule refusal (exit 4), worded in --lang by `reportingErrors`.
            let result = try ops.escalate(incident: i, expectedVersion: action.expectVersion, reason: note)
            // An escalation raises exactly one level, so the level before is one step less severe.
            let from = Level(rawValue: result.level.rawValue + 1) ?? result.level
            guard action.json else { return print("\(i): escalated from \(from.roman) to \(result.level.roman)") }
            var json = EntityJSON.incident(result)
            if case .object(var o) = json {
                o["from_level"] = .int(Int64(from.rawValue)); o["to_level"] = .int(Int64(result.level.rawValue))
                json = .object(o)
            }
            printJSON(json)
        }
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Mark an incident resolved.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument var id: String
    @Option var note: String?

    func run() throws {
        try incidentAction(global, action, id: id, command: "resolve", verb: { _ in "resolved" }) {
            try $0.resolve(incident: $1, expectedVersion: action.expectVersion, note: note)
        }
    }
}

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a resolved incident, or an alert (ALT-n).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument var id: String
    @Option var note: String?

    func run() throws {
        try incidentOrAlertAction(global, action, id: id, verb: "closed",
                                  usage: "close takes INC-… or ALT-n; for hotline cases use `watchfloor hotline close`",
                                  incident: { try $0.close(incident: $1, expectedVersion: action.expectVersion, note: note) },
                                  alert: { try $0.close(alert: $1, expectedVersion: action.expectVersion) })
    }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a resolved or closed incident.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument var id: String
    @Option var note: String?

    func run() throws {
        try incidentAction(global, action, id: id, command: "reopen", verb: { _ in "reopened" }) {
            try $0.reopen(incident: $1, expectedVersion: action.expectVersion, note: note)
        }
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a note to an item, or to the shift (`watchfloor note shift \"…\"`).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "INC-…, a ticket, ALT-n, a grid code, or `shift`.") var id: String
    @Argument(help: "The note.") var text: String

    func run() throws {
        try reportingErrors(global) {
            let ops = try global.actions(on: id)
            if id == "shift" {
                _ = try ops.addNote(kind: "shift", id: "shift", text: text)
            } else {
                let ref = EntityRef(id)
                _ = try ops.addNote(kind: ref.kind, id: ref.id, text: text)
            }
            print("\(id): note added")
        }
    }
}

struct HotlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotline", abstract: "Move a 12345 case through its stages.",
        subcommands: [Accept.self, Transfer.self, Reply.self, Callback.self, Close.self, Return.self])

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a new case (受理).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option var note: String?
        func run() throws {
            try hotlineAction(global, action, ticket: ticket, verb: "accepted") { try $0.accept(hotline: ticket, expectedVersion: action.expectVersion, note: note) }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Transfer a case to a department (转办).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option(help: "The department, e.g. 县住建局.") var to: String
        @Option var note: String?
        func run() throws {
            try hotlineAction(global, action, ticket: ticket, verb: "transferred to \(to)") { try $0.transfer(hotline: ticket, to: to, expectedVersion: action.expectVersion, note: note) }
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the reply to the citizen (答复).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option var note: String?
        func run() throws {
            try hotlineAction(global, action, ticket: ticket, verb: "replied") { try $0.reply(hotline: ticket, expectedVersion: action.expectVersion, note: note) }
        }
    }

    struct Callback: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the callback (回访) and satisfaction.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option var result: String?
        @Option(help: "satisfied | basically_satisfied | dissatisfied") var satisfaction: String?
        func run() throws {
            try reportingErrors(global) {
                var s: Satisfaction?
                if let satisfaction {
                    guard let v = Satisfaction(rawValue: satisfaction) else { throw CLIError("--satisfaction must be satisfied, basically_satisfied or dissatisfied") }
                    s = v
                }
                let ops = try global.actions(on: ticket)
                printOutcome(EntityJSON.hotline(try ops.callback(hotline: ticket, result: result, satisfaction: s, expectedVersion: action.expectVersion)), id: ticket, verb: "called back", json: action.json)
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case after the callback (办结).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option var note: String?
        func run() throws {
            try hotlineAction(global, action, ticket: ticket, verb: "closed") { try $0.close(hotline: ticket, expectedVersion: action.expectVersion, note: note) }
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A department sends the case back (退回).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var ticket: String
        @Option(help: "Why it came back.") var reason: String
        func run() throws {
            try hotlineAction(global, action, ticket: ticket, verb: "returned") { try $0.returnCase(hotline: ticket, reason: reason, expectedVersion: action.expectVersion) }
        }
    }
}

struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert", abstract: "Triage aggregated security alerts.", subcommands: [Ack.self, Close.self, Suppress.self])

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an alert.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        func run() throws {
            try alertAction(global, action, id: id, verb: { _ in "acknowledged" }) { try $0.acknowledge(alert: $1, expectedVersion: action.expectVersion) }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an alert (it reopens if it fires again).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        func run() throws {
            try alertAction(global, action, id: id, verb: { _ in "closed" }) { try $0.close(alert: $1, expectedVersion: action.expectVersion) }
        }
    }

    struct Suppress: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suppress an alert for a while (e.g. --for 2h, 30m, 1d).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var action: ActionOptions
        @Argument var id: String
        @Option(name: .customLong("for"), help: "How long: 30m, 2h, 1d.") var duration: String
        func run() throws {
            guard let seconds = parseDuration(duration) else {
                return try reportingErrors(global) { throw CLIError("--for takes a duration like 30m, 2h or 1d") }
            }
            try alertAction(global, action, id: id, verb: { "suppressed until \($0.suppressedUntil?.iso ?? "?")" }) {
                try $0.suppress(alert: $1, until: $0.store.clock().adding(seconds: seconds), expectedVersion: action.expectVersion)
            }
        }
    }
}

func parseDuration(_ text: String) -> Int64? {
    guard let unit = text.last, let n = Int64(text.dropLast()), n > 0 else { return nil }
    switch unit { case "s": return n; case "m": return n * 60; case "h": return n * 3600; case "d": return n * 86_400; default: return nil }
}
