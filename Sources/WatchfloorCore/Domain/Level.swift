/// National emergency grading (突发事件分级). Lower number = more severe, so sorting ascending puts Ⅰ first.
public enum Level: Int, Sendable, CaseIterable, Comparable, Codable {
    case one = 1, two = 2, three = 3, four = 4

    public init?(number: Int) { self.init(rawValue: number) }

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    /// Roman numeral as printed on official notices.
    public var roman: String { ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"][rawValue - 1] }

    public var label: Bilingual {
        switch self {
        case .one: Bilingual("Ⅰ级 特别重大", "I Extremely serious")
        case .two: Bilingual("Ⅱ级 重大", "II Serious")
        case .three: Bilingual("Ⅲ级 较大", "III Major")
        case .four: Bilingual("Ⅳ级 一般", "IV General")
        }
    }

    /// Short form for narrow table columns.
    public var short: Bilingual {
        switch self {
        case .one: Bilingual("Ⅰ特重", "I")
        case .two: Bilingual("Ⅱ重大", "II")
        case .three: Bilingual("Ⅲ较大", "III")
        case .four: Bilingual("Ⅳ一般", "IV")
        }
    }

    /// One step more severe (Ⅳ→Ⅲ …), saturating at Ⅰ.
    public var raised: Level { Level(rawValue: max(1, rawValue - 1))! }
}
