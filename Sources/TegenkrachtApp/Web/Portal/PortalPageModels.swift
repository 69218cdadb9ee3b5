import Fluent
import SQLKit
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `PortalController`: what its templates receive.
extension PortalController {
    struct LoginContent: Encodable, Sendable {
        var message: String?
    }
}
