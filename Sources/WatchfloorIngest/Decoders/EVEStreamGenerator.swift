import WatchfloorCore
import WatchfloorGeo

/// Realistic Suricata EVE alert lines for benchmarks: ~600–1,000 bytes like the corpus (flow ids, metadata,
/// `flow` counters, http/tls blocks), with the repetition real sensors show — a few noisy signatures and
/// scanners dominate. `distinctKeys` bounds the number of distinct (sensor, signature, src, dest) dedup keys.
/// Deterministic for a given seed.
public enum EVEStreamGenerator {
    /// Geo's seedable SplitMix64 with the two draws the generator needs.
    struct RNG {
        var base: SplitMix64
        init(state: UInt64) { base = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { base.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        /// Skewed towards 0: a few keys get most of the traffic.
        mutating func skewed(_ n: Int) -> Int { let a = below(n), b = below(n); return min(a, b) }
    }

    static let signatures: [(Int, String, String, Int)] = [
        (2001219, "ET SCAN Potential SSH Scan", "Attempted Information Leak", 2),
        (2002910, "ET SCAN Potential VNC Scan 5800-5820", "Attempted Information Leak", 2),
        (2008578, "ET SCAN Sipvicious Scan", "Attempted Information Leak", 2),
        (2010935, "ET POLICY Suspicious inbound to MSSQL port 1433", "Potentially Bad Traffic", 2),
        (2402000, "ET DROP Dshield Block Listed Source", "Misc Attack", 2),
        (2024897, "ET USER_AGENTS Go HTTP Client User-Agent", "Attempted Information Leak", 3),
        (2013028, "ET POLICY curl User-Agent Outbound", "Attempted Information Leak", 2),
        (2019401, "ET POLICY Vulnerable Java Version 1.8.x Detected", "Potentially Bad Traffic", 2),
        (2027865, "ET INFO Observed DNS Query to .cloud TLD", "Potentially Bad Traffic", 3),
        (2022973, "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "Web Application Attack", 1),
        (2100498, "GPL ATTACK_RESPONSE id check returned root", "Potentially Bad Traffic", 2),
        (2017318, "ET CURRENT_EVENTS Likely Evil EXE download from dotted Quad by MSXMLHTTP", "A Network Trojan was detected", 1),
        (2210045, "SURICATA STREAM Packet with invalid ack", "Generic Protocol Command Decode", 3),
        (2260002, "SURICATA Applayer Detect protocol only one direction", "Generic Protocol Command Decode", 3),
        (2030358, "ET EXPLOIT Possible Apache Struts OGNL Expression Injection (CVE-2017-5638)", "Attempted Administrator Privilege Gain", 1),
        (2034647, "ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)", "Attempted Administrator Privilege Gain", 1),
    ]
    static let sensors = ["ids-dmz-01", "ids-dmz-02", "ids-core-01", "ids-gov-portal", "ids-hospital-01"]
    static let destinations = ["10.20.1.15", "10.20.1.16", "10.20.3.40", "172.16.8.10", "172.16.8.11", "192.168.10.5"]
    static let agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0",
                         "curl/7.81.0", "Go-http-client/1.1", "python-requests/2.31.0", "masscan/1.3"]
    static let urls = ["/", "/index.php?id=1%20UNION%20SELECT%201,2,3--", "/wp-login.php", "/api/v1/login", "/.env",
                       "/cgi-bin/luci/;stok=/locale", "/struts2-showcase/index.action", "/portal/zwfw/search?q=%E5%8A%9E%E4%BA%8B"]

    public static func lines(count: Int, distinctKeys: Int, seed: UInt64) -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        forEachLine(count: count, distinctKeys: distinctKeys, seed: seed) { out.append($0) }
        return out
    }

