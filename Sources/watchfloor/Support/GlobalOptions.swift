import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

/// Options every subcommand takes: which store, which settings, who is acting, which language.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The store file (default: $WATCHFLOOR_DB, else ~/.local/share/watchfloor/watchfloor.db).")
    var db: String?

    @Option(name: .long, help: "Settings file (default: $WATCHFLOOR_CONFIG, else ~/.config/watchfloor/watchfloor.toml, else /etc/watchfloor/watchfloor.toml).")
    var config: String?

    @Option(name: .long, help: "Who is acting (default: $WATCHFLOOR_OPERATOR, else the login name).")
    var `operator`: String?

    @Option(name: .long, help: "Language: zh or en (default: from the locale).")
    var lang: Language?

    var language: Language { lang ?? Language.fromEnvironment() }

    var storePath: String { StoreLocation.resolve(explicit: db) }

    /// Sanitised like feed text: an operator name lands in `acked_by`, events and notes, and is printed back.
    var actor: String { TextSanitizer.sanitize(rawActor, options: .singleLine) }

    private var rawActor: String {
        if let o = `operator`, !o.isEmpty { return o }
        let env = ProcessInfo.processInfo.environment
        if let o = env["WATCHFLOOR_OPERATOR"], !o.isEmpty { return o }
        if let u = env["USER"], !u.isEmpty { return u }
        if let login = getlogin() { return String(cString: login) }
        return "operator"
    }

    func settings() throws -> WatchfloorSettings {
        do { return try WatchfloorSettings.load(path: WatchfloorSettings.resolvePath(explicit: config)) }
        catch { throw CLIError("\(error)") }
    }

    /// Opens the store; reading commands never create an empty one by accident. A store this user may not write
    /// opens read-only (listing and showing work); a tightened file mode is reported on stderr.
    func openStore(create: Bool = false) throws -> Store {
        let s = try settings()
        do {
            let store = try Store(path: storePath, sla: s.slaClock, create: create)
            for w in store.warnings { FileHandle.standardError.write(Data("watchfloor: warning: \(w)\n".utf8)) }
            return store
        } catch {
            throw CLIError(StoreError.describe(error, path: storePath))
        }
    }
}

extension Language: ExpressibleByArgument {}

/// A failure reported as one line on stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Runs a command body and turns domain errors into one clear line and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ActionRefused {
        TerminalOutput.error("watchfloor: \(e.description)")
        throw ExitCode(3)
    } catch let e as CLIError {
        TerminalOutput.error("watchfloor: \(e.message)")
        throw ExitCode(1)
    } catch let e as StoreError {
        TerminalOutput.error("watchfloor: \(e.description)")
        throw ExitCode(1)
    } catch let e as SQLiteError {
        // Never SQLite's own words or the SQL: a sentence by result code.
        FileHandle.standardError.write(Data("watchfloor: \(StoreError.from(e, path: nil).description)\n".utf8))
        throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch {
        TerminalOutput.error("watchfloor: \(error)")
        throw ExitCode(1)
    }
}

func printJSON(_ value: JSONValue) { print(value.serialized) }
