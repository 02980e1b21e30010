import WatchfloorCore

/// Reads `[daemon.opinion]` (docs/opinion.md):
///
/// ```toml
/// [daemon.opinion]
/// thresholds = [40, 60, 85, 120]      # heat for grades Ⅳ, Ⅲ, Ⅱ, Ⅰ
/// hamming_threshold = 11              # SimHash bits for near-duplicates
/// story_window_minutes = 360          # same category + place joins one story within this
/// index_window_hours = 72
/// places_from_grids = true
/// exclude = ["演练", "演习"]            # replaces the default exclusion words
/// replace_default_words = false       # true: only the categories below are watched
/// [daemon.opinion.watch]              # category → extra watch-words
/// natural_disaster = ["石门水库"]
/// [daemon.opinion.places]             # extra place names → grid code
/// "石门水库" = "990102002002"
/// [daemon.opinion.csv]                # post CSV columns (candidate headers, in order)
/// text = ["正文", "内容"]
/// ```
enum OpinionConfig {
    static func parse(_ value: TOMLValue?, file: String?, into pipeline: inout PipelineConfig) throws {
        guard let value else { return }
        guard let t = value.table else { throw DaemonConfig.ConfigError(file: file, key: "opinion", message: "must be a table") }
        var r = DaemonConfig.Reader(table: t, prefix: "opinion.", file: file)
        var s = OpinionSettings()
        if let th = r.value("thresholds") {
            guard let a = th.array, a.count == 4, let v = Optional(a.compactMap(\.double)), v.count == 4, v == v.sorted(), v[0] > 0 else {
                throw r.error("thresholds", "must be four ascending positive numbers: the heat for grades Ⅳ, Ⅲ, Ⅱ, Ⅰ")
            }
            s.thresholds = HeatThresholds(four: v[0], three: v[1], two: v[2], one: v[3])
        }
        s.clustering.threshold = try r.int("hamming_threshold", s.clustering.threshold, min: 0)
        guard s.clustering.threshold <= 32 else { throw r.error("hamming_threshold", "must be at most 32 (of 64 bits)") }
        s.clustering.storyWindowMilliseconds = Int64(try r.int("story_window_minutes", Int(s.clustering.storyWindowMilliseconds / 60_000), min: 0)) * 60_000
        s.indexWindowHours = try r.int("index_window_hours", s.indexWindowHours, min: 1)
        s.placesFromGrids = try r.bool("places_from_grids", true)
        if let ex = try r.strings("exclude") { s.rules.exclusions = ex }
        if try r.bool("replace_default_words", false) { s.rules.categories = [] }
        if let w = r.value("watch") {
            guard let wt = w.table else { throw r.error("watch", "must be a table of category = [words]") }
            for (category, words) in wt.sorted(by: { $0.key < $1.key }) {
                guard let a = words.array, a.allSatisfy({ $0.string != nil }) else {
                    throw r.error("watch.\(category)", "must be an array of strings")
                }
                let list = a.compactMap(\.string).filter { !$0.isEmpty }
                if let i = s.rules.categories.firstIndex(where: { $0.name == category }) { s.rules.categories[i].words += list }
                else { s.rules.categories.append((category, list)) }
            }
        }
        if let p = r.value("places") {
            guard let pt = p.table else { throw r.error("places", "must be a table of name = \"grid code\"") }
            for (name, code) in pt.sorted(by: { $0.key < $1.key }) {
                guard let c = code.string, GridCode.level(of: c) != nil else { throw r.error("places.\(name)", "must be a grid code (6, 9, 12 or 15 digits)") }
                s.rules.places.append((name, c))
            }
        }
        if let c = r.value("csv") {
            guard let ct = c.table else { throw r.error("csv", "must be a table of field = [headers]") }
            var cr = DaemonConfig.Reader(table: ct, prefix: "opinion.csv.", file: file)
            var m = PostCSVMapping()
            let fields: [(String, WritableKeyPath<PostCSVMapping, [String]>)] = [
                ("id", \.id), ("platform", \.platform), ("author", \.author), ("title", \.title), ("text", \.text), ("url", \.url),
                ("published_at", \.publishedAt), ("reposts", \.reposts), ("comments", \.comments), ("likes", \.likes),
                ("location", \.location), ("grid_id", \.gridID),
            ]
            for (key, path) in fields { if let v = try cr.strings(key) { m[keyPath: path] = v } }
            try cr.rejectUnknown()
            pipeline.postCSV = m
        }
        try r.rejectUnknown()
        pipeline.opinion = s
    }
}
