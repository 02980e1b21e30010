// A one-row chart of recent numbers (ingest rate, alerts per minute).

/// Draws the last `area.width` values as ▁▂▃▄▅▆▇█, scaled to `maximum` (default: the largest value shown).
/// Zero draws as a blank so quiet periods read as quiet; any positive value draws at least ▁.
public struct Sparkline: Sendable {
    public static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var values: [Double]
    public var maximum: Double?
    public var role: Role

    public init(_ values: [Double], maximum: Double? = nil, role: Role = .sparkline) {
        self.values = values
        self.maximum = maximum
        self.role = role
    }

    /// The characters for `width` columns (right-aligned: the newest value is last).
    public func line(width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = maximum ?? shown.max() ?? 0
        var out = String(repeating: " ", count: width - shown.count)
        for v in shown {
            if !(v > 0) || !(top > 0) {
                out.append(" ")
            } else {
                let level = Int((min(v, top) / top) * 7.0 + 0.5)
                out.append(Sparkline.bars[max(0, min(7, level))])
            }
        }
        return out
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard area.height > 0 else { return }
        buffer.put(line(width: area.width), x: area.x, y: area.y, style: theme[role], maxWidth: area.width)
    }
}
