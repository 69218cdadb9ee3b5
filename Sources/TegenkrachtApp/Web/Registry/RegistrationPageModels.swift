import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `RegistrationController`: what its templates receive.
extension RegistrationController {
    struct Mine: Encodable, Sendable {
        let received: String
        let kind: String
        let channel: String
        let alert: String?
    }

    struct Page: Encodable, Sendable {
        let channels: [CheckboxOption]
        let kinds: [CheckboxOption]
        let groups: [CheckboxOption]
        let people: [CheckboxOption]
        let units: [CheckboxOption]
        let behaviours: [CheckboxOption]
        let stages: [CheckboxOption]
        /// The day the signal was received (today on a new form).
        let received: [DateField]
        let mine: [Mine]
        let errors: [String]
        let saved: Bool
    }
}
