import WatchfloorCore

/// 12345 CSV exports → hotline cases, through `DecodeContext.hotlineCSV`. UTF-8 with or without BOM; when the
/// bytes are not valid UTF-8 they are read as GB18030 (a superset of GBK/GB2312) via iconv. Rows are numbered from
/// 1 after the header ("row N"); a row missing a required value is rejected naming the column.
public struct HotlineCSVDecoder: DocumentDecoder {
    public init() {}

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        func rejectAll(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: name, reason: reason, raw: Array(document.prefix(4096)))])
        }
        // A file cut inside its last character (a transfer that stopped short) keeps its good rows: the broken
        // tail after the last line break is dead-lettered on its own.
        var document = document
        var brokenTail: Rejection?
        if let (good, tail, bad) = CSVTail.splitBrokenUTF8Tail(document) {
            document = good
            brokenTail = Rejection(position: "\(name) last line (byte \(good.count))",
                                   reason: "the last line is cut inside a character (invalid UTF-8 at byte \(bad)); the rows before it were read",
                                   raw: Array(tail.prefix(4096)))
        }
        let table: CSVExport
        switch CSVExport.read(document) {
        case .failure(let e): return rejectAll(e.reason)
        case .success(let t): table = t
        }
        let m = context.hotlineCSV
        let column = table.column
        guard let ticketCol = column(m.ticket) else { return rejectAll("header has no ticket column (\(m.ticket.joined(separator: "/")))") }
        guard let timeCol = column(m.receivedAt) else { return rejectAll("header has no time column (\(m.receivedAt.joined(separator: "/")))") }
        guard let summaryCol = column(m.summary) else { return rejectAll("header has no summary column (\(m.summary.joined(separator: "/")))") }
        let typeCol = column(m.type)
        if typeCol == nil && m.defaultType == nil { return rejectAll("header has no type column (\(m.type.joined(separator: "/")))") }
        let callerCol = column(m.caller), phoneCol = column(m.phone), categoryCol = column(m.category)
        let gridCol = column(m.gridID), deptCol = column(m.department), statusCol = column(m.status)
        let callbackCol = column(m.callbackResult), satisfactionCol = column(m.satisfaction)
        let channelCol = column(m.channel), closedCol = column(m.closedAt)
        let offset = m.offsetSeconds ?? context.defaultOffsetSeconds

        func parseTime(_ s: String) -> Timestamp? {
            switch m.timeFormat {
            case .usMonthDayYear: return USDateTime.parse(s, offsetSeconds: offset)
            case .iso: return ISOTime.parse(s.replacingOccurrences(of: "/", with: "-"), defaultOffsetSeconds: offset)
            }
        }

        var result = DecodeResult()
        for (n, row) in table.rows.enumerated() {
            let position = "row \(n + 1)"
            func cell(_ c: CSVExport.Column?) -> String? { CSVExport.cell(row, c) }
            func reject(_ reason: String) {
                result.rejections.append(Rejection(position: position, reason: reason,
                                                   raw: Array(row.fields.joined(separator: ",").utf8.prefix(4096))))
            }
            guard let ticket = cell(ticketCol) else { reject("\(position): missing \(ticketCol.name)"); continue }
            guard let timeText = cell(timeCol) else { reject("\(position): missing \(timeCol.name)"); continue }
            guard let received = parseTime(timeText) else { reject("\(position): \(timeCol.name) '\(timeText)' is not a time"); continue }
            guard let summary = cell(summaryCol) else { reject("\(position): missing \(summaryCol.name)"); continue }
            var type = m.defaultType
            if let t = cell(typeCol) {
                guard let mapped = m.typeWords[t] else { reject("\(position): unknown \(typeCol!.name) '\(t)'"); continue }
                type = mapped
            }
            guard let hotlineType = type else { reject("\(position): missing \(typeCol?.name ?? "type")"); continue }
            var status = HotlineStatus.new
            if let s = cell(statusCol) {
                guard let mapped = m.statusWords[s] else { reject("\(position): unknown \(statusCol!.name) '\(s)'"); continue }
                status = mapped
            }
            var satisfaction: Satisfaction?
            if let s = cell(satisfactionCol) {
                guard let mapped = m.satisfactionWords[s] else { reject("\(position): unknown \(satisfactionCol!.name) '\(s)'"); continue }
                satisfaction = mapped
            }
            let channel = cell(channelCol).flatMap { m.channelWords[$0] } ?? .phone
            let grid = cell(gridCol).flatMap { GridCode.level(of: $0) != nil ? $0 : nil }
            let closedAt = status == .closed ? cell(closedCol).flatMap(parseTime) : nil
            var c = HotlineCase(ticket: ticket, receivedAt: received, channel: channel, caller: cell(callerCol),
                                phone: cell(phoneCol), type: hotlineType, category: cell(categoryCol), summary: summary,
                                gridID: grid, department: cell(deptCol), status: status, closedAt: closedAt,
                                callbackResult: cell(callbackCol), satisfaction: satisfaction)
            c.stageStartedAt = c.derivedStageStart
            result.records.append(.hotline(c))
        }
        if let brokenTail { result.rejections.append(brokenTail) }
        return result
    }
}

/// Finds a UTF-8 file whose only invalid bytes are after its last line break (cut inside the last character).
enum CSVTail {
    /// (the lines before, the broken tail, the offset of the first invalid byte), or nil when the file is valid
    /// UTF-8, has no line break, or is invalid earlier (then it may be GBK: the caller tries that).
    static func splitBrokenUTF8Tail(_ bytes: [UInt8]) -> (good: [UInt8], tail: [UInt8], bad: Int)? {
        guard let bad = UTF8Check.firstInvalidOffset(bytes), let lf = bytes.lastIndex(of: 0x0A), bad > lf else { return nil }
        return (Array(bytes[...lf]), Array(bytes[(lf + 1)...]), bad)
    }
}
