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
        /// For the invitation to the hearing: its day, time and place, entered above the letter.
        let hearing: Hearing?
    }

    /// The hearing's day, time and place as the secretary enters them (art. 11: the parties are
    /// invited; the letter states when and where). Not stored: the printed letter is the record.
    struct Hearing: Encodable, Sendable {
        let date: [DateField]
        let time: String
        let place: String
        let error: String?
        let complete: Bool
    }
}
