import ArgumentParser
import WatchfloorCore
import WatchfloorStore

/// Which entity an id on the command line names: `INC-…` incidents, `ALT-n` alerts, 6–15 digit codes grids,
/// anything else a hotline ticket.
enum EntityRef {
    case incident(String), alert(Int64), grid(String), hotline(String)

    init(_ text: String) {
        if text.uppercased().hasPrefix("INC-") { self = .incident(text.uppercased()) }
        else if let a = EntityJSON.parseAlertID(text) { self = .alert(a) }
        else if GridCode.level(of: text) != nil { self = .grid(text) }
        else { self = .hotline(text) }
    }

    var kind: String {
        switch self { case .incident: "incident"; case .alert: "alert"; case .grid: "grid"; case .hotline: "hotline" }
    }

    var id: String {
        switch self { case .incident(let s), .grid(let s), .hotline(let s): s; case .alert(let a): String(a) }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one item with its notes and timeline.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "INC-…, a hotline ticket, ALT-n, or a grid code.") var id: String
    @Flag(help: "JSON: the item plus `notes` and `timeline`.") var json = false

    func run() throws {
        try reportingErrors(global) {
            let store = try global.openStore()
            let settings = try global.settings()
            let ref = EntityRef(id)
            try global.checkCounty(store, kind: ref.kind, id: ref.id)
            let now = store.clock()
            try store.read { c in
                var item: JSONValue
                switch ref {
                case .incident(let i):
                    guard let x = try IncidentRepository.get(c, id: i) else { throw StoreError.notFound(kind: "incident", id: i) }
                    item = EntityJSON.incident(x)
                case .alert(let a):
                    guard let x = try AlertRepository.get(c, id: a) else { throw StoreError.notFound(kind: "alert", id: EntityJSON.alertID(a)) }
                    item = EntityJSON.alert(x, now: now)
                    // The raw record as first received (already sanitised when written), read only here.
                    if case .object(var o) = item, let sample = x.sample { o["sample"] = .string(sample); item = .object(o) }
                case .grid(let g):
                    guard let x = try GridRepository.get(c, id: g) else { throw StoreError.notFound(kind: "grid", id: g) }
                    item = EntityJSON.grid(x)
                case .hotline(let t):
                    guard let x = try HotlineRepository.get(c, ticket: t) else { throw StoreError.notFound(kind: "hotline case", id: t) }
                    item = EntityJSON.hotline(x, deadline: store.sla.state(due: x.stageDueAt, now: now))
                }
                let notes = try NoteRepository.forEntity(c, kind: ref.kind, id: ref.id)
                let timeline = try EventLog.timeline(c, kind: ref.kind, id: ref.id)
                if json {
                    guard case .object(var o) = item else { return }
                    o["notes"] = .array(notes.map { ["at": .string($0.at.iso), "actor": .string($0.actor), "text": .string($0.text)] })
                    o["timeline"] = .array(timeline.map(\.json))
                    printJSON(.object(o))
                    return
                }
                if case .object(let o) = item {
                    for key in o.keys.sorted() {
                        let v = o[key]!
                        let text = v.string ?? (v.isNull ? "—" : v.serialized)
                        print("\(DisplayWidth.pad(key, to: 18)) \(text)")
                    }
                }
                if !notes.isEmpty {
                    print(global.language == .zh ? "\n备注" : "\nNotes")
                    for n in notes { print("  \(localTime(n.at, offset: settings.offsetSeconds))  \(n.actor)  \(n.text)") }
                }
                print(global.language == .zh ? "\n时间线" : "\nTimeline")
                for e in timeline { print("  \(localTime(e.at, offset: settings.offsetSeconds))  #\(e.seq)  \(e.topic)  \(e.actor)") }
            }
        }
    }
}
