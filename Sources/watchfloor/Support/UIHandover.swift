import Foundation
import WatchfloorCore
import WatchfloorReports
import WatchfloorStore
import WatchfloorUI

/// Connects the UI's `x` key to the handover service: preview the shift being handed over (the current one, or the
/// one that just ended during the first hour of a shift), export it as Markdown into `[ui] handover_dir` (default:
/// a `handovers/` folder beside the store) with its audited sign-over record. The export is of exactly the shift
/// that was previewed.
final class UIHandover: HandoverExporting {
    let service: HandoverService
    let actor: String
    let directory: String
    private var previewed: ShiftSelector?

    init(store: Store, settings: WatchfloorSettings, actor: String) throws {
        service = try HandoverService(store: store, settings: settings)
        self.actor = actor
        if let dir = settings.raw["ui"]?["handover_dir"]?.string {
            directory = dir
        } else {
            directory = ((store.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("handovers")
        }
    }

    func preview(language: Language) throws -> String {
        let shift = try service.shiftBeingHandedOver()
        previewed = shift
        return try service.preview(shift: shift, lang: language)
    }

    func export(language: Language) throws -> (path: String, sha256: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let shift = try previewed ?? service.shiftBeingHandedOver()
        let window = try service.window(shift)
        let name = "handover-\(window.shift?.id ?? String(window.since.milliseconds))-\(language.rawValue).md"
        let path = (directory as NSString).appendingPathComponent(name)
        let result = try service.export(shift: shift, format: .markdown, lang: language, actor: actor, to: path)
        return (result.path ?? path, result.sha256)
    }
}

/// Starts the duty-room UI on a store, with the handover hooked up.
func runUI(store: Store, settings: WatchfloorSettings, global: GlobalOptions, theme: String?, readOnly: Bool) throws {
    let handover = try? UIHandover(store: store, settings: settings, actor: global.actor)
    do {
        let scope = try global.countyScope(store)
        let limit = try store.withConnection { try CountyAccess.limit($0, actor: global.actor) }
        try WatchfloorApp.run(store: store, settings: settings, operator: global.actor, language: global.language,
                              theme: theme, handover: handover, readOnly: readOnly, county: scope?.code, countyLimit: limit)
    } catch let e as UISetupError {
        throw CLIError(e.message)
    }
}
