/// Size caps for the free text feeds send: a 1 MiB "title" must not become a 1 MiB table cell, database row or
/// export line. A cut string ends in a visible marker saying how much was cut, so nobody mistakes it for the
/// whole text.
public enum TextCap {
    /// Titles: one line on every screen.
    public static let titleCharacters = 512
    /// Details: the detail pane and the handover's body.
    public static let detailBytes = 64 * 1024

    /// The marker appended to a cut string.
    public static func marker(cut: Int, unit: String) -> String { " …〔已截断 truncated: \(cut) more \(unit)〕" }

    /// At most `max` characters (grapheme clusters) plus the marker.
    public static func characters(_ s: String, max: Int = titleCharacters) -> String {
        guard s.utf8.count > max else { return s }   // a character is at least one byte
        let total = s.count
        guard total > max else { return s }
        return String(s.prefix(max)) + marker(cut: total - max, unit: "characters")
    }

    /// At most `max` UTF-8 bytes (cut at a character boundary) plus the marker.
    public static func bytes(_ s: String, max: Int = detailBytes) -> String {
        let total = s.utf8.count
        guard total > max else { return s }
        var kept = 0
        var end = s.startIndex
        for i in s.indices {
            let n = s[i].utf8.count
            if kept + n > max { break }
            kept += n
            end = s.index(after: i)
        }
        return String(s[..<end]) + marker(cut: total - kept, unit: "bytes")
    }
}
