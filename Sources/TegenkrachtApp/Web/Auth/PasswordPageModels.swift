import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// The page models of `PasswordController`: what its templates receive.
extension PasswordController {
    struct Content: Encodable, Sendable {
        var message: String?
        var done = false
    }
}
