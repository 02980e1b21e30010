/// Past-tense wording of operator actions, for "已由 王伟 于 14:02 确认 / acknowledged by wangwei at 14:02".
public enum ActionVerb {
    public static func pastTense(_ action: String) -> Bilingual {
        switch action {
        case "acknowledge": Bilingual("确认", "acknowledged")
        case "assign": Bilingual("派遣", "assigned")
        case "escalate": Bilingual("升级", "escalated")
        case "resolve": Bilingual("处置", "resolved")
        case "close": Bilingual("关闭", "closed")
        case "reopen": Bilingual("重新打开", "reopened")
        case "accept": Bilingual("受理", "accepted")
        case "transfer": Bilingual("转办", "transferred")
        case "reply": Bilingual("答复", "replied to")
        case "callback": Bilingual("回访", "called back")
        case "return": Bilingual("退回", "returned")
        case "suppress": Bilingual("屏蔽", "suppressed")
        case "note": Bilingual("备注", "annotated")
        case "assess": Bilingual("研判", "assessed")
        case "respond": Bilingual("回应", "responded to")
        case "monitor": Bilingual("转入跟踪", "moved to monitoring")
        default: Bilingual(action, action)
        }
    }
}
