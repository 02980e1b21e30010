// Watchfloor's default key bindings (DESIGN §5), declared as data. The UI may extend or replace this list; the help
// overlay and config overrides work on whatever list it uses.

extension KeyMap {
    private static let navigation = Localized(zh: "导航", en: "Navigation")
    private static let actions = Localized(zh: "操作", en: "Actions")
    private static let general = Localized(zh: "通用", en: "General")

    /// The default bindings. Destructive actions (`resolve`, `close`, `escalate`) ask for confirmation in the UI and
    /// never share a key with navigation.
    public static let watchfloorDefaults = KeyMap([
        KeyBinding("focusNext", keys: [.tab], help: Localized(zh: "下一个窗格", en: "Next pane"), group: navigation),
        KeyBinding("focusPrevious", keys: [.backTab], help: Localized(zh: "上一个窗格", en: "Previous pane"),
                   group: navigation),
        KeyBinding("focusIncidents", keys: [.char("1")], help: Localized(zh: "事件", en: "Incidents"), group: navigation),
        KeyBinding("focusMap", keys: [.char("2")], help: Localized(zh: "网格地图", en: "Grid map"), group: navigation),
        KeyBinding("focusHotline", keys: [.char("3")], help: Localized(zh: "12345 工单", en: "12345 hotline"),
                   group: navigation),
        KeyBinding("focusAlerts", keys: [.char("4")], help: Localized(zh: "安全告警", en: "Security alerts"),
                   group: navigation),
        KeyBinding("moveDown", keys: [.char("j"), .down], help: Localized(zh: "下移", en: "Move down"),
                   group: navigation),
        KeyBinding("moveUp", keys: [.char("k"), .up], help: Localized(zh: "上移", en: "Move up"), group: navigation),
        KeyBinding("pageDown", keys: [.pageDown, .ctrl("f")], help: Localized(zh: "下一页", en: "Page down"),
                   group: navigation),
        KeyBinding("pageUp", keys: [.pageUp, .ctrl("b")], help: Localized(zh: "上一页", en: "Page up"),
                   group: navigation),
        KeyBinding("moveTop", keys: [.home, .char("g")], help: Localized(zh: "到第一行", en: "First row"),
                   group: navigation),
        KeyBinding("moveBottom", keys: [.end, .char("G")], help: Localized(zh: "到最后一行", en: "Last row"),
                   group: navigation),
        KeyBinding("details", keys: [.enter], help: Localized(zh: "详情", en: "Details"), group: navigation),
        KeyBinding("back", keys: [.escape], help: Localized(zh: "返回", en: "Back"), group: navigation),
        KeyBinding("acknowledge", keys: [.char("a")], help: Localized(zh: "确认", en: "Acknowledge"), group: actions),
        KeyBinding("assign", keys: [.char("s")], help: Localized(zh: "指派", en: "Assign"), group: actions),
        KeyBinding("escalate", keys: [.char("e")], help: Localized(zh: "升级", en: "Escalate"), group: actions,
                   destructive: true),
        KeyBinding("resolve", keys: [.char("r")], help: Localized(zh: "处置完毕", en: "Resolve"), group: actions,
                   destructive: true),
        KeyBinding("close", keys: [.char("c")], help: Localized(zh: "关闭", en: "Close"), group: actions,
                   destructive: true),
        KeyBinding("note", keys: [.char("n")], help: Localized(zh: "添加备注", en: "Add a note"), group: actions),
        KeyBinding("filter", keys: [.char("/")], help: Localized(zh: "筛选", en: "Filter"), group: general),
        KeyBinding("pickGrid", keys: [.char("m")], help: Localized(zh: "地图选择网格", en: "Pick a grid on the map"),
                   group: general),
        KeyBinding("exportHandover", keys: [.char("x")], help: Localized(zh: "导出交接班", en: "Export handover"),
                   group: general),
        KeyBinding("command", keys: [.char(":")], help: Localized(zh: "命令行", en: "Command line"), group: general),
        KeyBinding("help", keys: [.char("?")], help: Localized(zh: "帮助", en: "Help"), group: general),
        KeyBinding("redraw", keys: [.ctrl("l")], help: Localized(zh: "重绘屏幕", en: "Redraw screen"), group: general),
        KeyBinding("quit", keys: [.char("q"), .ctrl("c")],
                   help: Localized(zh: "关闭视图；主界面退出（先确认）", en: "Close the view; quit (asks first)"), group: general),
    ])
}
