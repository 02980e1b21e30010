import Foundation
import WatchfloorIngest

/// Which decoder reads a `POST /v1/records` body: native records (JSON Lines, a JSON object or array — the
/// default), a public-opinion feed (RSS 2.0, RSS 1.0, Atom) or a monitoring service's post CSV export (read with
/// the `[daemon.opinion.csv]` column mapping).
///
/// A `format` query parameter says it outright and wins; otherwise the media type does: the feed types and XML
/// mean a feed, `text/csv` a post export, anything else — JSON, NDJSON, or curl's default form type — native
/// records, as before this choice existed. One route for all three keeps one token check, one body limit and
/// one answer shape; the records are still only the kinds a token may send (feeds and post CSV give `post`).
enum RecordsBodyFormat {
    /// `format=` values, each with the names a sender may use for it.
    static let names: [(IngestFormat, [String])] = [
        (.jsonl, ["jsonl", "json", "native"]),
        (.feed, ["rss", "atom", "rdf", "feed"]),
        (.postCSV, ["post-csv", "csv"]),
    ]

    /// Media types (lower case, without parameters) that choose a format other than native records.
    static let mediaTypes: [String: IngestFormat] = [
        "application/rss+xml": .feed, "application/atom+xml": .feed, "application/rdf+xml": .feed,
        "application/xml": .feed, "text/xml": .feed,
        "text/csv": .postCSV,
    ]

    struct UnknownFormat: Error, CustomStringConvertible {
        var given: String
        var description: String {
            "format '\(given)' is not one of: \(RecordsBodyFormat.names.map { $0.1[0] }.joined(separator: ", "))"
        }
    }

    static func choose(format: Substring?, contentType: String?) throws(UnknownFormat) -> IngestFormat {
        if let format {
            let name = format.lowercased()
            guard let hit = names.first(where: { $0.1.contains(name) }) else { throw UnknownFormat(given: String(format.prefix(40))) }
            return hit.0
        }
        guard let contentType else { return .jsonl }
        return mediaTypes[mediaType(contentType)] ?? .jsonl
    }

    /// The media type of a Content-Type value: before any `;`, without surrounding blanks, ASCII lower case (the
    /// media types we know are ASCII, so no other letter could make one match). Byte by byte, because it runs
    /// for every POST: Foundation's trimming and lowercasing cost 4 % of the server's CPU in `watchfloor-bench http`.
    static func mediaType(_ contentType: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for b in contentType.utf8 {
            if b == UInt8(ascii: ";") { break }
            bytes.append(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
        }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        while let last = bytes.last, blank(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !blank($0) } ?? bytes.count
        return String(decoding: bytes[start...], as: UTF8.self)
    }
}
