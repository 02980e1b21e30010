import Foundation
import WatchfloorCore

/// One finding of `watchfloor doctor`: what was checked, what was found, and — when something is wrong — the fix.
struct DoctorCheck {
    enum Status: String { case ok, warning, fail, skipped }

    var area: String
    var name: String
    var status: Status
    var detail: String
    var fix: String?

    static func ok(_ area: String, _ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, status: .ok, detail: detail, fix: nil)
    }
    static func fail(_ area: String, _ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, status: .fail, detail: detail, fix: fix)
    }
    static func warning(_ area: String, _ name: String, _ detail: String, fix: String?) -> DoctorCheck {
        DoctorCheck(area: area, name: name, status: .warning, detail: detail, fix: fix)
    }
    static func skipped(_ area: String, _ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, status: .skipped, detail: detail, fix: nil)
    }

    var json: JSONValue {
        ["area": .string(area), "name": .string(name), "status": .string(status.rawValue), "detail": .string(detail),
         "fix": fix.map { .string($0) } ?? .null]
    }

    /// `✗ store permissions  /var/lib/watchfloor/watchfloor.db is mode 0644` and an indented `fix:` line.
    var text: String {
        let mark = switch status { case .ok: "ok  "; case .warning: "warn"; case .fail: "FAIL"; case .skipped: "skip" }
        var line = "\(mark)  \(area) \(name): \(detail)"
        if let fix { line += "\n      fix: \(fix)" }
        return line
    }
}

/// A minimal HTTP/1.0 GET over loopback TCP with a deadline: enough to ask a daemon for `/healthz` without
/// pulling an HTTP client library into the CLI.
enum HealthProbe {
    struct Response { var status: Int; var body: String }

    static func get(host: String, port: Int, path: String, timeout: TimeInterval = 2) -> Result<Response, ProbeError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else {
            return .failure(ProbeError("cannot resolve \(host)"))
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(ProbeError("no socket: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            return .failure(ProbeError("nothing answers on \(host):\(port) (\(String(cString: strerror(errno))))"))
        }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return .failure(ProbeError("could not send the request"))
        }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 1 << 20 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        let statusLine = text.prefix { $0 != "\r" && $0 != "\n" }.split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            return .failure(ProbeError(data.isEmpty ? "no answer within \(timeout) s" : "not an HTTP answer"))
        }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return .success(Response(status: status, body: body))
    }

    struct ProbeError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
