import ArgumentParser
import Foundation

extension Watchfloor {
    /// ArgumentParser's own main, except that its error messages — which quote the arguments as typed ("The
    /// value 'x␛]0;…' is invalid for '<what>'") — pass the CLI's sanitiser on their way to stderr. Help, version
    /// and completion scripts (our own text, exit 0) go out unchanged.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Swift.print(message) }
            } else if !message.isEmpty {
                TerminalOutput.error(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
