import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `OralReportController`: what its templates receive.
extension OralReportController {
    struct DoneContent: Encodable, Sendable {
        let code: String
        let receivedAt: String
    }
}
