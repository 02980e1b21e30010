import Foundation
import WatchfloorCore
import WatchfloorStore

/// The `[daemon]` section of a settings file: pipeline tuning, processing rules and the sources. Relative paths are
/// relative to the file. Every key is optional except each source's own essentials; an unknown source kind or a
/// wrong type is an error that names the key.
///
/// ```toml
/// [daemon]
/// batch_max_records = 20000     # records per transaction at most
/// batch_linger_ms = 0           # extra wait to fill a batch (0: commit as soon as the writer is free)
/// queue_max_records = 100000    # back-pressure: sources block beyond this
/// queue_max_bytes = 4194304     # … or beyond this much queued input (bounds the daemon's memory)
/// batch_max_ms = 25             # cut batches so a transaction holds the lock about this long (operators wait ≤ one)
/// commit_pause_us = 0           # leave the write lock free this long after a long transaction
/// wal_checkpoint_pages = 1000   # the writer checkpoints the WAL beyond this many 4 KiB pages
/// max_body_bytes = 8388608      # HTTP request bodies
/// dead_letter_raw_bytes = 4096  # raw bytes kept per dead letter
/// escalate_every_seconds = 5
/// dedup_key = ["sensor", "signature_id", "src", "dest"]
///
/// [daemon.correlation]
/// min_count = 20
/// max_level = 2
/// window_minutes = 10
///
/// [[daemon.assets]]
/// ip = "10.99.1.20"
/// name = "县政务服务网"
/// grid = "990102001001001"
///
/// [[daemon.spool]]   name = "spool"   path = "spool"  (format = "eve": else by extension)
/// [[daemon.tail]]    name = "suricata" path = "/var/log/suricata/eve.json"  format = "eve"
/// [[daemon.syslog]]  name = "syslog-udp" protocol = "udp" port = 5514 (address = "127.0.0.1")
///                    (protocol = "tls": tls_certificate, tls_key, tls_client_ca; allow = ["10.0.0.0/8"], insecure,
///                     max_connections_per_peer, idle_timeout_seconds, max_frame_bytes — see ListenerSettings.swift;
///                     assume_utc_offset = "+00:00": the zone of RFC 3164 timestamps, default the county's)
/// [daemon.http]      port = 8089 (address = "127.0.0.1"; tls_*, allow, insecure, head/body/idle_timeout_seconds,
///                    max_connections_per_peer; [[daemon.http.token]] source, kinds, sha256)
/// ```
public struct DaemonConfig: Sendable, Equatable {
    public var pipeline = PipelineConfig()
    public var escalateEverySeconds: Double = 5
    /// /healthz turns 503 when the oldest queued record has waited longer than this.
    public var healthMaxBacklogSeconds: Double = 30
    public var sources: [SourceConfig] = []
    /// `[daemon] log_level`: one of `DaemonConfig.logLevels`; nil = info (`--log-level` overrides).
    public var logLevel: String?
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public init() {}

    public struct ConfigError: Error, CustomStringConvertible, Equatable {
        public var file: String?
        public var key: String
        public var message: String
        public var description: String { "\(file.map { "\($0): " } ?? "")[daemon] \(key): \(message)" }
    }

