import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The public front page: what this place is for, who the confidential advisors are, and where else
/// to get help. No login, nothing stored.
enum HomeController {
    @Sendable static func index(req: Request) async throws -> Response {
        let today = req.application.today
        let organisation = try await req.application.organisationStore.current(on: req.db)
        func views(_ role: FunctionaryRole) -> [AdvisorView] {
            guard let organisation else { return [] }
            return organisation.holders(of: role, on: today).map { holder in
                AdvisorView(
                    recipient: "vp:\(holder.person.id)",
                    name: holder.person.name,
                    affiliation: Affiliation.text(holder.assignment, organisation, today, req),
                    otherRoles: organisation.roles(of: holder.person.id, on: today)
                        .filter { $0.role != role && !$0.role.isConfidentialAdvisor }
                        .map { req.text("role.\($0.role.rawValue)") },
                    contact: holder.person.contact.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
        return try await req.renderPage("home", titleKey: "home.title",
                                        Content(advisors: views(.confidentialAdvisorUnwantedBehaviour),
                                                integrityAdvisors: views(.confidentialAdvisorIntegrity)))
    }
}
