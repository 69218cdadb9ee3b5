import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `ReferralController`: what its templates receive.
extension ReferralController {
    struct ReferralPage: Encodable, Sendable {
        let id: String
        let target: String
        let from: String
        let sentAt: String
        let acknowledged: Bool
        let snapshot: DossierSnapshot
        let places: [String]
        let behaviours: [String]
    }
}
