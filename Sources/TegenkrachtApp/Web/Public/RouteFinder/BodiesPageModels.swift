import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `BodiesController`: what its templates receive.
extension BodiesController {
    struct ListContent: Encodable, Sendable {
        let routes: [RouteDTO]
    }

    struct BodyContent: Encodable, Sendable {
        let route: RouteDTO
        let can: [String]
        let cannot: [String]
    }

    struct RegisterRow: Encodable, Sendable {
        let name: String
        let applies: Bool
        let since: String?
        let ownRegulation: Bool
        let ownConfidentialAdvisor: Bool
        let policy: String?
        let evaluated: String?
        let riskInventory: String?
        /// What the Presidium is told about (issue 18, 6.4.5): empty when all is in order.
        let findings: [String]
    }

    struct RegisterContent: Encodable, Sendable {
        let date: String
        let fracties: [RegisterRow]
        let evaluationYears: Int
        let inventoryYears: Int
    }
}
