/// Everything public-opinion ingest is configured by (`[daemon.opinion]`, docs/opinion.md): the watch rules, the
/// clustering knobs and the heat thresholds that raise incidents.
public struct OpinionSettings: Sendable, Equatable {
    public var rules = WatchRules()
    /// Add the grid hierarchy's names (from the store) to `rules.places`.
    public var placesFromGrids = true
    public var clustering = OpinionClusterer.Settings()
    public var thresholds = HeatThresholds()
    /// How far back the near-duplicate index is rebuilt from the store after a restart.
    public var indexWindowHours = 72

    public init() {}
}
