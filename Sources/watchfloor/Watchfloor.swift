import ArgumentParser
import WatchfloorCore

/// `watchfloor`: the duty room's screen (the default) and its command line.
@main
struct Watchfloor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchfloor",
        abstract: "One screen for the county duty room: incidents, grid map, 12345 hotline, security alerts.",
        discussion: """
        Every process opens the same store, an SQLite file or a postgresql:// URL (--db, $WATCHFLOOR_DB, [store] url in
        the settings, else ~/.local/share/watchfloor/watchfloor.db).
        Operator actions are compare-and-set and hash-chained in the audit log.

        Exit status: 0 done; 1 error; 2 audit chain broken; 3 action refused because someone else acted first
        (the item changed since it was read: look again); 4 action refused by a rule (the item's state does not
        allow it, e.g. only a resolved incident can be closed).
        """,
        version: WatchfloorVersion.string,
        subcommands: [
            UICommand.self, DemoCommand.self, ListCommand.self, ShowCommand.self,
            AckCommand.self, AssignCommand.self, EscalateCommand.self, ResolveCommand.self, CloseCommand.self,
            ReopenCommand.self, NoteCommand.self, HotlineCommand.self, AlertCommand.self,
            EventsCommand.self, IngestCommand.self, AuditCommand.self, ExportCommand.self, HandoverCommand.self,
            DoctorCommand.self,
            OpinionCommand.self,
            TokenCommand.self,
            StoreCommand.self, CountyCommand.self,
        ],
        defaultSubcommand: UICommand.self
    )
}
