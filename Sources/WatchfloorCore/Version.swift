/// The Watchfloor release both executables report with `--version`.
public enum WatchfloorVersion {
    public static let string = "0.9.0"
}
