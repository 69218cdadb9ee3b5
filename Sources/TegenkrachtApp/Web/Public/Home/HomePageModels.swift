import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `HomeController`: what its templates receive.
extension HomeController {
    struct AdvisorView: Encodable, Sendable {
        /// Opens the form with this advisor chosen (issue 15), posted so that no address names them.
        let recipient: String
        let name: String
        let affiliation: String
        let otherRoles: [String]
        /// How to reach them (issue 15).
        let contact: ContactDetails?
    }

    struct Content: Encodable, Sendable {
        let advisors: [AdvisorView]
        let integrityAdvisors: [AdvisorView]
    }
}
