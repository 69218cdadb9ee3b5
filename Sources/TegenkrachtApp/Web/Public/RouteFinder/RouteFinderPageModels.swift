import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `RouteFinderController`: what its templates receive.
extension RouteFinderController {
    /// The answers carried into the intake form, so nothing is typed twice.
    struct CarryOver: Encodable, Sendable {
        let reporterGroup: String
        let accusedGroup: String
        let items: [String]
        let integrity: Bool
        let wrongdoing: Bool
        let criminal: Bool
    }

    struct ResultContent: Encodable, Sendable {
        let carry: CarryOver
        let answers: [String]
        let routes: [RouteView]
        let gaps: [GapDTO]
        let helplines: [String]
        /// The norms of the House-wide code of conduct that the chosen behaviour breaks (issue 18, 6.4.1).
        let norms: CodeOfConductController.NormsBlock
    }

    struct AdvisorStart: Encodable, Sendable {
        let recipient: String
        let name: String
    }

    struct RouteView: Encodable, Sendable {
        let route: RouteDTO
        /// Where "make a report" sends the answers (from the route rules): empty for an advisor, who is
        /// chosen in the form.
        let intakeRecipient: String
        let canStart: Bool
        /// For the advisors' route: one start per advisor, with that advisor chosen in the form (issue 15).
        let advisors: [AdvisorStart]
        let can: [String]
        let cannot: [String]
        let serves: [String]
    }
}
