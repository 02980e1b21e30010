import WatchfloorCore
import WatchfloorIngest

/// Checks `Authorization: Bearer …` against the configured tokens. The settings hold only SHA-256 digests
/// (`watchfloor token new` prints one); the presented token is hashed and compared with every digest in constant
/// time, so neither a match's position nor a digest's prefix shows in the timing.
struct BearerTokens: Sendable {
    let tokens: [AccessToken]
    private let digests: [[UInt8]]

    init(_ tokens: [AccessToken]) {
        self.tokens = tokens
        digests = tokens.map { BearerTokens.bytes(hex: $0.sha256) }
    }

    var required: Bool { !tokens.isEmpty }

    enum Outcome: Equatable { case missing, invalid, accepted(AccessToken) }

    func check(authorization: String?) -> Outcome {
        guard let header = authorization, !header.isEmpty else { return .missing }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalid }
        let presented = SHA256.hash(Array(parts[1].trimmingSpaces.utf8))
        var found = -1
        for (i, d) in digests.enumerated() where BearerTokens.constantTimeEqual(d, presented) && found < 0 { found = i }
        return found >= 0 ? .accepted(tokens[found]) : .invalid
    }

    /// Compares every byte whatever the first difference is.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        while let h = it.next(), let l = it.next() {
            guard let hi = nibble(h), let lo = nibble(l) else { return [] }
            out.append(hi << 4 | lo)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}

/// What an authenticated sender may put in the store: only the kinds its token names, and incidents under its
/// own source (a department cannot file or cancel incidents in another's name).
enum Admission {
    struct KindRefused: Error { var kind: String; var token: AccessToken }

    static func admit(_ result: inout DecodeResult, token: AccessToken?) throws {
        guard let token else { return }
        for r in result.records where !token.kinds.contains(r.kind) { throw KindRefused(kind: r.kind, token: token) }
        for i in result.records.indices {
            switch result.records[i] {
            case .incident(var incident, let supersedes):
                incident.source = token.source
                result.records[i] = .incident(incident, supersedes: supersedes)
            case .incidentCancel(_, let refs, let at, let reason, let expires):
                result.records[i] = .incidentCancel(source: token.source, sourceRefs: refs, at: at, reason: reason, expires: expires)
            default: break
            }
        }
    }
}
