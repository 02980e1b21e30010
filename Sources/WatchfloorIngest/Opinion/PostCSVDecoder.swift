import WatchfloorCore

/// Which columns of a monitoring service's CSV export hold which post field. Each entry lists candidate headers,
/// tried in order (as `HotlineCSVMapping`); `[daemon.opinion.csv]` overrides them. The defaults cover the usual
/// Chinese export headers (发布平台, 作者, 正文 …) and plain English ones.
public struct PostCSVMapping: Sendable, Equatable {
    public var id: [String] = ["编号", "ID", "id", "信息ID", "帖子ID"]
    public var platform: [String] = ["平台", "发布平台", "来源", "媒体类型", "platform", "source"]
    public var author: [String] = ["作者", "发布者", "账号", "博主", "author"]
    public var title: [String] = ["标题", "title"]
    public var text: [String] = ["正文", "内容", "摘要", "text", "content"]
    public var url: [String] = ["链接", "原文链接", "URL", "url", "link"]
    public var publishedAt: [String] = ["发布时间", "时间", "published_at", "time"]
    public var reposts: [String] = ["转发数", "转发", "reposts"]
    public var comments: [String] = ["评论数", "评论", "comments"]
    public var likes: [String] = ["点赞数", "点赞", "likes"]
    public var location: [String] = ["地域", "属地", "IP属地", "location"]
    public var gridID: [String] = ["网格编码", "grid_id"]

    public init() {}
}

/// A monitoring service's CSV export → posts. UTF-8 (BOM or not) or GBK/GB18030; rows numbered from 1 after the
/// header; a row missing the text or the time, or with a count that is not a number, is rejected naming the column.
public struct PostCSVDecoder: DocumentDecoder {
    public init() {}

    public func decode(document: [UInt8], name: String, context: DecodeContext) -> DecodeResult {
        func rejectAll(_ reason: String) -> DecodeResult {
            DecodeResult(rejections: [Rejection(position: name, reason: reason, raw: Array(document.prefix(4096)))])
        }
        let table: CSVExport
        switch CSVExport.read(document) {
        case .failure(let e): return rejectAll(e.reason)
        case .success(let t): table = t
        }
        let m = context.postCSV
        let column = table.column
        guard let textCol = column(m.text) ?? column(m.title) else { return rejectAll("header has no text column (\(m.text.joined(separator: "/")))") }
        guard let timeCol = column(m.publishedAt) else { return rejectAll("header has no time column (\(m.publishedAt.joined(separator: "/")))") }
        let idCol = column(m.id), platformCol = column(m.platform), authorCol = column(m.author), titleCol = column(m.title)
        let urlCol = column(m.url), repostCol = column(m.reposts), commentCol = column(m.comments), likeCol = column(m.likes)
        let locationCol = column(m.location), gridCol = column(m.gridID)

        var result = DecodeResult()
        for (n, row) in table.rows.enumerated() {
            let position = "row \(n + 1)"
            func cell(_ c: CSVExport.Column?) -> String? { CSVExport.cell(row, c) }
            var bad: String?
            func count(_ c: CSVExport.Column?) -> Int {
                guard let s = cell(c) else { return 0 }
                // Exports write 1.2万 for 12,000.
                if s.hasSuffix("万"), let d = Double(s.dropLast()), d >= 0 { return Int(d * 10_000) }
                guard let v = Int(s.replacingOccurrences(of: ",", with: "")), v >= 0 else { bad = "\(c!.name) '\(s)' is not a count"; return 0 }
                return v
            }
            func reject(_ reason: String) {
                result.rejections.append(Rejection(position: position, reason: "\(position): \(reason)",
                                                   raw: Array(row.fields.joined(separator: ",").utf8.prefix(4096))))
            }
            guard let body = cell(textCol) else { reject("missing \(textCol.name)"); continue }
            guard let timeText = cell(timeCol) else { reject("missing \(timeCol.name)"); continue }
            guard let at = ISOTime.parse(timeText.replacingOccurrences(of: "/", with: "-"), defaultOffsetSeconds: context.defaultOffsetSeconds) else {
                reject("\(timeCol.name) '\(timeText)' is not a time"); continue
            }
            let reposts = count(repostCol), comments = count(commentCol), likes = count(likeCol)
            if let bad { reject(bad); continue }
            let platform = cell(platformCol) ?? context.sourceName
            let url = cell(urlCol)
            let grid = cell(gridCol).flatMap { GridCode.level(of: $0) != nil ? $0 : nil }
            result.records.append(.post(Post(platform: platform, postID: cell(idCol) ?? url ?? Post.contentID(platform: platform, publishedAt: at, text: body),
                                             author: cell(authorCol), title: titleCol?.index == textCol.index ? nil : cell(titleCol), text: body,
                                             url: url, publishedAt: at, reposts: reposts, comments: comments, likes: likes,
                                             location: cell(locationCol), gridID: grid)))
        }
        return result
    }
}
