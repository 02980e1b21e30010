import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorReports
import WatchfloorStore

/// `watchfloor export handover`: the shift handover document (交接班报告), recorded in the audit chain.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export documents from the store.", subcommands: [Handover.self])

    struct Handover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handover",
            abstract: "Export the shift handover (交接班报告) as Markdown, JSON, CSV or HTML.",
            discussion: """
            The window is a shift from [shifts] in the settings (default 白班 08:00–20:00, 夜班 20:00–08:00, county-local \
            time): --shift current (default), previous, or an id such as 2026-11-22-day; or --since/--until.
            Every export is recorded in the audit chain (handover.exported: who, which window, format, language and the \
            document's SHA-256), so `watchfloor handover verify FILE` can later prove a file is exactly what was exported.
            """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "current, previous, or a shift id like 2026-11-22-day.") var shift: String?
        @Option(help: "Window start instead of a shift (ISO-8601; needs --until).") var since: String?
        @Option(help: "Window end (ISO-8601; needs --since).") var until: String?
        @Option(help: "md (default), json, csv or html.") var format: String = "md"
        @Option(name: .shortAndLong, help: "Write to this file (default: standard output).") var output: String?

        func run() throws {
            try reportingErrors {
                guard let fmt = HandoverFormat(name: format) else { throw CLIError("--format must be md, json, csv or html") }
                let selector: ShiftSelector
                switch (since, until) {
                case (nil, nil): selector = ShiftSelector(shift ?? "current")
                case (let s?, let u?):
                    guard shift == nil else { throw CLIError("give either --shift or --since/--until, not both") }
                    selector = .window(since: try parseTime(s, "--since"), until: try parseTime(u, "--until"))
                default: throw CLIError("--since and --until go together")
                }
                let settings = try global.settings()
                let store = try global.openStore()
                try global.refuseCountyScope(store, command: "export handover")
                let service: HandoverService
                do { service = try HandoverService(store: store, settings: settings) }
                catch let e as ShiftError { throw CLIError(e.message) }
                if store.isReadOnly {
                    try exportUnrecorded(service, selector: selector, format: fmt)
                    return
                }
                let result: HandoverExport
                do {
                    result = try service.export(shift: selector, format: fmt, lang: global.language, actor: global.actor, to: output)
                } catch let e as ShiftError { throw CLIError(e.message) }
                catch let e as HandoverError { throw CLIError(e.description) }
                if let output {
                    let r = result.record
                    TerminalOutput.error("""
                        wrote \(output) (\(result.bytes.count) bytes, sha256 \(result.sha256)); \
                        recorded as event #\(r.seq) for \(r.windowKey)
                        """)
                } else {
                    // The document's exact bytes (its text was sanitised when the report was built): they must
                    // hash to the SHA-256 the export recorded, so they bypass TerminalOutput.
                    FileHandle.standardOutput.write(Data(result.bytes))
                }
            }
        }

        /// A store this user may only read: the document is still produced, but it cannot be recorded in the
        /// audit chain, and the person is told so.
        func exportUnrecorded(_ service: HandoverService, selector: ShiftSelector, format: HandoverFormat) throws {
            let bytes: [UInt8]
            do { bytes = try service.document(shift: selector, format: format, lang: global.language) }
            catch let e as ShiftError { throw CLIError(e.message) }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                    throw CLIError("cannot write \(output): \(String(cString: strerror(errno)))")
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            FileHandle.standardError.write(Data("""
                watchfloor: the store is read-only for this user, so this export is not recorded in the audit chain \
                (handover verify will not know it); export as the store's owner for a verifiable handover\n
                """.utf8))
        }
    }
}
