#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WatchfloorCore
import WatchfloorStore

/// Follows a growing line file (EVE, JSON Lines, syslog) from its checkpoint `(source, path) → (inode, offset)`,
/// which commits with the records of the lines before `offset`.
///
/// - Rotation (rename + create): when `path` names a new inode, the new file is followed from 0 and the old one
///   is still read until it has been quiet for `rotatedGraceMilliseconds` — its writer keeps appending to it until
///   it reopens (logrotate's postrotate HUP) — then read to its end (a last line without LF counts: its writer
///   has moved on) and closed. After a restart with a
///   checkpoint whose inode is no longer at `path`, the rotated file is looked for beside it (same inode) and
///   finished first.
/// - Identity: a file is its device + inode plus a fingerprint of its first bytes (`TailFingerprint`, up to
///   256). Truncation (copytruncate) — a file shorter than the offset, or whose first bytes no longer match the
///   fingerprint because it was truncated and has already grown past the old offset — is read again from 0,
///   before anything is read at the old offset. The checkpoint carries device and fingerprint across restarts.
/// - A line without LF at the end of the live file waits for the rest; a line over the limit is dead-lettered
///   and skipped up to its LF.
public final class TailSource: IngestSource, @unchecked Sendable {
    public let config: SourceConfig
    let settings: TailConfig
    let pipeline: IngestPipeline
    let log: @Sendable (String) -> Void
    let flag = StopFlag()
    let box = DetailBox("not started")
    let chunkBytes = 1 << 20

    /// The file being read.
    struct Open {
        var fd: Int32
        var device: UInt64
        var inode: UInt64
        /// Of the first `min(offset, TailFingerprint.length)` bytes read so far.
        var fingerprint: String?
        /// Everything before this is submitted (whole lines).
        var offset: Int64
        var name: String
        /// Dropping an over-long line up to its LF.
        var discarding = false
        /// False for a rotated file read after the switch: the checkpoint is the followed file's.
        var checkpointed = true
    }
    var current: Open?
    /// The file rotated away, still read until it has been quiet until `until`.
    var rotated: (file: Open, until: Date)?
    var rotatedGraceMilliseconds: Int { max(2000, 4 * settings.pollMilliseconds) }

    init(_ s: TailConfig, pipeline: IngestPipeline, log: @escaping @Sendable (String) -> Void) {
        config = .tail(s); settings = s; self.pipeline = pipeline; self.log = log
    }

    public var detail: String { box.value }
    var directory: String { (settings.path as NSString).deletingLastPathComponent }

    public func start() throws {
        let dir = directory.isEmpty ? "." : directory
        guard FileIdentity.isDirectory(dir) else {
            throw SourceError(source: config.name, message: "cannot follow \(settings.path): no such directory \(dir)")
        }
        let saved = try IngestWriter(store: pipeline.store).checkpoint(source: config.name, path: settings.path)
        box.value = "following \(settings.path)\(saved.map { " from its checkpoint (byte \($0.offset))" } ?? " from the start")"
        flag.enter()
        let t = Thread { [self] in
            defer { flag.leave() }
            resume(from: saved)
            run()
            if let c = current { close(c.fd) }
            if let r = rotated { close(r.file.fd) }
        }
        t.name = "tail"
        t.start()
    }

    public func stop() {
        flag.stop()
        flag.waitForWorkers()
        box.value = "stopped"
    }

