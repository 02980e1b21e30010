// Timeline events as sentences a duty officer reads ("王伟 升级 Ⅲ→Ⅱ"), not `topic key=value` dumps.

import WatchfloorCore
import WatchfloorStore

extension Model {
    /// An operator's display name from `[operators]` (the login when there is none).
    func displayName(_ login: String) -> String { config.operatorNames[login] ?? login }

    /// One timeline line without its time and actor: the action and what it carried.
    func timelineText(topic: String, data: String) -> String {
        let l = language
        var o: [String: JSONValue] = [:]
        if let json = try? JSONParser.parse(data), case .object(let obj) = json { o = obj }
        func s(_ key: String) -> String? { o[key]?.string }
        func level(_ key: String) -> String? {
            guard let n = o[key].flatMap({ Int($0.serialized) }), let lv = Level(rawValue: n) else { return nil }
            return lv.roman
        }
        let action = s("action") ?? String(topic.split(separator: ".").last ?? Substring(topic))
        var text: String
        switch action {
        case "created": text = l.pick("登记", "recorded")
        case "updated": text = l.pick("来源更新", "updated by its source")
        case "added" where topic == "note.added": text = l.pick("备注：", "note: ") + (s("text") ?? "")
        case "reveal_phone": text = l.pick("查看了完整号码", "viewed the full phone number")
        default:
            let verb = ActionVerb.pastTense(action)
            text = l == .zh ? verb.zh : verb.en
        }
        if let from = level("from_level"), let to = level("to_level") { text += " \(from)→\(to)" }
        if let who = s("assignee") { text += l.pick(" 给 ", " to ") + who }
        if let dept = s("department") { text += l.pick(" 至 ", " to ") + dept }
        if let result = s("result") { text += l.pick("：", ": ") + result }
        if let sat = s("satisfaction").flatMap(Satisfaction.init(rawValue:)) { text += "（\(sat.label.text(l))）" }
        if action != "added", let note = s("note") { text += l.pick("，备注：", "; note: ") + note }
        if let from = s("from"), let to = s("to"), from != to, action != "created" {
            text += l.pick("（\(from) → \(to)）", " (\(from) → \(to))")
        }
        return text
    }
}
