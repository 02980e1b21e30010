extension WatchfloorSettings {
    /// The settings without a settings file: `etc/watchfloor.toml`, compiled in as `DefaultSettings.text`, so a
    /// copied binary behaves as the documented sample says. A test keeps the text and the file identical.
    public static let builtinDefaults: WatchfloorSettings = {
        var s = WatchfloorSettings()
        // The text is fixed at build time and parsed by a test; a failure here would be a build defect.
        s.raw = (try? TOML.parse(DefaultSettings.text)) ?? [:]
        if let offset = s.raw["utc_offset"]?.string, let seconds = parseOffset(offset) {
            s.offsetSeconds = seconds
            s.calendar = WorkingCalendar(offsetSeconds: seconds)
        }
        return s
    }()
}
