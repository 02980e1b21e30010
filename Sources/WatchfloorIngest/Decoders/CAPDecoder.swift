import WatchfloorCore

/// OASIS CAP 1.0/1.1/1.2 alerts → incidents (source `cap`, source_ref = identifier).
///
/// - Root `alert` (also inside `alerts`, EDXL-DE `embeddedXMLContent`, or an Atom entry's `content`): decoded.
///   Alerts in the CAP namespace are validated strictly (identifier, sender, sent, status, msgType, scope; in each
///   info category/event/urgency/severity/certainty with their enumerations; `references` non-empty when
///   present). An `alert` with no namespace (MET Norway's mocks) is read leniently: only identifier and a valid
///   sent are required. A foreign namespace is rejected.
/// - The `info` block with language `zh-CN` (else any `zh*`, else the first) is used; other languages are noted in
///   the detail. Level = `SeverityMapping.fromCAP(severity)`; category Met/Geo/Fire/Env → natural_disaster,
///   Health → public_health, Safety/Security → public_safety, Rescue/Infra/Transport/CBRNE → production_safety,
///   else other. Title = headline, else event; location = areaDesc(s); detail = description + instruction (+ the
///   other languages, polygons/circles/geocodes as text).
/// - msgType Alert → `.incident`; Update → `.incident(…, supersedes: referenced identifiers)`; Cancel →
///   `.incidentCancel` of the referenced identifiers (with or without `info`, as CAP 1.2 allows; the store keeps
///   a Cancel that arrives before its Alert). An Alert or Update without any `info` is rejected even though CAP
///   allows it: there is nothing to show; Ack/Error → skipped `cap-ack`/`cap-error`. status other than Actual (Exercise, System,
///   Test, Draft) → skipped `cap-<status>`: they must not reach the duty room as real incidents.
/// - Atom/RSS index feeds are not alerts: skipped `atom-index`/`rss-index` when well-formed, rejected when the
///   feed lacks what Atom/RSS require (feed/entry id and title, entry link or content; RSS channel title, link,
///   description and item title or description) or has unknown Atom elements.
public struct CAPDecoder: DocumentDecoder {
    public init() {}

    static let capNamespaces: Set<String> = [
        "urn:oasis:names:tc:emergency:cap:1.0", "urn:oasis:names:tc:emergency:cap:1.1", "urn:oasis:names:tc:emergency:cap:1.2",
        "http://www.incident.com/cap/1.0",
    ]
    static let atomNS = "http://www.w3.org/2005/Atom"