    /// Reads the `[daemon]` table of a parsed settings file. `baseDirectory` resolves relative paths.
    public static func parse(_ root: [String: TOMLValue], file: String? = nil, baseDirectory: String,
                             offsetSeconds: Int = ISOTime.chinaOffsetSeconds) throws -> DaemonConfig {
        var c = DaemonConfig()
        c.pipeline.offsetSeconds = offsetSeconds
        guard let d = root["daemon"] else { return c }
        guard let t = d.table else { throw ConfigError(file: file, key: "daemon", message: "must be a table") }
        var r = Reader(table: t, prefix: "", file: file)
        c.pipeline.batchMaxRecords = try r.int("batch_max_records", c.pipeline.batchMaxRecords, min: 1)
        c.pipeline.lingerMilliseconds = try r.int("batch_linger_ms", c.pipeline.lingerMilliseconds, min: 0)
        c.pipeline.queueMaxRecords = try r.int("queue_max_records", c.pipeline.queueMaxRecords, min: 1)
        c.pipeline.queueMaxBytes = try r.int("queue_max_bytes", c.pipeline.queueMaxBytes, min: 1)
        c.pipeline.batchMaxMilliseconds = try r.int("batch_max_ms", c.pipeline.batchMaxMilliseconds, min: 1)
        c.pipeline.commitPauseMicroseconds = try r.int("commit_pause_us", c.pipeline.commitPauseMicroseconds, min: 0)
        c.pipeline.walCheckpointPages = try r.int("wal_checkpoint_pages", c.pipeline.walCheckpointPages, min: 1)
        c.pipeline.maxBodyBytes = try r.int("max_body_bytes", c.pipeline.maxBodyBytes, min: 1)
        c.pipeline.rawLimit = try r.int("dead_letter_raw_bytes", c.pipeline.rawLimit, min: 0)
        c.pipeline.defaultSensor = try r.string("default_sensor") ?? c.pipeline.defaultSensor
        if let county = try r.string("county") {
            guard CountyCode.isValid(county) else {
                throw ConfigError(file: file, key: "county", message: "must be the county's 6-digit code (e.g. \"990102\")")
            }
            c.pipeline.county = county
        }
        c.escalateEverySeconds = try r.double("escalate_every_seconds", c.escalateEverySeconds, min: 0.1)
        if let level = try r.string("log_level") {
            guard logLevels.contains(level) else {
                throw ConfigError(file: file, key: "log_level", message: "must be one of \(logLevels.joined(separator: ", "))")
            }
            c.logLevel = level
        }
        c.healthMaxBacklogSeconds = try r.double("health_max_backlog_seconds", c.healthMaxBacklogSeconds, min: 1)
        if let names = try r.strings("dedup_key") {
            do { c.pipeline.dedup = try DedupKeySpec(names: names) }
            catch { throw ConfigError(file: file, key: "dedup_key", message: "\(error)") }
        }
        if let corr = t["correlation"] {
            guard let ct = corr.table else { throw ConfigError(file: file, key: "correlation", message: "must be a table") }
            var cr = Reader(table: ct, prefix: "correlation.", file: file)
            let level = try cr.int("max_level", 2, min: 1)
            guard let l = Level(rawValue: level) else { throw ConfigError(file: file, key: "correlation.max_level", message: "must be 1, 2, 3 or 4") }
            c.pipeline.correlation = CorrelationRule(enabled: try cr.bool("enabled", true), minCount: try cr.int("min_count", 20, min: 1),
                                                     maxLevel: l, windowMinutes: try cr.int("window_minutes", 10, min: 1))
            try cr.rejectUnknown()
        }
        var assets: [AssetInventory.Asset] = []
        for (i, a) in try r.tables("assets").enumerated() {
            var ar = Reader(table: a, prefix: "assets[\(i)].", file: file)
            assets.append(AssetInventory.Asset(ip: try ar.required("ip"), name: try ar.required("name"), grid: try ar.string("grid")))
            try ar.rejectUnknown()
        }
        c.pipeline.assets = AssetInventory(assets)
        try OpinionConfig.parse(r.value("opinion"), file: file, into: &c.pipeline)

        func path(_ p: String) -> String { p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p) }
        func format(_ r: inout Reader) throws -> IngestFormat? {
            guard let f = try r.string("format") else { return nil }
            guard let v = IngestFormat(rawValue: f) else {
                throw ConfigError(file: file, key: r.prefix + "format",
                                  message: "unknown format '\(f)' (known: \(IngestFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return v
        }
        func csv(_ r: inout Reader) throws -> HotlineCSVMapping {
            switch try r.string("csv_mapping") ?? "chinese12345" {
            case "chinese12345": return .chinese12345
            case "nyc311": return .nyc311
            case let other: throw ConfigError(file: file, key: r.prefix + "csv_mapping", message: "unknown mapping '\(other)' (known: chinese12345, nyc311)")
            }
        }
        for (i, s) in try r.tables("spool").enumerated() {
            var sr = Reader(table: s, prefix: "spool[\(i)].", file: file)
            let p = path(try sr.required("path"))
            c.sources.append(.spool(SpoolConfig(name: try sr.string("name") ?? "spool", path: p, format: try format(&sr),
                                                csvMapping: try csv(&sr), pollMilliseconds: try sr.int("poll_ms", 200, min: 10))))
            try sr.rejectUnknown()
        }
        for (i, s) in try r.tables("tail").enumerated() {
            var sr = Reader(table: s, prefix: "tail[\(i)].", file: file)
            let p = path(try sr.required("path"))
            let f = try format(&sr) ?? .eve
            guard f.isLineFormat else { throw ConfigError(file: file, key: sr.prefix + "format", message: "a tailed file must be a line format (jsonl, eve, syslog, cef)") }
            c.sources.append(.tail(TailConfig(name: try sr.string("name") ?? "tail:\((p as NSString).lastPathComponent)", path: p, format: f,
                                              pollMilliseconds: try sr.int("poll_ms", 25, min: 5))))
            try sr.rejectUnknown()
        }
        for (i, s) in try r.tables("syslog").enumerated() {
            var sr = Reader(table: s, prefix: "syslog[\(i)].", file: file)
            let proto = try sr.string("protocol") ?? "udp"
            guard let p = SyslogConfig.Transport(rawValue: proto) else {
                throw ConfigError(file: file, key: sr.prefix + "protocol", message: "must be \"udp\", \"tcp\" or \"tls\"")
            }
            let port = try sr.int("port", p == .tls ? 6514 : 5514, min: 0)
            guard port <= 65535 else { throw ConfigError(file: file, key: sr.prefix + "port", message: "must be 0…65535") }
            let name = try sr.string("name") ?? "syslog-\(proto)"
            if let zone = try sr.string("assume_utc_offset") {
                guard let secs = UTCOffset.seconds(zone) else {
                    throw ConfigError(file: file, key: sr.prefix + "assume_utc_offset",
                                      message: "'\(zone)' is not a UTC offset like \"+08:00\", \"-05:00\" or \"Z\"")
                }
                c.pipeline.assumedUTCOffsets[name] = secs
            }
            var sc = SyslogConfig(name: name, transport: p,
                                  address: try sr.string("address") ?? "127.0.0.1", port: port,
                                  format: try format(&sr) ?? .syslog)
            sc.guard = try listenerGuard(&sr, http: false)
            sc.tls = try tlsFiles(&sr, resolve: path)
            if p == .tls && sc.tls == nil { throw sr.error("tls_certificate", "is required with protocol = \"tls\"") }
            if p != .tls && sc.tls != nil { throw sr.error("protocol", "must be \"tls\" when tls_certificate is set") }
            try requireGate(sr, address: sc.address, gated: !sc.guard.allow.isEmpty, insecure: sc.guard.insecure, what: "allow-list (allow = [\"10.0.0.0/8\"])")
            c.sources.append(.syslog(sc))
            try sr.rejectUnknown()
        }
        if let h = t["http"] {
            guard let ht = h.table else { throw ConfigError(file: file, key: "http", message: "must be a table") }
            var hr = Reader(table: ht, prefix: "http.", file: file)
            let port = try hr.int("port", 8089, min: 0)
            guard port <= 65535 else { throw ConfigError(file: file, key: "http.port", message: "must be 0…65535") }
            var hc = HTTPConfig(name: try hr.string("name") ?? "http", address: try hr.string("address") ?? "127.0.0.1", port: port)
            hc.guard = try listenerGuard(&hr, http: true)
            hc.tls = try tlsFiles(&hr, resolve: path)
            hc.tokens = try accessTokens(&hr)
            try requireGate(hr, address: hc.address, gated: !hc.tokens.isEmpty, insecure: hc.guard.insecure, what: "tokens ([[daemon.http.token]])")
            c.sources.append(.http(hc))
            try hr.rejectUnknown()
        }
        var seen = Set<String>()
        for s in c.sources where !seen.insert(s.name).inserted {
            throw ConfigError(file: file, key: "sources", message: "two sources are named '\(s.name)'; names key checkpoints and dead letters, so they must differ")
        }
        try r.rejectUnknown()
        return c
    }

    /// Loads a settings file and its `[daemon]` section. When the file names shared settings
    /// (`[daemon] settings = "watchfloor.toml"`), zone, calendars and SLA come from there.
    public static func load(path: String) throws -> (WatchfloorSettings, DaemonConfig) {
        var settings = try WatchfloorSettings.load(path: path)
        let dir = (path as NSString).deletingLastPathComponent
        if let shared = settings.raw["daemon"]?["settings"] {
            guard let s = shared.string else { throw ConfigError(file: path, key: "settings", message: "must be a file name") }
            let p = s.hasPrefix("/") ? s : (dir as NSString).appendingPathComponent(s)
            let raw = settings.raw
            settings = try WatchfloorSettings.load(path: p)
            settings.raw["daemon"] = raw["daemon"]
        }
        let config = try parse(settings.raw, file: path, baseDirectory: dir, offsetSeconds: settings.offsetSeconds)
        return (settings, config)
    }

    /// Typed access to one table that remembers which keys were read, so typos are reported.
    struct Reader {
        let table: [String: TOMLValue]
        let prefix: String
        let file: String?
        var used: Set<String> = []

        init(table: [String: TOMLValue], prefix: String, file: String?) { self.table = table; self.prefix = prefix; self.file = file }

        func error(_ key: String, _ message: String) -> ConfigError { ConfigError(file: file, key: prefix + key, message: message) }

        mutating func value(_ key: String) -> TOMLValue? { used.insert(key); return table[key] }

        mutating func string(_ key: String) throws -> String? {
            guard let v = value(key) else { return nil }
            guard let s = v.string else { throw error(key, "must be a string, not \(v.typeName)") }
            return s
        }
        mutating func required(_ key: String) throws -> String {
            guard let s = try string(key), !s.isEmpty else { throw error(key, "is required") }
            return s
        }
        mutating func int(_ key: String, _ fallback: Int, min: Int) throws -> Int {
            guard let v = value(key) else { return fallback }
            guard let i = v.int else { throw error(key, "must be an integer, not \(v.typeName)") }
            guard i >= min else { throw error(key, "must be at least \(min)") }
            return i
        }
        mutating func double(_ key: String, _ fallback: Double, min: Double) throws -> Double {
            guard let v = value(key) else { return fallback }
            guard let d = v.double else { throw error(key, "must be a number, not \(v.typeName)") }
            guard d >= min else { throw error(key, "must be at least \(min)") }
            return d
        }
        mutating func bool(_ key: String, _ fallback: Bool) throws -> Bool {
            guard let v = value(key) else { return fallback }
            guard let b = v.bool else { throw error(key, "must be true or false, not \(v.typeName)") }
            return b
        }
        mutating func strings(_ key: String) throws -> [String]? {
            guard let v = value(key) else { return nil }
            guard let a = v.array, a.allSatisfy({ $0.string != nil }) else { throw error(key, "must be an array of strings") }
            return a.compactMap(\.string)
        }
        mutating func tables(_ key: String) throws -> [[String: TOMLValue]] {
            guard let v = value(key) else { return [] }
            if let t = v.table { return [t] }
            guard let a = v.array, a.allSatisfy({ $0.table != nil }) else { throw error(key, "must be an array of tables ([[daemon.\(key)]])") }
            return a.compactMap(\.table)
        }
        func rejectUnknown() throws {
            let known: Set<String> = ["correlation", "assets", "spool", "tail", "syslog", "http", "settings"]
            for key in table.keys.sorted() where !used.contains(key) && !(prefix.isEmpty && known.contains(key)) {
                throw error(key, "unknown key")
            }
        }
    }
}

/// One configured source. The name keys checkpoints, metrics and dead letters.
public enum SourceConfig: Sendable, Equatable {
    case spool(SpoolConfig)
    case tail(TailConfig)
    case syslog(SyslogConfig)
    case http(HTTPConfig)

