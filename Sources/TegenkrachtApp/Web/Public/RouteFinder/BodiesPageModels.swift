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
    }

    struct RegisterContent: Encodable, Sendable {
        let date: String
        let fracties: [RegisterRow]
    }
}
