// TEMPORARY: stand-ins until the real SHA256 (Crypto/) and JSONParser (JSON/) land from their branches.
import Foundation

public enum JSONParser {
    public static func parse(_ s: String) throws -> JSONValue {
        convert(try JSONSerialization.jsonObject(with: Data(s.utf8), options: [.fragmentsAllowed]))
    }
    static func convert(_ o: Any) -> JSONValue {
        switch o {
        case let s as String: return .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 9e15 ? .int(n.int64Value) : .double(d)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]: return .object(d.mapValues(convert))
        default: return .null
        }
    }
}