    public var name: String {
        switch self {
        case .spool(let c): c.name
        case .tail(let c): c.name
        case .syslog(let c): c.name
        case .http(let c): c.name
        }
    }

    public var kind: String {
        switch self {
        case .spool: "spool"
        case .tail: "tail"
        case .syslog(let c): "syslog-\(c.transport.rawValue)"
        case .http: "http"
        }
    }
}

public struct SpoolConfig: Sendable, Equatable {
    public var name: String
    public var path: String
    /// Nil: by extension (`.eve`/`.eve.json` → eve, `.jsonl`/`.ndjson` → jsonl, `.log` → syslog, `.cef` → cef,
    /// `.xml`/`.cap` → cap, `.csv` → hotline-csv, `.geojson` → geojson, `.open311.json` → open311).
    public var format: IngestFormat?
    public var csvMapping: HotlineCSVMapping
    public var pollMilliseconds: Int
    public init(name: String, path: String, format: IngestFormat? = nil, csvMapping: HotlineCSVMapping = .chinese12345,
                pollMilliseconds: Int = 200) {
        self.name = name; self.path = path; self.format = format; self.csvMapping = csvMapping; self.pollMilliseconds = pollMilliseconds
    }
}

public struct TailConfig: Sendable, Equatable {
    public var name: String
    public var path: String
    public var format: IngestFormat
    public var pollMilliseconds: Int
    public init(name: String, path: String, format: IngestFormat = .eve, pollMilliseconds: Int = 25) {
        self.name = name; self.path = path; self.format = format; self.pollMilliseconds = pollMilliseconds
    }
}

public struct SyslogConfig: Sendable, Equatable {
    /// `tls` is syslog over TLS (RFC 5425): TCP framing inside a TLS session.
    public enum Transport: String, Sendable { case udp, tcp, tls }
    public var name: String
    public var transport: Transport
    public var address: String
    public var port: Int
    public var format: IngestFormat
    public var `guard` = ListenerGuard()
    public var tls: TLSFiles?
    public init(name: String, transport: Transport, address: String = "127.0.0.1", port: Int, format: IngestFormat = .syslog) {
        self.name = name; self.transport = transport; self.address = address; self.port = port; self.format = format
    }
}

public struct HTTPConfig: Sendable, Equatable {
    public var name: String
    public var address: String
    public var port: Int
    public var `guard` = ListenerGuard()
    public var tls: TLSFiles?
    /// Bearer tokens; when there are any, every POST needs one.
    public var tokens: [AccessToken] = []
    public init(name: String = "http", address: String = "127.0.0.1", port: Int) {
        self.name = name; self.address = address; self.port = port
    }
}
