import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The route finder's answer as the API, the CLI and the pages give it: the core answer with the
/// texts in the asker's language. One shape for all three (docs/routes.md).
struct RoutesResponse: Content, Sendable {
    let ruleSet: String
    let routes: [RouteDTO]
    let gaps: [GapDTO]
    let helplines: [String]
}

struct RouteDTO: Codable, Sendable {
    let id: String
    let name: String
    let formal: Bool
    let canListen: Bool
    let canAdvise: Bool
    let canMediate: Bool
    let canInvestigate: Bool
    let canSanction: Bool
    let conditional: Bool
    /// Why the route is open only on a condition (a contested reading, a term that may have passed);
    /// empty when the only condition is a fractie's adoption of the Klachtenregeling.
    let reasons: [String]
    let matchesWish: Bool
    let serves: [String]
    let holders: [HolderDTO]
    let does: String
    let cannot: String
    let whoSees: String
    let nextSteps: String
    let duration: String
    let source: String
}

struct HolderDTO: Codable, Sendable {
    let name: String
    let role: String
    let affiliation: String
    let otherRoles: [String]
    /// How to reach them (issue 15); absent when the organisation model names none.
    let contact: ContactDetails?
}

struct GapDTO: Codable, Sendable {
    let id: String
    let behaviour: String?
    let conditional: Bool
    let explanation: String
    let source: String
}

extension RoutesResponse {
    static let helplineKeys = ["home.helpline.csg", "home.helpline.slachtofferhulp", "home.helpline.politie",
                               "home.helpline.klokkenluiders"]

    init(_ answer: RouteAnswer, _ t: Localizer) {
        ruleSet = answer.ruleSetVersion
        routes = answer.routes.map { RouteDTO($0, t) }
        gaps = answer.gaps.map { gap in
            // A gap that depends on something the person did not know says "depends on …", never
            // "you cannot …" (issue 15).
            GapDTO(id: gap.id, behaviour: gap.behaviour, conditional: gap.conditional,
                   explanation: gap.conditional && t.has("gap.\(gap.id).conditional") ? t.text("gap.\(gap.id).conditional") : t.text("gap.\(gap.id)"),
                   source: gap.source)
        }
        helplines = Self.helplineKeys.map { t.text($0) }
    }
}

extension RouteDTO {
    init(_ route: FoundRoute, _ t: Localizer) {
        let key = "route.\(route.id)"
        self.init(
            id: route.id, name: t.text("\(key).name"), formal: route.formal,
            canListen: route.abilities.listen, canAdvise: route.abilities.advise, canMediate: route.abilities.mediate,
            canInvestigate: route.abilities.investigate, canSanction: route.abilities.sanction,
            conditional: route.conditional, reasons: route.reasons.map { t.text("route.reason.\($0)") },
            matchesWish: route.matchesWish, serves: route.serves,
            holders: route.holders.map { HolderDTO($0, t) },
            does: t.text("\(key).does"), cannot: t.text("\(key).cannot"), whoSees: t.text("\(key).sees"),
            nextSteps: t.text("\(key).next"), duration: t.text("\(key).duration"), source: route.source)
    }
}

extension HolderDTO {
    init(_ holder: RouteHolder, _ t: Localizer) {
        let affiliation = holder.fractie.map { t.text("affiliation.fractie", ["fractie": $0]) }
            ?? t.text("affiliation.\(holder.affiliation)")
        self.init(name: holder.name, role: t.text("role.\(holder.role)"), affiliation: affiliation,
                  otherRoles: holder.otherRoles.map { t.text("role.\($0)") }, contact: holder.contact)
    }
}

extension RouteQuestionError {
    /// The problem in the reader's language, naming the field and the valid values.
    func message(_ t: Localizer) -> String {
        let fieldName = t.has("field.\(field)") ? t.text("field.\(field)") : field
        return t.text(key, ["field": fieldName, "value": value, "valid": validValues.joined(separator: ", ")])
    }
}
