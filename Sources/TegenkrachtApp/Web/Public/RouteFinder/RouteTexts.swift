import TegenkrachtCore

/// The behaviour checklist in groups, as the route finder and the intake form show it.
struct BehaviourGroup: Encodable, Sendable {
    let label: String
    let items: [Choice]
}

/// What a route can and cannot do, in words (the route finder and the bodies pages).
enum RouteTexts {
    static func abilities(_ a: RouteAbilities, _ wanted: Bool, _ t: Localizer) -> [String] {
        [("listen", a.listen), ("advise", a.advise), ("mediate", a.mediate), ("investigate", a.investigate),
         ("sanction", a.sanction)].filter { $0.1 == wanted }.map { t.text("ability.\($0.0)") }
    }
}
