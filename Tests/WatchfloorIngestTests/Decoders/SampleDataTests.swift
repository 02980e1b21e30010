import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// The generated sample county (`sampledata/` in the checkout).
/// Generated data must decode completely: records and no rejections.
@Suite struct SampleDataTests {
    static let root = Corpus.packageRoot.appendingPathComponent("sampledata")

    static var files: [(String, IngestFormat)] {
        let fm = FileManager.default
        var out: [(String, IngestFormat)] = []
        for name in ["alerts.jsonl", "county.jsonl", "hotline.jsonl", "incidents.jsonl"] where fm.fileExists(atPath: root.appendingPathComponent(name).path) {
            out.append((name, .jsonl))
        }
        let feeds: [(String, IngestFormat)] = [("feeds/eve.json", .eve), ("feeds/syslog-cef.log", .syslog),
                                               ("feeds/12345-export.csv", .hotlineCSV), ("feeds/open311.json", .open311)]
        out += feeds.filter { fm.fileExists(atPath: root.appendingPathComponent($0.0).path) }
        let capDir = root.appendingPathComponent("feeds/cap")
        for f in (try? fm.contentsOfDirectory(atPath: capDir.path))?.sorted() ?? [] where f.hasSuffix(".xml") {
            out.append(("feeds/cap/" + f, .cap))
        }
        return out
    }

    @Test func decodesWithoutRejections() throws {
        #expect(Self.files.count >= 9, "sampledata/ lacks its feeds: \(Self.files.map(\.0))")
        for (name, format) in Self.files {
            let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(name)))
            let r = Decoders.decode(file: bytes, name: name, format: format, context: Corpus.context)
            print("SAMPLEDATA \(name): \(r.records.count) records, \(r.rejections.count) rejections, skipped \(r.skipped)")
            #expect(r.rejections.isEmpty, "\(name): \(r.rejections.prefix(3).map(\.description))")
            #expect(!r.records.isEmpty, "\(name)")
        }
    }
}
