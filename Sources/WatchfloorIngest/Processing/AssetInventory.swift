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
        if let i = byIP[AssetInventory.host(of: o.dest)] {
            o.asset = assets[i].name
            if o.gridID == nil { o.gridID = assets[i].grid }
        }
    }

    /// The address part of an endpoint (`10.0.0.1:443` → `10.0.0.1`, `[fe80::1]:443` → `fe80::1`, a bare
    /// IPv6 address unchanged): `AlertObservation.destHost`, but on UTF-8 bytes, as it runs for every alert.
    static func host(of endpoint: String) -> String {
        let u = endpoint.utf8
        guard let first = u.first else { return endpoint }
        if first == UInt8(ascii: "[") {
            guard let close = u.firstIndex(of: UInt8(ascii: "]")) else { return endpoint }
            return String(endpoint[u.index(after: u.startIndex)..<close])
        }
        guard let colon = u.lastIndex(of: UInt8(ascii: ":")) else { return endpoint }
        if u[u.startIndex..<colon].contains(UInt8(ascii: ":")) { return endpoint }   // bare IPv6
        return String(endpoint[..<colon])
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