    /// One key of the key space: it fixes sensor, signature, source and destination. Derived from its index and
    /// the seed alone, so a key space of millions (the high-cardinality workload) costs no memory.
    static func key(_ index: Int, seed: UInt64)
        -> (sensor: String, sig: Int, src: String, srcPort: Int, dest: String, destPort: Int, proto: String) {
        var rng = RNG(state: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        let src = "\(1 + rng.below(223)).\(rng.below(256)).\(rng.below(256)).\(1 + rng.below(254))"
        let port = [22, 80, 443, 1433, 3389, 5060, 5900, 8080][rng.below(8)]
        // The source port is fixed per key too, like a long-lived flow.
        return (sensors[rng.skewed(sensors.count)], rng.skewed(signatures.count), src, 1024 + rng.below(64000),
                destinations[rng.below(destinations.count)], port, port == 5060 ? "UDP" : "TCP")
    }

    /// Calls `body` with each line (no LF) in order: a file of millions of lines is written without holding it.
    public static func forEachLine(count: Int, distinctKeys: Int, seed: UInt64, _ body: ([UInt8]) throws -> Void) rethrows {
        var rng = RNG(state: seed)
        let keyCount = max(1, distinctKeys)
        var time = Int64(1_795_000_000_000) + Int64(rng.below(1000)) * 1000   // late 2026
        for _ in 0..<count {
            let key = EVEStreamGenerator.key(rng.skewed(keyCount), seed: seed)
            let sig = signatures[key.sig]
            time += Int64(rng.below(40))
            let flowID = 1_000_000_000_000_000 + Int(rng.next() % 900_000_000_000_000)
            let srcPort = key.srcPort
            let pkts = 1 + rng.below(40), bytes = 60 + rng.below(60000)
            let agent = agents[rng.below(agents.count)]
            let url = urls[rng.below(urls.count)]
            var line = "{\"timestamp\":\"\(iso(time))\",\"flow_id\":\(flowID),\"in_iface\":\"eth1\",\"event_type\":\"alert\","
            line += "\"src_ip\":\"\(key.src)\",\"src_port\":\(srcPort),\"dest_ip\":\"\(key.dest)\",\"dest_port\":\(key.destPort),"
            line += "\"proto\":\"\(key.proto)\",\"community_id\":\"1:\(base64ish(&rng))=\",\"host\":\"\(key.sensor)\","
            line += "\"alert\":{\"action\":\"\(rng.below(10) == 0 ? "blocked" : "allowed")\",\"gid\":1,\"signature_id\":\(sig.0),\"rev\":\(1 + rng.below(12)),"
            line += "\"signature\":\"\(sig.1)\",\"category\":\"\(sig.2)\",\"severity\":\(sig.3),"
            line += "\"metadata\":{\"created_at\":[\"2019_0\(1 + rng.below(9))_1\(rng.below(10))\"],\"updated_at\":[\"2024_0\(1 + rng.below(9))_2\(rng.below(10))\"]}},"
            if key.destPort == 80 || key.destPort == 8080 {
                line += "\"http\":{\"hostname\":\"\(key.dest)\",\"url\":\"\(url)\",\"http_user_agent\":\"\(agent)\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":\(rng.below(2) == 0 ? 200 : 404),\"length\":\(rng.below(9000))},"
            } else if key.destPort == 443 {
                line += "\"tls\":{\"subject\":\"CN=portal.example.gov.cn\",\"issuerdn\":\"C=CN, O=Example CA, CN=Example RSA CA\",\"serial\":\"0A:1B:2C:3D\",\"fingerprint\":\"3a:1f:9c:00:de:ad:be:ef:12:34:56:78:9a:bc:de:f0:11:22:33:44\",\"sni\":\"portal.example.gov.cn\",\"version\":\"TLS 1.2\"},"
            } else {
                line += "\"payload_printable\":\"SSH-2.0-libssh2_1.9.0\\r\\n\",\"stream\":1,\"packet_info\":{\"linktype\":1},"
            }
            line += "\"app_proto\":\"\(key.destPort == 80 ? "http" : key.destPort == 443 ? "tls" : "failed")\","
            line += "\"flow\":{\"pkts_toserver\":\(pkts),\"pkts_toclient\":\(rng.below(pkts + 1)),\"bytes_toserver\":\(bytes),\"bytes_toclient\":\(rng.below(bytes)),\"start\":\"\(iso(time - 1500))\"}}"
            try body(Array(line.utf8))
        }
    }

    static func base64ish(_ rng: inout RNG) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var s = ""
        for _ in 0..<27 { s.append(alphabet[rng.below(64)]) }
        return s
    }

    /// EVE style: `2026-11-20T08:12:00.123456+0800`.
    static func iso(_ ms: Int64) -> String {
        let local = ms + 8 * 3_600_000
        let days = Int(local / 86_400_000)
        let rem = Int(local % 86_400_000)
        let (y, m, d) = CivilDateLite.civil(days)
        func p(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(rem / 3_600_000, 2)):\(p(rem / 60_000 % 60, 2)):\(p(rem / 1000 % 60, 2)).\(p(rem % 1000, 3))\(p((rem * 7) % 1000, 3))+0800"
    }
}

enum CivilDateLite {
    static func civil(_ days: Int) -> (Int, Int, Int) { let c = CivilDate.civilFromDays(days); return (c.year, c.month, c.day) }
}
