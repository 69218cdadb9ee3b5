import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `LetterController`: what its templates receive.
extension LetterController {
    /// The letters a report's procedure has templates for, in the order of its steps.
    struct Content: Encodable, Sendable {
        let title: String
        let date: String
        let reference: String
        let addressee: String
        let paragraphs: [String]
        let signature: String
    }
}
