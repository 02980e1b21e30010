import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// Locates the vendored third-party corpus (`Tests/Fixtures/corpus`, each folder with its PROVENANCE.md) from this file.
enum Corpus {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }   // Decoders, WatchfloorIngestTests, Tests, file
        return url
    }()
    static let root = packageRoot.appendingPathComponent("Tests/Fixtures/corpus")

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Every data file in a corpus folder (PROVENANCE.md excluded), relative to the corpus root.
    static func files(in folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in e where !url.hasDirectoryPath && url.lastPathComponent != "PROVENANCE.md" {
            let rel = url.path.replacingOccurrences(of: root.path + "/", with: "")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }

    /// The daemon sets `receivedAt`; tests pin it.
    static let context = DecodeContext(sourceName: "corpus", defaultSensor: "corpus-sensor",
                                       receivedAt: ISOTime.parse("2026-11-20T08:00:00+08:00"))

    static func decode(_ relative: String, as format: IngestFormat, context: DecodeContext = Corpus.context) throws -> DecodeResult {
        Decoders.decode(file: try bytes(relative), name: relative, format: format, context: context)
    }
}

/// Expected outcome for one corpus file.
struct Expect: CustomStringConvertible, Sendable {
    var file: String
    var records: Int
    var rejections: Int = 0
    var skipped: [String: Int] = [:]
    /// Every rejection reason must contain this (case-insensitive) when set.
    var reason: String? = nil
    var description: String { file }
}

func check(_ e: Expect, _ result: DecodeResult) {
    #expect(result.records.count == e.records, "\(e.file): records")
    #expect(result.rejections.count == e.rejections, "\(e.file): rejections \(result.rejections.prefix(5).map(\.description))")
    #expect(result.skipped == e.skipped, "\(e.file): skipped")
    if let reason = e.reason {
        for r in result.rejections {
            #expect(r.reason.lowercased().contains(reason.lowercased()), "\(e.file): reason '\(r.reason)' lacks '\(reason)'")
        }
    }
}
