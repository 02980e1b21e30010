// The UI's key map: Terminal's defaults plus the bindings only the live screen has (zoom, hotline and alert verbs),
// declared as data so the `?` overlay and `[keys]` overrides see them too.

import WatchfloorCore
import WatchfloorTerminal

extension KeyMap {
    private static let actionsGroup = Localized(zh: "操作", en: "Actions")
    private static let hotlineGroup = Localized(zh: "12345 工单", en: "12345 hotline")
    private static let alertGroup = Localized(zh: "安全告警", en: "Security alerts")
    private static let viewGroup = Localized(zh: "通用", en: "General")
    private static let mapGroup = Localized(zh: "网格地图", en: "Grid map")
    private static let opinionGroup = Localized(zh: "网络舆情", en: "Public opinion")

    /// Actions that change the store; read-only mode removes their keys.
    static let writingActions: Set<String> = [
        "acknowledge", "assign", "escalate", "resolve", "close", "note", "transfer", "reply", "callback", "suppress",
        "revealPhone", "respond", "monitor",
    ]

    /// `watchfloorDefaults` plus the UI's own bindings.
    public static let watchfloorUI: KeyMap = {
        var list = KeyMap.watchfloorDefaults.bindings
        let extra = [
            KeyBinding("zoom", keys: [.char("z")], help: Localized(zh: "放大/还原当前窗格", en: "Zoom pane"), group: viewGroup),
            KeyBinding("focusOpinion", keys: [.char("5")], help: Localized(zh: "网络舆情", en: "Public opinion"), group: viewGroup),
            KeyBinding("respond", keys: [.char("p")], help: Localized(zh: "回应（渠道与内容）", en: "Respond (channel, text or link)"),
                       group: opinionGroup, scope: "opinion"),
            KeyBinding("monitor", keys: [.char("w")], help: Localized(zh: "转入跟踪", en: "Move to monitoring"),
                       group: opinionGroup, scope: "opinion"),
            KeyBinding("transfer", keys: [.char("t")], help: Localized(zh: "转办（指定部门）", en: "Transfer to a department"),
                       group: hotlineGroup, scope: "hotline"),
            KeyBinding("reply", keys: [.char("p")], help: Localized(zh: "答复（输入内容）", en: "Reply (asks for the text)"),
                       group: hotlineGroup, scope: "hotline"),
            KeyBinding("callback", keys: [.char("b")], help: Localized(zh: "回访（结果与满意度）", en: "Call back (result, satisfaction)"),
                       group: hotlineGroup, scope: "hotline"),
            KeyBinding("revealPhone", keys: [.char("v")], help: Localized(zh: "显示完整号码 1 分钟（审计）", en: "Show full phone 1 min (audited)"),
                       group: hotlineGroup, scope: "hotline"),
            KeyBinding("suppress", keys: [.char("u")], help: Localized(zh: "屏蔽一小时", en: "Suppress for an hour"),
                       group: alertGroup, scope: "alerts", destructive: true),
            // The map pane reads these keys itself (arrows/hjkl move between regions, Enter opens the selected
            // region, Esc clears it); they are declared here so the help and the hint bar show them.
            KeyBinding("mapSideways", keys: [.char("h"), .char("l")], help: Localized(zh: "地图：左右移动（方向键亦可）", en: "Map: move left/right (or arrows)"),
                       group: mapGroup, scope: "grid"),
            KeyBinding("mapZoomIn", keys: [.char("+"), .char("=")], help: Localized(zh: "地图：放大", en: "Map: zoom in"),
                       group: mapGroup, scope: "grid"),
            KeyBinding("mapZoomOut", keys: [.char("-")], help: Localized(zh: "地图：缩小", en: "Map: zoom out"),
                       group: mapGroup, scope: "grid"),
            KeyBinding("mapReset", keys: [.char("0")], help: Localized(zh: "地图：复位", en: "Map: reset zoom"),
                       group: mapGroup, scope: "grid"),
            KeyBinding("mapMeasure", keys: [.char("o")], help: Localized(zh: "地图：着色切换 负荷/舆情热度", en: "Map: shade by load / opinion heat"),
                       group: mapGroup, scope: "grid"),
            KeyBinding("mapUp", keys: [.backspace], help: Localized(zh: "地图：回上一级（Enter 进入下一级）", en: "Map: up a level (Enter: down)"),
                       group: mapGroup, scope: "grid"),
        ]
        // Keep "quit" last so the help reads naturally.
        let quitIndex = list.firstIndex { $0.action == "quit" } ?? list.count
        list.insert(extra[0], at: quitIndex)
        list += extra.dropFirst()
        return KeyMap(list)
    }()

    /// Without any binding that writes to the store (`watchfloor ui --read-only`).
    func withoutWritingActions() -> KeyMap {
        KeyMap(bindings.filter { !KeyMap.writingActions.contains($0.action) })
    }
}
