import WatchfloorCore

/// The four document formats a handover is exported in.
public enum HandoverFormat: String, Sendable, CaseIterable {
    case markdown = "md", json, csv, html

    /// Accepts `md`/`markdown`, `json`, `csv`, `html`/`htm`.
    public init?(name: String) {
        switch name.lowercased() {
        case "md", "markdown": self = .markdown
        case "json": self = .json
        case "csv": self = .csv
        case "html", "htm": self = .html
        default: return nil
        }
    }

    public var fileExtension: String { rawValue }
}

/// Turns a report into the exact bytes of a document. Pure and deterministic: the same report, format and
/// language always give the same bytes (the sign-over hashes them).
public enum HandoverRenderer {
    public static func render(_ report: HandoverReport, format: HandoverFormat, lang: Language) -> [UInt8] {
        switch format {
        case .markdown: Array(MarkdownRenderer.render(ReportLayout(report, lang: lang)).utf8)
        case .json: Array(HandoverJSON.document(report, lang: lang).utf8)
        case .csv: CSVRenderer.render(ReportLayout(report, lang: lang))
        case .html: Array(HTMLRenderer.render(ReportLayout(report, lang: lang)).utf8)
        }
    }

    public static func text(_ report: HandoverReport, format: HandoverFormat, lang: Language) -> String {
        String(decoding: render(report, format: format, lang: lang), as: UTF8.self)
    }
}

/// Markdown that reads well printed as plain text and renders as GitHub-flavoured tables.
enum MarkdownRenderer {
    /// Backslash-escapes the ASCII punctuation that could start markup or break a table cell.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#": out.append("\\"); out.append(ch)
            case "\n": out += "<br>"
            default: out.append(ch)
            }
        }
        return out
    }

    static func render(_ layout: ReportLayout) -> String {
        let none = L.none.text(layout.lang)
        var out = "# \(escape(layout.title))\n\n\(escape(layout.subtitle))\n"
        for (n, section) in layout.sections.enumerated() {
            out += "\n## \(n + 1). \(escape(section.title))\n"
            for table in section.tables {
                if let caption = table.caption { out += "\n**\(escape(caption))**\n" }
                if table.isFacts {
                    out += "\n"
                    for row in table.rows { out += "- \(escape(row[0].text)): \(escape(row[1].text))\n" }
                    continue
                }
                if table.rows.isEmpty { out += "\n\(none)\n"; continue }
                out += "\n| " + table.columns.map(escape).joined(separator: " | ") + " |\n"
                out += "|" + table.columns.indices.map { table.numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
                for row in table.rows {
                    out += "| " + row.map { escape($0.text) }.joined(separator: " | ") + " |\n"
                }
            }
        }
        let t = { (b: Bilingual) in b.text(layout.lang) }
        out += "\n## \(layout.sections.count + 1). \(t(L.signOff))\n\n"
        out += "- \(t(L.handedOver)): ________________\n- \(t(L.receivedBy)): ________________\n- \(t(L.signTime)): ________________\n"
        return out
    }
}

