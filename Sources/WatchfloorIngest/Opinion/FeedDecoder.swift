import WatchfloorCore

/// RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds → posts, one per item/entry, through the project's safe XML parser
/// (no DTDs, bounded depth and size, declared encodings such as GBK converted). The item's HTML is reduced to
/// text by `HTMLText`; the feed's title names the platform (falling back to the source's name).
///
/// Per item: a missing date falls back to when the feed was received, else the item is rejected; an item with
/// neither title nor text is rejected; the id is the `guid`/`id`, else the link, else a content hash. A document
/// that is not well-formed XML, or not a feed, is rejected whole with the parser's line and reason.
public struct FeedDecoder: DocumentDecoder {
    public init() {}

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        let root: XMLElement
        do { root = try XMLParser.parse(document) } catch {
            return DecodeResult(rejections: [Rejection(position: "document", reason: "not a well-formed feed: \(error)",
                                                       raw: Array(document.prefix(4096)))])
        }
        switch root.localName {
        case "rss":
            guard let channel = root.child("channel") else { return reject("<rss> has no <channel>", document) }
            return items(channel.children("item"), feedTitle: channel.childText("title"), atom: false, context: context)
        case "RDF":
            return items(root.children("item"), feedTitle: root.child("channel")?.childText("title"), atom: false, context: context)
        case "feed":
            return items(root.children("entry"), feedTitle: root.childText("title"), atom: true, context: context)
        default:
            return reject("root element <\(root.qualifiedName)> is not <rss>, <rdf:RDF> or <feed>", document)
        }
    }

    private func reject(_ reason: String, _ document: [UInt8]) -> DecodeResult {
        DecodeResult(rejections: [Rejection(position: "document", reason: reason, raw: Array(document.prefix(4096)))])
    }

    private func items(_ elements: [XMLElement], feedTitle: String?, atom: Bool, context: DecodeContext) -> DecodeResult {
        var result = DecodeResult()
        let platform = TextSanitizer.sanitize(feedTitle.map(HTMLText.decodeEntities) ?? "").isEmpty
            ? context.sourceName : TextSanitizer.sanitize(HTMLText.decodeEntities(feedTitle!), options: .init(maxCharacters: 40))
        for (n, item) in elements.enumerated() {
            let position = "\(atom ? "entry" : "item") \(n + 1) (line \(item.line))"
            func reject(_ reason: String) {
                result.rejections.append(Rejection(position: position, reason: reason,
                                                   raw: Array(FeedDecoder.outline(item).utf8.prefix(4096))))
            }
            let title = item.child("title").map(FeedDecoder.html).map { HTMLText.text($0) }.flatMap { $0.isEmpty ? nil : TextSanitizer.sanitize($0) }
            let body: String
            if atom {
                let content = item.child("content") ?? item.child("summary")
                body = content.map { c in c.attributes["type"] == "text" ? TextSanitizer.sanitize(c.text, options: .multiLine) : HTMLText.text(FeedDecoder.html(c)) } ?? ""
            } else {
                let encoded = item.children.first { $0.localName == "encoded" && $0.namespace == FeedDecoder.contentNamespace }
                let description = item.child("description")
                body = HTMLText.text(FeedDecoder.html((description?.trimmedText.isEmpty == false ? description : encoded) ?? description ?? XMLElement.empty))
            }
            guard title != nil || !body.isEmpty else { reject("item has neither a title nor a description"); continue }
            let link: String?
            if atom {
                let links = item.children("link")
                link = (links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first)?.attributes["href"]
            } else {
                link = item.childText("link") ?? item.attributes["rdf:about"]
            }
            let dateText = atom ? (item.childText("published") ?? item.childText("updated"))
                                : (item.childText("pubDate") ?? item.children.first { $0.localName == "date" }?.trimmedText)
            var published: Timestamp?
            if let d = dateText, !d.isEmpty {
                published = FeedDate.parse(d, defaultOffsetSeconds: context.defaultOffsetSeconds)
                if published == nil { reject("item date '\(TextSanitizer.sanitize(String(d.prefix(60))))' is neither RFC 822 nor ISO 8601"); continue }
            }
            guard let at = published ?? context.receivedAt else { reject("item has no date (pubDate/published/updated)"); continue }
            let author = atom ? item.child("author")?.childText("name")
                              : (item.childText("author") ?? item.children.first { $0.localName == "creator" }?.trimmedText)
            let guid = atom ? item.childText("id") : item.childText("guid")
            let text = body.isEmpty ? (title ?? "") : body
            let cleanLink = link.map { TextSanitizer.sanitize($0) }.flatMap { $0.isEmpty ? nil : $0 }
            let id = guid.map { TextSanitizer.sanitize($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? cleanLink
                ?? Post.contentID(platform: platform, publishedAt: at, text: text)
            result.records.append(.post(Post(platform: platform, postID: String(id.prefix(512)),
                                             author: author.map { TextSanitizer.sanitize($0, options: .init(maxCharacters: 60)) },
                                             title: title, text: text, url: cleanLink.map { String($0.prefix(2048)) }, publishedAt: at)))
        }
        return result
    }

    /// RSS's `content:encoded`: only in this namespace is an `<encoded>` element the item's body.
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"

    /// An element's content as HTML source for `HTMLText`, in document order. Atom `type="xhtml"` content arrives
    /// as XML child elements with text between them: the text is literal (the XML parser decoded its entities
    /// once), so it is escaped again and the elements are written back as tags — `HTMLText` then sees the same
    /// markup a browser would, and `&amp;lt;` in the feed stays the text `&lt;`. Other content (RSS descriptions,
    /// Atom `type="html"`) is HTML source already, escaped once for XML: its text is taken as it is, and any child
    /// elements (unescaped markup that happens to be well-formed) are written back in place.
    static func html(_ e: XMLElement) -> String {
        var out = ""
        write(e, escapingText: e.attributes["type"] == "xhtml", into: &out)
        return out
    }

    private static func write(_ e: XMLElement, escapingText: Bool, into out: inout String) {
        for piece in e.mixedContent {
            switch piece {
            case .text(let t): out += escapingText ? escape(t, quotes: false) : t
            case .element(let c):
                out += "<" + c.localName
                for (name, value) in c.attributes.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("xmlns") {
                    out += " \(name)=\"\(escape(value, quotes: true))\""
                }
                out += ">"
                write(c, escapingText: escapingText, into: &out)
                out += "</" + c.localName + ">"
            }
        }
    }

    private static func escape(_ s: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A short description of a rejected item for the dead letter (its title and link, not the whole markup).
    static func outline(_ item: XMLElement) -> String {
        "<\(item.qualifiedName)> " + item.children.prefix(6).map { "\($0.localName)=\(String($0.trimmedText.prefix(200)))" }.joined(separator: "; ")
    }
}

extension XMLElement {
    static let empty = XMLElement(qualifiedName: "", localName: "", namespace: nil, attributes: [:], children: [], text: "", line: 0)
}

/// Feed dates: RFC 822/1123 (`Sat, 07 Sep 2002 00:00:01 GMT`, `+0800`, zone names, two-digit years) as RSS uses,
/// and ISO 8601 as Atom and Dublin Core use.
public enum FeedDate {
    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    static let zones = ["gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7]

    public static func parse(_ text: String, defaultOffsetSeconds: Int) -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let first = t.first, first.isNumber, t.contains("-"), let iso = ISOTime.parse(t, defaultOffsetSeconds: defaultOffsetSeconds) { return iso }
        var parts = t.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let f = parts.first, f.first?.isLetter == true { parts.removeFirst() }   // weekday
        guard parts.count >= 4, let day = Int(parts[0]), let month = months[String(parts[1].prefix(3)).lowercased()],
              var year = Int(parts[2]) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let hms = parts[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count >= 2, hms.count <= 3, (1...31).contains(day), hms[0] < 24, hms[1] < 60 else { return nil }
        var offset = defaultOffsetSeconds
        if parts.count >= 5 {
            let z = parts[4]
            if let sign = z.first, sign == "+" || sign == "-", z.count == 5, let v = Int(z.dropFirst()) {
                offset = (v / 100 * 3600 + v % 100 * 60) * (sign == "-" ? -1 : 1)
            } else if let h = zones[z.lowercased()] {
                offset = h * 3600
            } else { return nil }
        }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + (hms.count == 3 ? hms[2] : 0)) - Int64(offset)
        return Timestamp(milliseconds: seconds * 1000)
    }
}
