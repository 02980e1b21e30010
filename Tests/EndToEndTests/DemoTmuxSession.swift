import Foundation
import WatchfloorCore

extension TmuxSession {
    /// `watchfloor demo` over the sample data in tmux, replaying its feeds quickly (`--replay-minutes 0.2`), in
    /// `lang` at `width`×`height`: what the opinion and map-shading tests look at.
    static func demo(_ tag: String, width: Int, height: Int, lang: String) throws -> TmuxSession {
        let watchfloor = Binaries.path("watchfloor")
        let config = UISampleData.directory.appendingPathComponent("watchfloor.toml").path
        let script = "cd \(shellQuote(Binaries.packageRoot.path)) && exec \(shellQuote(watchfloor)) demo --config \(shellQuote(config)) --replay-minutes 0.2 --lang \(lang)"
        return try TmuxSession(tag, width: width, height: height, command: "sh -c \(shellQuote(script))")
    }

    /// Bordered rows among the first `rows` of a capture whose display width is not `width` (a character measured
    /// differently from the terminal pushes the right border out of its column).
    static func rowsOffWidth(_ screen: String, width: Int, rows: Int) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(rows)
            .filter { ($0.hasPrefix("┃") || $0.hasPrefix("│")) && DisplayWidth.of(String($0)) != width }.map(String.init)
    }
}
