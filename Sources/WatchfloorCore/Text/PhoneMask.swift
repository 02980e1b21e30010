/// Citizens' phone numbers are personal information: the screen and exports show `138****1234`.
public enum PhoneMask {
    public static func mask(_ phone: String) -> String {
        let chars = Array(phone)
        let digitCount = chars.filter(\.isNumber).count
        guard digitCount >= 7 else {
            return String(chars.enumerated().map { i, c in (c.isNumber && i < chars.count - 2) ? "*" : c })
        }
        // Keep the first 3 and last 4 digits; mask the digits between.
        var seen = 0
        return String(chars.map { c in
            guard c.isNumber else { return c }
            seen += 1
            return (seen > 3 && seen <= digitCount - 4) ? "*" : c
        })
    }
}
