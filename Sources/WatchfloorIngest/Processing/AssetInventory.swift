import WatchfloorCore

/// The county's known assets: which internal address is which system, and in which grid it sits. Alerts from
/// sensors name IPs; operators think in systems ("县政务服务网"), so the daemon names the asset on the way in.
///
/// ```toml
/// [[daemon.assets]]
/// ip = "10.99.1.20"
/// name = "县政务服务网"
/// grid = "990102001001001"
/// ```
public struct AssetInventory: Sendable, Equatable {
    public struct Asset: Sendable, Equatable {
        public var ip: String
        public var name: String
        public var grid: String?
        public init(ip: String, name: String, grid: String? = nil) { self.ip = ip; self.name = name; self.grid = grid }
    }

    public private(set) var assets: [Asset]
    private var byIP: [String: Int] = [:]
    private var byName: [String: Int] = [:]

    public init(_ assets: [Asset] = []) {
        self.assets = assets
        for (i, a) in assets.enumerated() {
            byIP[a.ip] = byIP[a.ip] ?? i
            byName[a.name] = byName[a.name] ?? i
        }
    }

    public var isEmpty: Bool { assets.isEmpty }

    public func asset(ip: String) -> Asset? { byIP[ip].map { assets[$0] } }

    /// Names the observation's asset from its destination host when the sensor did not, and fills the grid from
    /// the inventory when the sensor named a known asset but no grid. A sensor's own asset name wins.
    public func enrich(_ o: inout AlertObservation) {
        if byIP.isEmpty { return }
        if let name = o.asset, !name.isEmpty {
            if o.gridID == nil, let i = byName[name] { o.gridID = assets[i].grid }
            return
        }
        if let i = byIP[o.destHost] {
            o.asset = assets[i].name
            if o.gridID == nil { o.gridID = assets[i].grid }
        }
    }

    public func enrich(_ records: inout [IngestRecord]) {
        if byIP.isEmpty { return }
        for i in records.indices {
            if case .alert(var o) = records[i] {
                enrich(&o)
                records[i] = .alert(o)
            }
        }
    }
}
