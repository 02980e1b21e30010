import Foundation
import WatchfloorCore
import WatchfloorStore

/// The one entry point for the CLI and the UI's `x` (export handover) dialog.
///
/// ```swift
/// let service = try HandoverService(store: store, settings: settings)
/// let text = try service.preview(shift: .current, lang: .zh)            // Markdown for the preview pane
/// let done = try service.export(shift: .current, format: .markdown, lang: .zh,
///                               actor: "wangwei", to: "/tmp/handover.md")  // writes, audits, returns the hash
/// let check = try service.verify(file: "/tmp/handover.md")             // check.ok, check.exports.first?.actor
/// try service.accept(file: "/tmp/handover.md", actor: "lina")           // the incoming lead signs for it
/// ```
///
/// `now` defaults to the store's clock (tests and the demo inject theirs through `store.clock`).
public final class HandoverService: @unchecked Sendable {
    public let store: Store
    public let settings: WatchfloorSettings
    public let schedule: ShiftSchedule
    public let builder: HandoverBuilder

    /// Throws `ShiftError` when `[shifts]` in the settings is malformed.
    public init(store: Store, settings: WatchfloorSettings) throws {
        self.store = store
        self.settings = settings
        schedule = try ShiftSchedule(settings: settings)
        builder = HandoverBuilder(settings: settings, schedule: schedule)
    }

    /// The window a selector names at `now`.
    /// The shift a lead hands over at `now`: the current one, except during the first `graceMinutes` of a shift,
    /// when the outgoing lead is signing over the shift that has just ended (交接班 happens at the change).
    public func shiftBeingHandedOver(now: Timestamp? = nil, graceMinutes: Int64 = 60) throws -> ShiftSelector {
        let now = now ?? store.clock()
        let current = try window(.current, now: now)
        return now.milliseconds - current.since.milliseconds < graceMinutes * 60_000 ? .previous : .current
    }

    public func window(_ selector: ShiftSelector, now: Timestamp? = nil) throws -> HandoverWindow {
        try schedule.window(selector, now: now ?? store.clock())
    }

    public func report(_ selector: ShiftSelector, now: Timestamp? = nil) throws -> HandoverReport {
        let now = now ?? store.clock()
        return try builder.build(store: store, window: try schedule.window(selector, now: now), now: now)
    }

    /// Markdown text of the handover, for the UI's preview dialog. Records nothing.
    public func preview(shift: ShiftSelector = .current, lang: Language, now: Timestamp? = nil) throws -> String {
        HandoverRenderer.text(try report(shift, now: now), format: .markdown, lang: lang)
    }

    /// The document's bytes without recording anything.
    public func document(shift: ShiftSelector, format: HandoverFormat, lang: Language, now: Timestamp? = nil) throws -> [UInt8] {
        HandoverRenderer.render(try report(shift, now: now), format: format, lang: lang)
    }

    /// Renders the handover, writes it to `path` (nil: the caller prints `result.bytes`), and records the audited
    /// `handover.exported` event with the bytes' SHA-256. The file appears only once the event is committed
    /// (written to a temporary file beside it, renamed after), so every file on disk is verifiable.
    @discardableResult
    public func export(shift: ShiftSelector, format: HandoverFormat, lang: Language, actor: String,
                       to path: String? = nil, now: Timestamp? = nil) throws -> HandoverExport {
        let now = now ?? store.clock()
        let window = try schedule.window(shift, now: now)
        let report = try builder.build(store: store, window: window, now: now)
        let bytes = HandoverRenderer.render(report, format: format, lang: lang)
        var temp: String?
        if let path {
            let t = path + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: t, contents: Data(bytes)) else {
                throw HandoverError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            temp = t
        }
        let record: ExportRecord
        do {
            record = try store.write { c in
                try SignOver.recordExport(c, at: store.clock(), actor: actor, window: window, format: format, lang: lang,
                                          bytes: bytes, file: path, anchor: report.auditAnchor)
            }
        } catch {
            if let temp { try? FileManager.default.removeItem(atPath: temp) }
            throw error
        }
        if let path, let temp, rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temp)
            throw HandoverError.cannotWrite(path: path, reason: reason)
        }
        return HandoverExport(path: path, bytes: bytes, sha256: record.sha256, record: record)
    }

    public func verify(bytes: [UInt8]) throws -> HandoverVerification {
        try store.read { try SignOver.verify($0, bytes: bytes) }
    }

    public func verify(file path: String) throws -> HandoverVerification { try verify(bytes: try Self.read(path)) }

    /// Records that `actor` received the document; throws `HandoverError.notExported` for unknown bytes.
    @discardableResult
    public func accept(bytes: [UInt8], actor: String) throws -> AcceptOutcome {
        try store.write { try SignOver.accept($0, at: store.clock(), actor: actor, bytes: bytes) }
    }

    @discardableResult
    public func accept(file path: String, actor: String) throws -> AcceptOutcome {
        try accept(bytes: try Self.read(path), actor: actor)
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HandoverError.cannotRead(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        return [UInt8](data)
    }
}

/// What an export produced: where, the exact bytes, their hash, and the audit record.
public struct HandoverExport: Sendable, Equatable {
    public var path: String?
    public var bytes: [UInt8]
    public var sha256: String
    public var record: ExportRecord
}
