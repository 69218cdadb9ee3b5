import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Public pages about the bodies, the register of fracties and external reporting channels.
enum BodiesController {
    private static func catalogue(_ req: Request) async throws -> [(FoundRoute, RouteDTO)] {
        let today = req.application.today
        guard let rules = req.application.routeRules.inForce(on: today) else { return [] }
        let organisation = try await req.application.organisationStore.current(on: req.db)
        // Every route, as the finder would describe it, with its current holders.
        return rules.routes.enumerated().map { _, rule in
            let holders = organisation.map { RouteFinder.holders(rule.holders, in: $0, on: today) } ?? []
            let found = FoundRoute(id: rule.id, formal: rule.formal, abilities: rule.abilities,
                                   serves: rule.serves.map(\.rawValue), conditional: false, matchesWish: false,
                                   holders: holders, source: rule.source)
            return (found, RouteDTO(found, req.localizer))
        }
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try await req.renderPage("bodies", titleKey: "bodies.title", ListContent(routes: try await catalogue(req).map(\.1)))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let id = req.parameters.get("id") ?? ""
        guard let (found, dto) = try await catalogue(req).first(where: { $0.0.id == id }) else { throw Abort(.notFound) }
        let t = req.localizer
        return try await req.renderPage("body", titleKey: "route.\(id).name",
            BodyContent(route: dto, can: RouteTexts.abilities(found.abilities, true, t),
                        cannot: RouteTexts.abilities(found.abilities, false, t)))
    }

    @Sendable static func register(req: Request) async throws -> Response {
        let today = req.application.today
        let organisation = try await req.application.organisationStore.current(on: req.db)
        let fracties = organisation?.fracties(on: today) ?? []
        let rules = organisation?.fractiePolicyReview ?? FractiePolicyReview.Rules()
        let rows = fracties.map {
            RegisterRow(name: $0.name, applies: $0.klachtenregeling.applies(on: today), since: $0.klachtenregeling.since.map(req.date),
                        ownRegulation: $0.ownRegulation, ownConfidentialAdvisor: $0.ownConfidentialAdvisor,
                        policy: $0.policyPublishedAt, evaluated: $0.policyEvaluatedOn.map(req.date), riskInventory: $0.riskInventoryOn.map(req.date),
                        findings: FractiePolicyReview.findings(for: $0, on: today, rules: rules).map { req.text("fractiePolicy.finding.\($0.rawValue)") })
        }
        return try await req.renderPage("register", titleKey: "register.title", RegisterContent(date: req.date(today), fracties: rows,
                                                                                                 evaluationYears: rules.evaluationMaxYears,
                                                                                                 inventoryYears: rules.riskInventoryMaxYears))
    }

    @Sendable static func external(req: Request) async throws -> Response {
        try await req.renderPage("external", titleKey: "external.title", NoContent())
    }
}
