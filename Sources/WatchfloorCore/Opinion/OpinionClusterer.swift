/// Decides which topic a post belongs to, at constant cost per post:
/// 1. a near-duplicate (SimHash within the threshold, `SimHashIndex`) joins the topic of the nearest earlier post;
/// 2. otherwise a post that matched a watch category and names a place joins the topic last seen with that same
///    category in the same township (places are compared by their township's grid code, so 石门村 and 青石镇 meet)
///    within `storyWindow` — the same story told in other words (a paraphrase, a follow-up);
/// 3. otherwise it starts a new topic.
/// Reposts that name their original (`Post.repostOf`) are joined by the store before this (the original's topic).
///
/// Topics are identified by the store's integer key. The state is an index, not a record: the store rebuilds it
/// from recent posts after a restart or a failed commit.
public struct OpinionClusterer: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Hamming distance (bits of 64) up to which two posts are near-duplicates.
        public var threshold: Int
        /// Milliseconds within which a post with the same category and place joins the same story; 0 disables.
        public var storyWindowMilliseconds: Int64
        public init(threshold: Int = 14, storyWindowMilliseconds: Int64 = 6 * 3_600_000) {
            self.threshold = threshold; self.storyWindowMilliseconds = storyWindowMilliseconds
        }
    }

    public enum Reason: String, Sendable { case nearDuplicate = "near_duplicate", story, new }

    public let settings: Settings
    private var index: SimHashIndex
    private var stories: [String: (topic: Int64, lastSeen: Timestamp)] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
        index = SimHashIndex(threshold: settings.threshold)
    }

    /// The topic an incoming post joins, or nil for a new topic.
    public func topic(for hash: UInt64, category: String?, gridID: String?, at: Timestamp) -> (topic: Int64, reason: Reason, distance: Int?)? {
        if let hit = index.nearest(hash) { return (hit.topic, .nearDuplicate, hit.distance) }
        if let key = OpinionClusterer.storyKey(category, gridID), settings.storyWindowMilliseconds > 0,
           let s = stories[key], abs(at.milliseconds - s.lastSeen.milliseconds) <= settings.storyWindowMilliseconds {
            return (s.topic, .story, nil)
        }
        return nil
    }

    /// Records that the post with `hash` is in `topic`. An exact copy of an entry already filed is not filed
    /// again, so a flood of identical reposts does not push other stories out of the index; `nearestDistance` is
    /// what `topic(for:)` found, so the index is not searched twice.
    public mutating func file(_ hash: UInt64, topic: Int64, category: String?, gridID: String?, at: Timestamp,
                              nearestDistance: Int? = -1) {
        let d = nearestDistance == -1 ? index.nearest(hash)?.distance : nearestDistance
        if d != 0 { index.insert(hash, topic: topic) }
        if let key = OpinionClusterer.storyKey(category, gridID) {
            if let s = stories[key], s.lastSeen > at, s.topic != topic { return }
            stories[key] = (topic, at)
        }
    }

    public mutating func reset() {
        index.removeAll()
        stories.removeAll()
    }

    static func storyKey(_ category: String?, _ grid: String?) -> String? {
        guard let category, let grid else { return nil }
        return category + "|" + grid.prefix(GridLevel.township.codeLength)
    }
}