    /// Reopens where the checkpoint says, finishing a file rotated away while the daemon was down.
    func resume(from saved: Checkpoint?) {
        guard let saved, let inode = saved.inode else { return openPath(at: 0); }
        if let id = FileIdentity.of(path: settings.path), id.inode == inode, saved.device == nil || saved.device == id.device {
            openPath(at: saved.offset, fingerprint: saved.fingerprint)
            if current != nil, let why = rewritten(current!) {
                log("\(config.name): \(settings.path) \(why) while stopped; reading it again from 0")
                restartAtZero()
            }
            return
        }
        // Rotated while we were down: is the old inode still beside it (eve.json.1)?
        if let rotated = findRotated(inode: inode) {
            let fd = open(rotated, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                log("\(config.name): finishing rotated \(rotated) from byte \(saved.offset)")
                var old = Open(fd: fd, device: saved.device ?? 0, inode: inode, fingerprint: saved.fingerprint,
                               offset: saved.offset, name: (rotated as NSString).lastPathComponent)
                if let id = FileIdentity.of(fd: fd), id.size < saved.offset { old.offset = 0 }
                current = old
                readAvailable(final: true)
                close(fd)
                current = nil
            }
        } else {
            log("\(config.name): \(settings.path) was replaced while stopped and the old file is gone; starting the new one at 0")
        }
        openPath(at: 0)
    }

    func findRotated(inode: UInt64) -> String? {
        let dir = directory.isEmpty ? "." : directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        for n in names.sorted() {
            let p = (dir as NSString).appendingPathComponent(n)
            if let id = FileIdentity.of(path: p), id.isRegular, id.inode == inode, p != settings.path { return p }
        }
        return nil
    }

