/// The request line and headers of an HTTP/1.1 request, parsed from bytes (pure, so it is tested on its own).
/// Only what the daemon needs: method, path, Content-Length, chunked or not, keep-alive, Expect.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: String
    public var headers: [(name: String, value: String)]

    public static func == (a: HTTPRequestHead, b: HTTPRequestHead) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// Largest request head accepted (request line + headers).
    public static let maxHeadBytes = 64 * 1024

    public enum ParseError: Error, Equatable {
        /// 400 with this reason.
        case bad(String)
        /// 431: the head is larger than `maxHeadBytes`.
        case tooLarge
    }

    /// The head if `buffer` holds a complete one, and the offset where the body starts; nil when more bytes are
    /// needed.
    public static func parse(_ buffer: [UInt8]) throws -> (HTTPRequestHead, bodyStart: Int)? {
        guard let end = headEnd(buffer) else {
            if buffer.count > maxHeadBytes { throw ParseError.tooLarge }
            return nil
        }
        if end.headEnd > maxHeadBytes { throw ParseError.tooLarge }
        guard let text = String(validating: buffer[0..<end.headEnd], as: UTF8.self) else { throw ParseError.bad("request head is not UTF-8") }
        // "\r\n" is one Character in Swift, so split on either form of line end.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw ParseError.bad("empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/") || parts[1] == "*", parts[2].hasPrefix("HTTP/1.") else {
            throw ParseError.bad("malformed request line")
        }
        var head = HTTPRequestHead(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: [])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw ParseError.bad("malformed header line") }
            let name = line[..<colon]
            if name.contains(" ") || name.contains("\t") { throw ParseError.bad("whitespace in a header name") }
            head.headers.append((String(name), line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])))
        }
        return (head, end.bodyStart)
    }

    static func headEnd(_ b: [UInt8]) -> (headEnd: Int, bodyStart: Int)? {
        var i = 0
        while i + 1 < b.count {
            if b[i] == 0x0A {
                if b[i + 1] == 0x0A { return (i + 1, i + 2) }
                if b[i + 1] == 0x0D, i + 2 < b.count, b[i + 2] == 0x0A { return (i + 1, i + 3) }
            }
            i += 1
        }
        return nil
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The path without the query string.
    public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

    public var isChunked: Bool { header("Transfer-Encoding").map { !$0.lowercased().split(separator: ",").allSatisfy { $0.trimmingCharacters(in: .whitespaces) == "identity" } } ?? false }

    /// Content-Length: nil when absent; throws when present but not one non-negative integer.
    public func contentLength() throws -> Int? {
        let values = headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }), first.allSatisfy(\.isASCII), let n = Int(first), n >= 0 else {
            throw ParseError.bad("invalid Content-Length")
        }
        return n
    }

    public var keepAlive: Bool {
        let c = header("Connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return c.contains("keep-alive") }
        return !c.contains("close")
    }
}

/// A response: status, a body, its type.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String = "application/json", body: [UInt8]) {
        self.status = status; self.contentType = contentType; self.body = body
    }
    public init(status: Int, json: String) { self.init(status: status, body: Array((json + "\n").utf8)) }

    public static func error(_ status: Int, _ reason: String) -> HTTPResponse {
        HTTPResponse(status: status, json: JSONValue.object(["error": .string(reason)]).serialized)
    }

    public func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "\r\n"
        return Array(head.utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

import WatchfloorCore
import Foundation