/// CSV for spreadsheets: UTF-8 with a byte-order mark (Excel otherwise reads Chinese as mojibake), CRLF line ends
/// and RFC 4180 quoting. One block per table: a title row (`[key] title`), a header row, the data rows, then a
/// blank row.
///
/// Identifiers (tickets, incident ids, 15-digit grid codes, signature ids) are written with a leading TAB. Excel
/// then keeps them as text instead of turning `990102001003002` into `9.90102E+14` or a date; the tab is invisible,
/// a `trim()` removes it for other tools, and unlike `="…"` it is not a formula (LibreOffice and scripts see a
/// plain value). Any other cell that starts with `=`, `+`, `-`, `@` gets the same tab, so no cell can be
/// evaluated as a formula (CSV injection).
enum CSVRenderer {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func field(_ s: String, forceText: Bool) -> String {
        var v = s.replacingOccurrences(of: "\r\n", with: "\n")
        if forceText || v.first.map({ "=+-@".contains($0) }) == true { v = "\t" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    static func render(_ layout: ReportLayout) -> [UInt8] {
        var lines: [String] = []
        func row(_ cells: [String], ids: Set<Int> = []) {
            lines.append(cells.enumerated().map { field($0.element, forceText: ids.contains($0.offset)) }.joined(separator: ","))
        }
        row([layout.title, layout.subtitle])
        lines.append("")
        let none = L.none.text(layout.lang)
        for section in layout.sections {
            for table in section.tables {
                row(["[\(table.key)]", table.caption.map { "\(section.title) · \($0)" } ?? section.title])
                row(table.columns)
                if table.rows.isEmpty { row([none]) }
                for r in table.rows {
                    row(r.map(\.text), ids: Set(r.indices.filter { r[$0].isID }))
                }
                lines.append("")
            }
        }
        return bom + Array(lines.joined(separator: "\r\n").utf8)
    }
}

/// One self-contained HTML page (inline CSS, no scripts, no external resources) that prints cleanly on A4.
enum HTMLRenderer {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
          font-size:10.5pt;color:#111;margin:2em auto;max-width:60em;line-height:1.45}
        h1{font-size:16pt;margin:0 0 .2em}h2{font-size:12.5pt;border-bottom:1px solid #999;margin:1.4em 0 .5em}
        h3{font-size:10.5pt;margin:.8em 0 .3em}.sub{color:#444;margin:0 0 1em}
        table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}
        th,td{border:1px solid #aaa;padding:.2em .45em;text-align:left;vertical-align:top}
        th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
        td.id{font-family:"DejaVu Sans Mono",Consolas,monospace;white-space:nowrap}
        .l1{color:#b00000;font-weight:bold}.l2{color:#c05800;font-weight:bold}.l3{color:#8a6d00}.l4{color:#1f4e9a}
        dl{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;margin:.3em 0}dt{font-weight:bold}dd{margin:0}
        .none{color:#666}.sign{display:flex;gap:3em;margin-top:2em}.sign span{border-bottom:1px solid #111;min-width:10em;display:inline-block}
        @page{size:A4;margin:15mm}
        @media print{body{margin:0;max-width:none;font-size:9.5pt}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}}
        """

    static func render(_ layout: ReportLayout) -> String {
        let t = { (b: Bilingual) in b.text(layout.lang) }
        var out = "<!DOCTYPE html>\n<html lang=\"\(layout.lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(escape(layout.title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(escape(layout.title))</h1>\n<p class=\"sub\">\(escape(layout.subtitle))</p>\n"
        for (n, section) in layout.sections.enumerated() {
            out += "<section id=\"\(section.key)\">\n<h2>\(n + 1). \(escape(section.title))</h2>\n"
            for table in section.tables {
                if let caption = table.caption { out += "<h3>\(escape(caption))</h3>\n" }
                if table.isFacts {
                    out += "<dl>\n"
                    for row in table.rows { out += "<dt>\(escape(row[0].text))</dt><dd>\(escape(row[1].text))</dd>\n" }
                    out += "</dl>\n"
                    continue
                }
                if table.rows.isEmpty { out += "<p class=\"none\">\(escape(t(L.none)))</p>\n"; continue }
                out += "<table id=\"\(table.key)\">\n<thead><tr>"
                out += table.columns.map { "<th>\(escape($0))</th>" }.joined()
                out += "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    out += "<tr>"
                    for (i, cell) in row.enumerated() {
                        var classes: [String] = []
                        if table.numeric.contains(i) { classes.append("n") }
                        if cell.isID { classes.append("id") }
                        if let l = cell.level { classes.append("l\(l.rawValue)") }
                        let attr = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                        let text = escape(cell.text)
                        out += "<td\(attr)>\(cell.multiline ? text.replacingOccurrences(of: "\n", with: "<br>") : text)</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
            out += "</section>\n"
        }
        out += "<section id=\"sign\">\n<h2>\(layout.sections.count + 1). \(escape(t(L.signOff)))</h2>\n<div class=\"sign\">"
        for label in [L.handedOver, L.receivedBy, L.signTime] {
            out += "<p>\(escape(t(label))): <span></span></p>"
        }
        out += "</div>\n</section>\n</body>\n</html>\n"
        return out
    }
}
