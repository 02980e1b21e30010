import ArgumentParser
import Foundation
import WatchfloorCore
import WatchfloorStore

/// Options every subcommand takes: which store, which settings, who is acting, which language.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The store: a file or a postgresql:// URL (default: $WATCHFLOOR_DB, else [store] url in the settings, else ~/.local/share/watchfloor/watchfloor.db).")
    var db: String?

    @Option(name: .long, help: "Settings file (default: $WATCHFLOOR_CONFIG, else ~/.config/watchfloor/watchfloor.toml, else /etc/watchfloor/watchfloor.toml).")
    var config: String?

    @Option(name: .long, help: "Who is acting (default: $WATCHFLOOR_OPERATOR, else the login name).")
    var `operator`: String?

    @Option(name: .long, help: "Language: zh or en (default: from the locale).")
    var lang: Language?

    @Option(name: .long, help: "Only this county (its 6-digit code) in a city store; an operator limited to a county gets it anyway.")
    var county: String?

    var language: Language { lang ?? Language.fromEnvironment() }

    /// `--db`, `$WATCHFLOOR_DB`, `[store] url`, the default (a broken settings file is reported by `settings()`).
    var storePath: String { StoreLocation.resolve(explicit: db, configured: (try? settings())?.storeURL) }

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

/// Exit statuses of the CLI (documented in `watchfloor --help` and the README).
enum CLIExit {
    /// An error: bad input, no such item, the store cannot be opened.
    static let error: Int32 = 1
    /// `watchfloor audit verify`: the audit chain is broken.
    static let auditBroken: Int32 = 2
    /// An action was refused because someone else acted first (the item changed since it was read); re-read, decide.
    static let refusedByRace: Int32 = 3
    /// An action was refused by a rule (the item's state does not allow it, e.g. only a resolved incident can be
    /// closed); retrying will not help.
    static let refusedByRule: Int32 = 4
}

/// Runs a command body and turns domain errors into one clear line on stderr and an exit status (`CLIExit`).
/// With `global`, refusals speak its `--lang` and name people by their `[operators]` display names.
func reportingErrors<T>(_ global: GlobalOptions? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ActionRefused {
        let settings = try? global?.settings()
        let text = e.message(global?.language ?? Language.fromEnvironment(),
                             offsetSeconds: settings?.offsetSeconds ?? ISOTime.chinaOffsetSeconds,
                             names: settings?.operators ?? [:])
        TerminalOutput.error("watchfloor: \(e.entityID): \(text)")
        throw ExitCode(e.isRace ? CLIExit.refusedByRace : CLIExit.refusedByRule)
    } catch let e as any LocalizedRefusal {
        TerminalOutput.error("watchfloor: \(e.message(global?.language ?? Language.fromEnvironment()))")
        throw ExitCode(CLIExit.refusedByRule)
    } catch let e as CLIError {
        TerminalOutput.error("watchfloor: \(e.message)")
        throw ExitCode(CLIExit.error)
    } catch let e as StoreError {
        TerminalOutput.error("watchfloor: \(e.description)")
        throw ExitCode(CLIExit.error)
    } catch let e as SQLiteError {
        // Never SQLite's own words or the SQL: a sentence by result code.
        TerminalOutput.error("watchfloor: \(StoreError.from(e, path: nil).description)")
        throw ExitCode(CLIExit.error)
    } catch let e as ExitCode {
        throw e
    } catch {
        TerminalOutput.error("watchfloor: \(error)")
        throw ExitCode(CLIExit.error)
    }
}

func printJSON(_ value: JSONValue) { print(value.serialized) }
