import WatchfloorCore

/// Reduces the HTML of a feed item's description to plain text for the duty room: tags removed, `<script>`,
/// `<style>` and comments dropped with their content, block elements and `<br>` become line breaks, a link keeps
/// its address as text (`text (https://…)`; `javascript:` and `data:` addresses are dropped), entities decoded
/// once (named ones for the common set, numeric ones; unknown ones stay as written — never a second decoding pass,
/// so `&amp;lt;` yields `&lt;` and an "entity bomb" cannot expand). The result is then sanitised like all feed text.
///
/// One linear pass, no tree: nesting depth costs nothing and unclosed tags cannot confuse it. Input beyond
/// `maxInputBytes` is not read (the text is cut, with `…`), and the output is capped at `maxCharacters`.
public enum HTMLText {
    public static let maxInputBytes = 1 << 20
    public static let maxCharacters = 20_000

    public static func text(_ html: String) -> String {
        var input = Array(html.utf8)
        var cut = false
        if input.count > maxInputBytes { input.removeSubrange(maxInputBytes...); cut = true }
        var out: [UInt8] = []
        out.reserveCapacity(min(input.count, 1 << 16))
        var i = 0
        let n = input.count
        var pendingHref: [String] = []

        func lower(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self) }
        func newline() { if let last = out.last, last != 0x0A { out.append(0x0A) } }
        func space() { if let last = out.last, last != 0x20 && last != 0x0A { out.append(0x20) } }
        func find(_ needle: String, from: Int) -> Int? {
            let nb = Array(needle.utf8)
            var k = from
            while k + nb.count <= n {
                var ok = true
                for (j, c) in nb.enumerated() {
                    var b = input[k + j]
                    if b >= 0x41 && b <= 0x5A { b += 0x20 }
                    if b != c { ok = false; break }
                }
                if ok { return k }
                k += 1
            }
            return nil
        }

        while i < n {
            let c = input[i]
            if c == UInt8(ascii: "<") {
                if i + 3 < n, input[i + 1] == UInt8(ascii: "!"), input[i + 2] == UInt8(ascii: "-"), input[i + 3] == UInt8(ascii: "-") {
                    i = (find("-->", from: i + 4).map { $0 + 3 }) ?? n
                    continue
                }
                // Tag name.
                var k = i + 1
                let closing = k < n && input[k] == UInt8(ascii: "/")
                if closing { k += 1 }
                let nameStart = k
                while k < n, (input[k] >= 0x41 && input[k] <= 0x5A) || (input[k] >= 0x61 && input[k] <= 0x7A) || (input[k] >= 0x30 && input[k] <= 0x39) { k += 1 }
                if k == nameStart && !(k < n && (input[k] == UInt8(ascii: "!") || input[k] == UInt8(ascii: "?"))) {
                    out.append(c); i += 1; continue     // a bare '<' in text
                }
                let name = lower(input[nameStart..<k])
                // End of the tag, skipping quoted attribute values.
                var quote: UInt8 = 0
                var end = k
                while end < n {
                    let b = input[end]
                    if quote != 0 { if b == quote { quote = 0 } }
                    else if b == 0x22 || b == 0x27 { quote = b }
                    else if b == UInt8(ascii: ">") { break }
                    end += 1
                }
                let attrs = input[k..<min(end, n)]
                i = min(end + 1, n)
                if !closing && (name == "script" || name == "style" || name == "iframe" || name == "object" || name == "template") {
                    i = (find("</\(name)", from: i).flatMap { s in find(">", from: s).map { $0 + 1 } }) ?? n
                    continue
                }
                switch name {
                case "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
                     "ul", "ol", "table", "pre", "hr", "figure", "figcaption", "header", "footer":
                    newline()
                case "td", "th", "img":
                    if name == "img", !closing, let alt = attribute("alt", in: attrs), !alt.isEmpty {
                        space(); out += Array("[\(decodeEntities(alt))]".utf8)
                    }
                    space()
                case "a":
                    if closing {
                        if let href = pendingHref.popLast(), !href.isEmpty {
                            let shown = String(decoding: out.suffix(href.utf8.count), as: UTF8.self)
                            if shown != href { out += Array(" (\(href))".utf8) }
                        }
                    } else {
                        let href = attribute("href", in: attrs).map(decodeEntities) ?? ""
                        let l = href.lowercased()
                        let safe = l.hasPrefix("http://") || l.hasPrefix("https://") || l.hasPrefix("mailto:")
                        pendingHref.append(safe ? href : "")
                    }
                default: break
                }
                continue
            }
            if c == 0x0A || c == 0x0D || c == 0x09 || c == 0x20 { space(); i += 1; continue }
            // Text up to the next tag.
            var k = i
            while k < n, input[k] != UInt8(ascii: "<"), input[k] != 0x0A, input[k] != 0x0D, input[k] != 0x09, input[k] != 0x20 { k += 1 }
            out += Array(decodeEntities(String(decoding: input[i..<k], as: UTF8.self)).utf8)
            i = k
            if out.count > maxCharacters * 4 { cut = true; break }
        }
        var text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > maxCharacters { text = String(text.prefix(maxCharacters)); cut = true }
        if cut { text += "…" }
        return TextSanitizer.sanitize(text, options: .multiLine)
    }

    /// The value of attribute `name` in a tag's attribute text (quoted or bare), nil when absent.
    static func attribute(_ name: String, in attrs: ArraySlice<UInt8>) -> String? {
        let s = String(decoding: attrs, as: UTF8.self)
        var rest = Substring(s)
        while let r = rest.range(of: name, options: .caseInsensitive) {
            let before = rest[..<r.lowerBound].last
            var after = rest[r.upperBound...].drop { $0 == " " }
            rest = rest[r.upperBound...]
            guard before == nil || before == " " || before == "\n" || before == "\t", after.first == "=" else { continue }
            after = after.dropFirst().drop { $0 == " " }
            if let q = after.first, q == "\"" || q == "'" {
                return String(after.dropFirst().prefix { $0 != q })
            }
            return String(after.prefix { $0 != " " && $0 != ">" && $0 != "/" })
        }
        return nil
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
        "thinsp": " ", "hellip": "…", "mdash": "—", "ndash": "–", "ldquo": "“", "rdquo": "”", "lsquo": "‘",
        "rsquo": "’", "middot": "·", "bull": "•", "copy": "©", "reg": "®", "trade": "™", "times": "×", "divide": "÷",
        "deg": "°", "yen": "¥", "laquo": "«", "raquo": "»", "zwj": "\u{200D}", "zwnj": "\u{200C}",
    ]

    /// One pass of HTML entity decoding; what is not a known entity stays as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(10).firstIndex(of: ";") else { out += "&"; rest = after; continue }
            let ref = after[..<semi]
            var decoded: String?
            if ref.hasPrefix("#x") || ref.hasPrefix("#X") {
                decoded = UInt32(ref.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if ref.hasPrefix("#") {
                decoded = UInt32(ref.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = named[String(ref)]
            }
            if let d = decoded, d != "\u{0}" { out += d; rest = after[after.index(after: semi)...] } else { out += "&"; rest = after }
        }
        out += rest
        return out
    }
}
