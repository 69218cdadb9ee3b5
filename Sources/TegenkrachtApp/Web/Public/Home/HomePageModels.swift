import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `HomeController`: what its templates receive.
extension HomeController {
    struct AdvisorView: Encodable, Sendable {
        let name: String
        let affiliation: String
        let otherRoles: [String]
    }

    struct Content: Encodable, Sendable {
        let advisors: [AdvisorView]
        let integrityAdvisors: [AdvisorView]
    }
}
