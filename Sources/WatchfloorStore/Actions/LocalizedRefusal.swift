import WatchfloorCore

/// A refusal by rule that carries its own sentence in the operator's language (escalating past Ⅰ, acting outside
/// one's county). The CLI and the UI show `message(_:)` for any of them, so a new rule needs no new catch clause.
public protocol LocalizedRefusal: Error {
    func message(_ language: Language) -> String
}

extension EscalationRefused: LocalizedRefusal {}
extension CountyRefused: LocalizedRefusal {}
