import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorIngest
import WatchfloorStore

/// `watchfloor ingest --format FORMAT FILE…`: the daemon's pipeline once, from the command line — the same
/// decoders, asset inventory, correlation rule and batched writer (the `[daemon]` section of the settings file
/// applies) — then a summary of what landed and what was rejected.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Ingest feed files into the store once (the daemon's pipeline) and report.",
        discussion: """
        Rejected records go to dead_letters (`watchfloor list deadletters`) and do not fail the command; it exits 1
        only when a file cannot be read at all. Without --format, the format follows the file name as in a spool
        directory (.eve.json, .jsonl, .log, .cef, .xml/.cap, .csv, .geojson, *open311*.json).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "eve | syslog | cef | cap | open311 | hotline-csv | geojson | jsonl") var format: IngestFormat?
    @Option(help: "Source name recorded with dead letters and incidents.") var source = "cli"
    @Option(help: "Show at most this many rejection reasons.") var reasons = 10
    @Flag(help: "One JSON object instead of text.") var json = false
    @Option(help: "GeoJSON: the feature property holding a grid's id (default: grid_id, id, code, adcode, …).") var geojsonId: String?
    @Option(help: "GeoJSON: the property holding its name (default: name, 名称, NAME, …).") var geojsonName: String?
    @Option(help: "GeoJSON: the property holding its parent's id (default: parent, parent_id, …; else from 15-digit codes).") var geojsonParent: String?
    @Argument(help: "Files to ingest.") var files: [String]

    func run() throws {
        try reportingErrors {
            let settings = try global.settings()
            var config: PipelineConfig
            do {
                let dir = settings.path.map { ($0 as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
                config = try DaemonConfig.parse(settings.raw, file: settings.path, baseDirectory: dir, offsetSeconds: settings.offsetSeconds).pipeline
            } catch { throw CLIError("\(error)") }
            config.offsetSeconds = settings.offsetSeconds
            // `--county`: like a county daemon, records in other counties' grids become dead letters.
            config.county = try global.county.map { try CountyCode.validated($0) }
            if let geojsonId { config.geoJSON.id = [geojsonId] }
            if let geojsonName { config.geoJSON.name = [geojsonName] }
            if let geojsonParent { config.geoJSON.parent = [geojsonParent] }
            let store = try global.openStore(create: true)
            let pipeline: IngestPipeline
            do { pipeline = try IngestPipeline(store: store, config: config) } catch { throw CLIError("\(error)") }

            // Decoding runs on this thread while the pipeline's writer commits on its own: two cores busy, and
            // files are fed in bounded pieces (`FileFeeder`), so memory does not grow with the file.
            pipeline.log = { FileHandle.standardError.write(Data("watchfloor: \($0)\n".utf8)) }
            pipeline.start()
            let failures = CommitFailures()
            var unreadable: [String] = []
            var perFile: [JSONValue] = []
            var decoded = DecodeTally(keep: reasons)
            for file in files {
                let name = (file as NSString).lastPathComponent
                guard let fmt = format ?? SpoolSource.format(forFileName: name) else {
                    unreadable.append("\(file): cannot tell the format from the name; pass --format")
                    continue
                }
                let fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    unreadable.append("\(file): \(errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")")
                    continue
                }
                defer { close(fd) }
                var feeder = FileFeeder(pipeline: pipeline, source: source, format: fmt, origin: name)
                feeder.completion = { failures.track() }
                let r: DecodeTally
                do { (r, _) = try feeder.feed(fd: fd) } catch {
                    unreadable.append("\(file): \(error)")
                    continue
                }
                decoded.add(r)
                perFile.append(.object(["file": .string(file), "format": .string(fmt.rawValue), "records": .int(Int64(r.records)),
                                        "rejected": .int(Int64(r.rejected)), "skipped": .int(Int64(r.skippedTotal))]))
                if !json {
                    let skipped = r.skipped.isEmpty ? "" : ", skipped " + r.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    print("\(file) (\(fmt.rawValue)): \(r.records) records, \(r.rejected) rejected\(skipped)")
                }
            }
            pipeline.flush()
            pipeline.drain()
            let landed = pipeline.totals
            if let e = failures.first { throw CLIError("the store refused records: \(e)") }
            if json {
                func counts(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .int(Int64($0)) }) }
                printJSON(.object([
                    "files": .array(perFile), "created": counts(landed.created), "updated": counts(landed.updated),
                    "alert_observations": .int(Int64(landed.alertObservations)), "dead_letters": .int(Int64(landed.deadLetters)),
                    "rejections": .array(decoded.firstRejections.prefix(reasons).map { .object(["position": .string($0.position), "reason": .string($0.reason)]) }),
                    "unreadable": .array(unreadable.map { .string($0) }),
                ]))
            } else {
                func list(_ d: [String: Int]) -> String { d.isEmpty ? "nothing" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
                print("landed: created \(list(landed.created)); updated \(list(landed.updated)); \(landed.alertObservations) alert observations")
                if !landed.incidentIDs.isEmpty { print("incidents: \(Array(Set(landed.incidentIDs)).sorted().prefix(20).joined(separator: ", "))") }
                print("rejected: \(decoded.rejected) (in dead_letters: watchfloor list deadletters)")
                for r in decoded.firstRejections.prefix(reasons) { print("  \(r.position): \(r.reason)") }
                if decoded.rejected > reasons { print("  … \(decoded.rejected - reasons) more") }
            }
            if !unreadable.isEmpty {
                for u in unreadable { TerminalOutput.error("watchfloor: \(u)") }
                throw ExitCode(1)
            }
        }
    }
}

extension IngestFormat: ExpressibleByArgument {}

/// The first commit failure among a run's units (the writer thread reports them).
final class CommitFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    func track() -> @Sendable (Result<Void, Error>) -> Void {
        { [self] r in
            guard case .failure(let e) = r else { return }
            lock.lock(); if error == nil { error = e }; lock.unlock()
        }
    }

    var first: Error? { lock.lock(); defer { lock.unlock() }; return error }
}
