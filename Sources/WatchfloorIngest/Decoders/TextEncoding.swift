import Foundation
import WatchfloorCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character-set conversion through the C library's iconv, for the GBK/GB18030 exports Chinese platforms still
/// produce. Pure from the caller's view: bytes in, UTF-8 bytes out (nil when the input is not valid in `from`).
public enum TextEncoding {
    public static func convertToUTF8(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
        let name: String
        switch encoding.lowercased() {
        case "gbk", "gb2312", "gb18030", "cp936", "x-gbk", "euc-cn": name = "GB18030"   // superset of both
        default: name = encoding.uppercased()
        }
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        if bytes.isEmpty { return [] }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var produced = -1
        input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r != -1 && inLeft == 0 { produced = outBuf.count - outLeft }
            }
        }
        guard produced >= 0 else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// UTF-8 (BOM stripped) when valid, else GB18030 → UTF-8; nil when neither fits.
    public static func decodeChineseText(_ bytes: [UInt8]) -> (utf8: [UInt8], encoding: String)? {
        var b = bytes
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3); return UTF8Check.firstInvalidOffset(b) == nil ? (b, "UTF-8") : nil }
        if UTF8Check.firstInvalidOffset(b) == nil { return (b, "UTF-8") }
        if let converted = convertToUTF8(b, from: "GB18030") { return (converted, "GB18030") }
        return nil
    }
}

/// The UTF-8 byte order mark, which some writers put before the first line of a file.
public enum ByteOrderMark {
    public static func utf8Prefix(_ b: [UInt8]) -> Bool { b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF }

    /// `line` without a leading UTF-8 BOM (a tailed or spooled file's first line carries it).
    public static func stripping(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF else { return line }
        return UnsafeRawBufferPointer(rebasing: line[3...])
    }
}

/// `"+08:00"`, `"-0500"`, `"Z"`, `"UTC"` → seconds east of UTC (config values such as `assume_utc_offset`).
public enum UTCOffset {
    public static func seconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "Z" || t.uppercased() == "UTC" { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)),
              hh <= 14, mm < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }
}
