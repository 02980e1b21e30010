import ArgumentParser
import Foundation

extension Watchfloor {
    /// ArgumentParser's own `main`, except for one thing: its error messages quote the arguments as typed ("The value
    /// 'x␛]0;…' is invalid for '<what>'"), so they leave through `TerminalOutput.error`, the CLI's sanitised
    /// boundary. Help, version and completion scripts (exit 0) take the library's own path unchanged.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            // A command that already reported its error throws a bare ExitCode, whose message is empty.
            let message = fullMessage(for: error)
            if !message.isEmpty { TerminalOutput.error(message) }
            Foundation.exit(code.rawValue)
        }
    }
}
