import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `SurveyController`: what its templates receive.
extension SurveyController {
    struct StartPage: Encodable, Sendable {
        let error: String?
        let resumable: Bool
    }
}
