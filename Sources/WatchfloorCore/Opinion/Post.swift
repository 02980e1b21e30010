/// One post from a platform or a news feed (微博, 微信公众号, 抖音, a news site's RSS item). Posts are facts from
/// outside: the store keeps each once per (platform, postID) and gathers near-duplicates and reposts into a
/// `OpinionTopic`.
public struct Post: Sendable, Equatable, Codable {
    /// The platform or feed name ("weibo", "douyin", "云岭发布"); with `postID` it identifies the post.
    public var platform: String
    /// The platform's own id; decoders derive one from the URL (or a hash of the content) when the feed has none.
    public var postID: String
    public var author: String?
    /// A headline when the source has one (RSS/Atom items); matched and clustered together with `text`.
    public var title: String?
    public var text: String
    /// Shown to the operator as text, never opened.
    public var url: String?
    public var publishedAt: Timestamp
    public var reposts: Int
    public var comments: Int
    public var likes: Int
    /// Free-text location the platform reports (IP 属地, check-in place).
    public var location: String?
    public var gridID: String?
    /// The post this one reposts (its `postID` or URL), when the platform says so.
    public var repostOf: String?

    public init(platform: String, postID: String, author: String? = nil, title: String? = nil, text: String,
                url: String? = nil, publishedAt: Timestamp, reposts: Int = 0, comments: Int = 0, likes: Int = 0,
                location: String? = nil, gridID: String? = nil, repostOf: String? = nil) {
        self.platform = platform; self.postID = postID; self.author = author; self.title = title; self.text = text
        self.url = url; self.publishedAt = publishedAt; self.reposts = reposts; self.comments = comments
        self.likes = likes; self.location = location; self.gridID = gridID; self.repostOf = repostOf
    }

    /// Title and text as one string, for matching and clustering.
    public var content: String {
        guard let title, !title.isEmpty else { return text }
        return text.hasPrefix(title) ? text : title + "\n" + text
    }

    /// Engagement as heat counts it: a repost spreads the story furthest, a comment shows involvement, a like is
    /// cheap (see docs/opinion.md).
    public var engagement: Int { reposts * 2 + comments * 2 + likes / 2 }

    /// A stable id from what the post says, for feeds that give none (FNV-1a over platform, time and text).
    public static func contentID(platform: String, publishedAt: Timestamp, text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in platform.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var t = publishedAt.milliseconds
        for _ in 0..<8 { h = (h ^ UInt64(UInt8(truncatingIfNeeded: t))) &* 0x100_0000_01b3; t >>= 8 }
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "h" + String(h, radix: 16)
    }
}
