// What the screen shows instead of a broken layout when the terminal is too small.

import WatchfloorCore

/// "Terminal too small — needs at least W×H" in the UI language, centred, with the current size.
public struct TooSmallNotice: Sendable {
    public var minWidth: Int
    public var minHeight: Int
    public var language: UILanguage

    public init(minWidth: Int, minHeight: Int, language: UILanguage) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.language = language
    }

    /// Whether a `width`×`height` screen needs the notice.
    public func applies(width: Int, height: Int) -> Bool { width < minWidth || height < minHeight }

    public func lines(width: Int, height: Int) -> [String] {
        switch language {
        case .zh: return ["终端窗口太小", "至少需要 \(minWidth)×\(minHeight)", "当前 \(width)×\(height)"]
        case .en: return ["Terminal too small", "needs at least \(minWidth)×\(minHeight)", "now \(width)×\(height)"]
        }
    }

    public func render(into buffer: inout Buffer, theme: Theme) {
        buffer.clear(style: theme[.text])
        let text = lines(width: buffer.width, height: buffer.height)
        let top = max(0, (buffer.height - text.count) / 2)
        for (i, line) in text.enumerated() where top + i < buffer.height {
            let role: Role = i == 0 ? .warning : .text
            buffer.put(DisplayWidth.pad(line, to: buffer.width, alignment: .center), x: 0, y: top + i,
                       style: theme[role])
        }
    }
}
