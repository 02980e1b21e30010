import Foundation

/// A spreadsheet export as the CSV decoders (12345 cases, monitored posts) read it: text in UTF-8 or GBK/GB18030, a
/// header row naming the columns, data rows after it. A mapping lists the names each platform gives a column, so
/// a column is found by any of several names; a cell is its trimmed text, nil when empty or missing.
struct CSVExport {
    typealias Column = (index: Int, name: String)

    /// The header's column names, trimmed.
    let header: [String]
    /// The data rows, after the header.
    let rows: ArraySlice<CSVParser.Row>

    /// Reads an export, or says in one sentence why it cannot be read (the whole document is then a dead letter).
    static func read(_ document: [UInt8]) -> Result<CSVExport, CSVExportError> {
        guard let (text, _) = TextEncoding.decodeChineseText(document) else {
            return .failure(CSVExportError(reason: "neither UTF-8 nor GBK/GB18030 text"))
        }
        let rows: [CSVParser.Row]
        do { rows = try CSVParser.parse(text) } catch { return .failure(CSVExportError(reason: "invalid CSV: \(error)")) }
        guard let first = rows.first else { return .failure(CSVExportError(reason: "empty CSV: no header row")) }
        return .success(CSVExport(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: rows.dropFirst()))
    }

    /// The first of `candidates` the header has.
    func column(_ candidates: [String]) -> Column? {
        for c in candidates { if let i = header.firstIndex(of: c) { return (i, c) } }
        return nil
    }

    /// A row's value in `column`: trimmed, nil when the column is absent, the row short or the cell empty.
    static func cell(_ row: CSVParser.Row, _ column: Column?) -> String? {
        guard let column, column.index < row.fields.count else { return nil }
        let v = row.fields[column.index].trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? nil : v
    }
}

struct CSVExportError: Error { let reason: String }