    func openPath(at offset: Int64, fingerprint: String? = nil) {
        let fd = open(settings.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, let id = FileIdentity.of(fd: fd) else {
            if fd >= 0 { close(fd) }
            box.value = "waiting for \(settings.path) to appear"
            return
        }
        current = Open(fd: fd, device: id.device, inode: id.inode, fingerprint: fingerprint, offset: offset,
                       name: (settings.path as NSString).lastPathComponent)
        box.value = "following \(settings.path) (inode \(id.inode)) from byte \(offset)"
    }

    func run() {
        while !flag.isStopped {
            drainRotated()
            if current == nil { openPath(at: 0) }
            if current != nil {
                // Identity first: after a copytruncate the old offset may point into the middle of new lines.
                checkRotationAndTruncation()
                readAvailable(final: false)
            }
            usleep(useconds_t(settings.pollMilliseconds * 1000))
        }
    }

    /// Submits every complete line from the offset to the end of the file (with `final`, the unterminated last
    /// line as well).
    func readAvailable(final: Bool) {
        guard var c = current else { return }
        defer { current = c }
        var pending: [UInt8] = []
        while !flag.isStopped || final {
            let data = readAt(c.fd, offset: c.offset + Int64(pending.count), count: chunkBytes)
            if data.isEmpty { break }
            pending += data
            if c.discarding {
                guard let lf = pending.firstIndex(of: 0x0A) else {
                    c.offset += Int64(pending.count); pending = []
                    continue
                }
                c.offset += Int64(lf + 1)
                pending.removeFirst(lf + 1)
                c.discarding = false
                submit(.decoded(DecodeResult()), &c, consumed: 0)   // checkpoint past the dropped line
            }
            if let end = LineSplitter.lastLineEnd(pending) {
                let lines = Array(pending[0..<end])
                pending.removeFirst(end)
                submit(.lines(lines, firstLine: nil, baseOffset: c.offset), &c, consumed: end)
            }
            if pending.count > pipeline.config.maxLineBytes {
                let position = "\(c.name) byte \(c.offset)"
                c.offset += Int64(pending.count)
                let raw = Array(pending.prefix(pipeline.config.rawLimit))
                pending = []
                c.discarding = true
                submit(.decoded(DecodeResult(rejections: [Rejection(position: position,
                    reason: "line longer than the \(pipeline.config.maxLineBytes)-byte limit", raw: raw)])), &c, consumed: 0)
            }
        }
        if final && !pending.isEmpty && !c.discarding {
            let n = pending.count
            submit(.lines(pending, firstLine: nil, baseOffset: c.offset), &c, consumed: n)
        }
        box.value = "following \(settings.path) (inode \(c.inode)) at byte \(c.offset)"
    }

    func submit(_ payload: IngestUnit.Payload, _ c: inout Open, consumed: Int) {
        c.offset += Int64(consumed)
        if TailFingerprint.needsUpdate(c.fingerprint, offset: c.offset) {
            c.fingerprint = TailFingerprint.of(c.fd, length: min(c.offset, Int64(TailFingerprint.length)))
        }
        pipeline.submit(IngestUnit(source: config.name, format: settings.format, payload: payload, origin: c.name,
                                   checkpoint: !c.checkpointed ? nil : Checkpoint(source: config.name, path: settings.path, inode: c.inode,
                                                                                     offset: c.offset, device: c.device, fingerprint: c.fingerprint),
                                   receivedAt: Timestamp.now()))
    }

    func checkRotationAndTruncation() {
        guard let c = current else { return }
        let now = FileIdentity.of(path: settings.path)
        if now?.inode != c.inode || now?.device != c.device {
            // Rotated (or deleted): read the old inode's whole lines, keep reading it for a while, then switch.
            guard now != nil else { return }   // not recreated yet: keep reading the old one
            readAvailable(final: false)
            if rotated != nil { drainRotated(force: true) }
            var old = current ?? c
            old.checkpointed = false
            rotated = (old, Date().addingTimeInterval(Double(rotatedGraceMilliseconds) / 1000))
            current = nil
            log("\(config.name): \(settings.path) rotated; inode \(c.inode) read to byte \(old.offset) and still read until quiet, following the new file")
            openPath(at: 0)
            readAvailable(final: false)
            return
        }
        if let why = rewritten(c) {
            log("\(config.name): \(settings.path) \(why); reading again from 0")
            restartAtZero()
        }
    }

    /// Reads what the rotated file's writer appended since; once it has been quiet for the grace period (or
    /// `force`), its last line without LF too, and closes it.
    func drainRotated(force: Bool = false) {
        guard let r = rotated else { return }
        let followed = current
        current = r.file
        let expired = force || Date() >= r.until
        readAvailable(final: expired)
        let after = current ?? r.file
        current = followed
        if expired {
            close(after.fd)
            rotated = nil
            log("\(config.name): finished rotated inode \(after.inode) at byte \(after.offset)")
        } else {
            let grew = after.offset > r.file.offset
            rotated = (after, grew ? Date().addingTimeInterval(Double(rotatedGraceMilliseconds) / 1000) : r.until)
        }
    }

    /// Why the open file is no longer the one read up to the offset (same inode, other content), or nil.
    func rewritten(_ c: Open) -> String? {
        guard let id = FileIdentity.of(fd: c.fd) else { return nil }
        if id.size < c.offset { return "truncated (\(id.size) < \(c.offset))" }
        if let fp = c.fingerprint, let n = TailFingerprint.length(of: fp), TailFingerprint.of(c.fd, length: n) != fp {
            return "was rewritten (its first \(n) bytes changed: truncated and grown past byte \(c.offset))"
        }
        return nil
    }

    func restartAtZero() {
        current?.offset = 0
        current?.discarding = false
        current?.fingerprint = nil
    }
}

/// The first bytes of a followed file, as `"<length>:<sha256 hex>"`: with device + inode, the file's identity.
enum TailFingerprint {
    static let length = 256

    static func of(_ fd: Int32, length: Int64) -> String? {
        guard length > 0 else { return nil }
        let head = readAt(fd, offset: 0, count: Int(length))
        guard head.count == Int(length) else { return "\(length):short" }
        return "\(length):\(SHA256.hexString(SHA256.hash(head)))"
    }

    static func length(of fingerprint: String) -> Int64? {
        fingerprint.split(separator: ":").first.flatMap { Int64($0) }
    }

    /// True while the fingerprint covers fewer bytes than have been read (up to `length`).
    static func needsUpdate(_ fingerprint: String?, offset: Int64) -> Bool {
        let covered = fingerprint.flatMap(length(of:)) ?? 0
        return covered < min(offset, Int64(length))
    }
}
