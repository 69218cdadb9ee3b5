import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// The page models of `ForgottenPasswordController`: what its templates receive.
extension ForgottenPasswordController {
    struct Content: Encodable, Sendable {
        var username = ""
        var message: String?
        var done = false
    }
}