    struct Invalid: Error { var position: String; var reason: String }

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        let root: XMLElement
        do { root = try XMLParser.parse(document) } catch let e as XMLError {
            return DecodeResult(rejections: [Rejection(position: e.line > 0 ? "\(name) line \(e.line)" : name,
                                                       reason: "not well-formed XML: \(e.message)", raw: Array(document.prefix(4096)))])
        } catch {
            return DecodeResult(rejections: [Rejection(position: name, reason: "\(error)", raw: Array(document.prefix(4096)))])
        }
        var result = DecodeResult()
        func rejectAll(_ position: String, _ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: position, reason: reason, raw: Array(document.prefix(4096)))])
        }
        switch root.localName {
        case "alert":
            result.merge(decodeAlert(root, position: name, raw: document, context: context))
        case "alerts":
            for (i, a) in root.children("alert").enumerated() {
                result.merge(decodeAlert(a, position: "\(name) alert[\(i)]", raw: document, context: context))
            }
            if root.children("alert").isEmpty { return rejectAll(name, "<alerts> wrapper without any <alert>") }
        case "EDXLDistribution":
            let objects = root.children("contentObject")
            if objects.isEmpty { return rejectAll(name, "EDXL-DE distribution without a contentObject") }
            for (i, obj) in objects.enumerated() {
                let embedded = obj.descendants("embeddedXMLContent")
                let alerts = embedded.flatMap { $0.children("alert") }
                if alerts.isEmpty {
                    if !embedded.isEmpty {
                        result.rejections.append(Rejection(position: "\(name) contentObject[\(i)]",
                            reason: "embeddedXMLContent holds no CAP <alert>", raw: []))
                    } else {
                        result.skipped["edxl-non-cap-content", default: 0] += 1
                    }
                }
                for a in alerts {
                    result.merge(decodeAlert(a, position: "\(name) contentObject[\(i)]", raw: document, context: context))
                }
            }
        case "feed" where root.namespace == CAPDecoder.atomNS:
            do {
                let embedded = try validateAtom(root)
                if embedded.isEmpty { result.skipped["atom-index", default: 0] += 1 }
                for (i, a) in embedded.enumerated() {
                    result.merge(decodeAlert(a, position: "\(name) entry[\(i)]", raw: document, context: context))
                }
            } catch let e as Invalid {
                return rejectAll("\(name) \(e.position)", e.reason)
            } catch { return rejectAll(name, "\(error)") }
        case "rss":
            do {
                try validateRSS(root)
                result.skipped["rss-index", default: 0] += 1
            } catch let e as Invalid {
                return rejectAll("\(name) \(e.position)", e.reason)
            } catch { return rejectAll(name, "\(error)") }
        default:
            return rejectAll(name, "root element <\(root.qualifiedName)> is not a CAP alert, EDXL-DE distribution, Atom or RSS feed")
        }
        return result
    }

    // MARK: Atom / RSS index feeds

    static let atomFeedChildren: Set<String> = ["author", "category", "contributor", "generator", "icon", "id", "link",
                                                "logo", "rights", "subtitle", "title", "updated", "entry"]
    static let atomEntryChildren: Set<String> = ["author", "category", "content", "contributor", "id", "link",
                                                 "published", "rights", "source", "summary", "title", "updated"]

    /// Validates an Atom feed; returns the CAP alerts embedded in entry contents (usually none).
    func validateAtom(_ feed: XMLElement) throws -> [XMLElement] {
        for c in feed.children where c.namespace == CAPDecoder.atomNS && !CAPDecoder.atomFeedChildren.contains(c.localName) {
            throw Invalid(position: "line \(c.line)", reason: "unknown Atom element <\(c.localName)> in <feed>")
        }
        guard let id = feed.childText("id"), !id.isEmpty else { throw Invalid(position: "feed", reason: "Atom feed without <id>") }
        guard feed.child("title") != nil else { throw Invalid(position: "feed", reason: "Atom feed without <title>") }
        var alerts: [XMLElement] = []
        for (i, entry) in feed.children("entry").enumerated() {
            for c in entry.children where c.namespace == CAPDecoder.atomNS && !CAPDecoder.atomEntryChildren.contains(c.localName) {
                throw Invalid(position: "entry[\(i)]", reason: "unknown Atom element <\(c.localName)> in <entry>")
            }
            guard let eid = entry.childText("id"), !eid.isEmpty else {
                throw Invalid(position: "entry[\(i)]", reason: "Atom entry without <id>")
            }
            guard entry.child("title") != nil else { throw Invalid(position: "entry[\(i)]", reason: "Atom entry without <title>") }
            let content = entry.child("content")
            let embedded = content?.children("alert") ?? []
            let hasContent = !(content?.trimmedText.isEmpty ?? true) || !embedded.isEmpty
                || content?.attributes["src"] != nil
            if entry.children("link").isEmpty && !hasContent {
                throw Invalid(position: "entry[\(i)]", reason: "Atom entry without <link> and without content")
            }
            alerts += embedded
        }
        return alerts
    }

    func validateRSS(_ rss: XMLElement) throws {
        guard let channel = rss.child("channel") else { throw Invalid(position: "rss", reason: "RSS without <channel>") }
        for field in ["title", "link", "description"] where channel.child(field) == nil {
            throw Invalid(position: "channel", reason: "RSS channel without <\(field)>")
        }
        for (i, item) in channel.children("item").enumerated()
        where (item.childText("title") ?? "").isEmpty && (item.childText("description") ?? "").isEmpty {
            throw Invalid(position: "item[\(i)]", reason: "RSS item without <title> or <description>")
        }
    }

    // MARK: alerts

    static let statuses: Set<String> = ["Actual", "Exercise", "System", "Test", "Draft"]
    static let msgTypes: Set<String> = ["Alert", "Update", "Cancel", "Ack", "Error"]
    static let scopes: Set<String> = ["Public", "Restricted", "Private"]
    static let urgencies: Set<String> = ["Immediate", "Expected", "Future", "Past", "Unknown"]
    static let certainties: Set<String> = ["Observed", "Likely", "Possible", "Unlikely", "Unknown", "Very Likely"]
    static let categories: Set<String> = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
                                          "Transport", "Infra", "CBRNE", "Other"]

    func decodeAlert(_ a: XMLElement, position: String, raw: [UInt8], context: DecodeContext) -> DecodeResult {
        do {
            return try decodeAlertThrowing(a, position: position, context: context)
        } catch let e as Invalid {
            return DecodeResult(rejections: [Rejection(position: e.position.isEmpty ? position : "\(position) \(e.position)",
                                                       reason: e.reason, raw: Array(raw.prefix(4096)))])
        } catch {
            return DecodeResult(rejections: [Rejection(position: position, reason: "\(error)", raw: Array(raw.prefix(4096)))])
        }
    }

    func decodeAlertThrowing(_ a: XMLElement, position: String, context: DecodeContext) throws -> DecodeResult {
        let strict: Bool
        if let ns = a.namespace {
            guard CAPDecoder.capNamespaces.contains(ns) else {
                throw Invalid(position: "", reason: "<alert> in unknown namespace '\(ns)' (expected urn:oasis:names:tc:emergency:cap:1.1 or 1.2)")
            }
            strict = true
        } else { strict = false }

        func required(_ el: XMLElement, _ field: String, _ where_: String = "") throws -> String {
            guard let v = el.childText(field) else { throw Invalid(position: where_, reason: "missing required <\(field)>") }
            guard !v.isEmpty else { throw Invalid(position: where_, reason: "empty <\(field)>") }
            return v
        }
        func optional(_ el: XMLElement, _ field: String) -> String? {
            guard let v = el.childText(field), !v.isEmpty else { return nil }
            return v
        }
        func oneOf(_ value: String, _ allowed: Set<String>, _ field: String, _ where_: String = "") throws {
            guard allowed.contains(value) else {
                throw Invalid(position: where_, reason: "<\(field)> '\(value)' is not one of \(allowed.sorted().joined(separator: ", "))")
            }
        }

        let identifier = try required(a, "identifier")
        if strict, identifier.contains(where: { $0 == " " || $0 == "," || $0 == "<" || $0 == "&" }) {
            throw Invalid(position: "", reason: "<identifier> '\(identifier)' contains a space, comma or restricted character")
        }
        let sentText = try required(a, "sent")
        guard let sent = ISOTime.parse(sentText, defaultOffsetSeconds: context.defaultOffsetSeconds) else {
            throw Invalid(position: "", reason: "<sent> '\(sentText)' is not an ISO-8601 time")
        }
        var status = "Actual", msgType = "Alert"
        var sender = optional(a, "sender")
        if strict {
            sender = try required(a, "sender")
            status = try required(a, "status"); try oneOf(status, CAPDecoder.statuses, "status")
            msgType = try required(a, "msgType"); try oneOf(msgType, CAPDecoder.msgTypes, "msgType")
            let scope = try required(a, "scope"); try oneOf(scope, CAPDecoder.scopes, "scope")
        } else {
            if let s = optional(a, "status") { status = s }
            if let m = optional(a, "msgType") { msgType = m }
        }
        var references: [String] = []
        if let refs = a.child("references") {
            let text = refs.trimmedText
            // An empty <references/> is harmless on a new Alert (NAADS sends it) but makes an Update or Cancel
            // meaningless, and is invalid CAP either way.
            if text.isEmpty && msgType != "Alert" {
                throw Invalid(position: "", reason: "empty <references> (omit it or list sender,identifier,sent)")
            }
            // Each reference is "sender,identifier,sent", references separated by whitespace.
            for ref in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                let parts = ref.split(separator: ",", omittingEmptySubsequences: false)
                references.append(parts.count >= 2 ? String(parts[1]) : String(ref))
            }
        }
        if (msgType == "Update" || msgType == "Cancel") && strict && references.isEmpty {
            throw Invalid(position: "", reason: "\(msgType) without <references>")
        }
        if a.children("info").isEmpty && (msgType == "Alert" || msgType == "Update") {
            // CAP allows it, but an Alert or Update with no info has no event, severity or area to show. A Cancel,
            // Ack or Error needs none: it only points at earlier messages.
            throw Invalid(position: "", reason: "\(msgType) without any <info> block: nothing to show the duty room")
        }
        if status != "Actual" { return DecodeResult(skipped: ["cap-\(status.lowercased())": 1]) }
        switch msgType {
        case "Ack": return DecodeResult(skipped: ["cap-ack": 1])
        case "Error": return DecodeResult(skipped: ["cap-error": 1])
        case "Cancel":
            let note = optional(a, "note")
            // A Cancel whose Alert has not arrived yet is kept until the latest <expires> it states.
            let expires = a.children("info").compactMap { optional($0, "expires") }
                .compactMap { ISOTime.parse($0, defaultOffsetSeconds: context.defaultOffsetSeconds) }.max()
            return DecodeResult(records: [.incidentCancel(source: "cap", sourceRefs: references.isEmpty ? [identifier] : references,
                                                          at: sent, reason: note, expires: expires)])
        default: break
        }

        let infos = a.children("info")
        if strict {
            for (i, info) in infos.enumerated() {
                let w = "info[\(i)]"
                let cats = info.children("category").map(\.trimmedText)
                guard !cats.isEmpty else { throw Invalid(position: w, reason: "missing required <category>") }
                for c in cats { try oneOf(c, CAPDecoder.categories, "category", w) }
                _ = try required(info, "event", w)
                try oneOf(try required(info, "urgency", w), CAPDecoder.urgencies, "urgency", w)
                let sev = try required(info, "severity", w)
                guard SeverityMapping.fromCAP(sev) != nil else {
                    throw Invalid(position: w, reason: "<severity> '\(sev)' is not Extreme, Severe, Moderate, Minor or Unknown")
                }
                try oneOf(try required(info, "certainty", w), CAPDecoder.certainties, "certainty", w)
                for (k, area) in info.children("area").enumerated() {
                    _ = try required(area, "areaDesc", "\(w) area[\(k)]")
                    // An empty <polygon/> (NWS emits them) is treated as absent.
                    for p in area.children("polygon") where !p.trimmedText.isEmpty && !CAPGeometry.isPolygon(p.trimmedText) {
                        throw Invalid(position: "\(w) area[\(k)]", reason: "<polygon> '\(p.trimmedText.prefix(40))' is not ≥ 4 closed lat,lon pairs")
                    }
                }
            }
        } else {
            for (i, info) in infos.enumerated() {
                for (k, area) in info.children("area").enumerated() {
                    for p in area.children("polygon") where !CAPGeometry.isPolygon(p.trimmedText, strict: false) {
                        throw Invalid(position: "info[\(i)] area[\(k)]", reason: "<polygon> '\(p.trimmedText.prefix(40))' is not a list of lat,lon pairs")
                    }
                }
            }
        }
        let chosenIndex = infos.firstIndex { ($0.childText("language") ?? "").lowercased() == "zh-cn" }
            ?? infos.firstIndex { ($0.childText("language") ?? "").lowercased().hasPrefix("zh") } ?? 0
        let info = infos[chosenIndex]
        let level = SeverityMapping.fromCAP(info.childText("severity") ?? "Unknown") ?? .four
        let category = CAPDecoder.category(info.children("category").map(\.trimmedText))
        let event = optional(info, "event")
        let headline = optional(info, "headline")
        let areas = info.children("area")
        let location = areas.compactMap { optional($0, "areaDesc") }.joined(separator: "; ")
        var detail: [String] = []
        if let d = optional(info, "description") { detail.append(d) }
        if let ins = optional(info, "instruction") { detail.append(ins) }
        for area in areas {
            for p in area.children("polygon") where !p.trimmedText.isEmpty { detail.append("polygon: \(p.trimmedText)") }
            for c in area.children("circle") { detail.append("circle: \(c.trimmedText)") }
            for g in area.children("geocode") {
                detail.append("geocode \(g.childText("valueName") ?? ""): \(g.childText("value") ?? "")")
            }
        }
        let others = infos.enumerated().filter { $0.offset != chosenIndex }.map { $0.element.childText("language") ?? "en-US" }
        if !others.isEmpty { detail.append("also in: \(Array(Set(others)).sorted().joined(separator: ", "))") }
        let incident = Incident(id: "", source: "cap", sourceRef: identifier, category: category, level: level,
                                title: headline ?? event ?? (location.isEmpty ? identifier : location),
                                detail: detail.joined(separator: "\n\n"), location: location.isEmpty ? nil : location,
                                reporter: optional(info, "senderName") ?? sender, reportedAt: sent)
        return DecodeResult(records: [.incident(incident, supersedes: msgType == "Update" ? references : [])])
    }

    static func category(_ cats: [String]) -> IncidentCategory {
        for c in cats {
            switch c {
            case "Met", "Geo", "Fire", "Env": return .naturalDisaster
            case "Health": return .publicHealth
            case "Safety", "Security": return .publicSafety
            case "Rescue", "Infra", "Transport", "CBRNE": return .productionSafety
            default: continue
            }
        }
        return .other
    }
}

enum CAPGeometry {
    /// CAP polygon: whitespace-separated "lat,lon" pairs, at least 4, first == last. Non-strict (documents
    /// outside the CAP namespace) only requires numeric pairs.
    static func isPolygon(_ text: String, strict: Bool = true) -> Bool {
        let pairs = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        guard !pairs.isEmpty, !strict || pairs.count >= 4 else { return false }
        for p in pairs {
            let xy = p.split(separator: ",")
            guard xy.count == 2, let lat = Double(xy[0]), let lon = Double(xy[1]), abs(lat) <= 90, abs(lon) <= 180 else { return false }
        }
        return !strict || pairs.first == pairs.last
    }
}
