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
