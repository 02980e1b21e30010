import WatchfloorCore
import WatchfloorStore

/// Starts the duty-room UI on a store (wired to WatchfloorUI when it lands).
func runUI(store: Store, settings: WatchfloorSettings) throws {
    throw CLIError("the UI is not built yet; use --no-ui")
}
