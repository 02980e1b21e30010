/// What kind of event an incident is; drives routing, colours and handover counts.
public enum IncidentCategory: String, Sendable, CaseIterable, Codable {
    case publicSafety = "public_safety"
    case productionSafety = "production_safety"
    case publicHealth = "public_health"
    case naturalDisaster = "natural_disaster"
    case dispute
    case publicOpinion = "public_opinion"
    case cyberSecurity = "cyber_security"
    case other

    public var label: Bilingual {
        switch self {
        case .publicSafety: Bilingual("社会治安", "Public safety")
        case .productionSafety: Bilingual("安全生产", "Production safety")
        case .publicHealth: Bilingual("公共卫生", "Public health")
        case .naturalDisaster: Bilingual("自然灾害", "Natural disaster")
        case .dispute: Bilingual("矛盾纠纷", "Dispute")
        case .publicOpinion: Bilingual("网络舆情", "Public opinion")
        case .cyberSecurity: Bilingual("网络安全", "Cyber security")
        case .other: Bilingual("其他", "Other")
        }
    }
}
