import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `OwnReportsController`: what its templates receive.
extension OwnReportsController {
    struct Item: Encodable, Sendable {
        let id: String
        let kind: String
        let status: String
        let submittedAt: String
    }

    struct Content: Encodable, Sendable {
        let reports: [Item]
    }
}
