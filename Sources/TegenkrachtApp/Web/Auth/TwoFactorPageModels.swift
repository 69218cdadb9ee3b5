import Fluent
import TegenkrachtUseCases
import Vapor

/// The page models of `TwoFactorController`: what its templates receive.
extension TwoFactorController {
    struct CodeContent: Encodable, Sendable {
        var message: String?
    }

    struct EnrolContent: Encodable, Sendable {
        let secretGroups: String
        let provisioningURI: String
        var message: String?
    }

    struct RecoveryContent: Encodable, Sendable {
        let codes: [String]
    }
}
