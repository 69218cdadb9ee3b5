import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `IntakeController`: what its templates receive.
extension IntakeController {
    struct AdvisorChoice: Encodable, Sendable {
        let value: String
        let name: String
        let role: String
        let affiliation: String
        let otherRoles: [String]
        let checked: Bool
    }

    /// The typed values, to put back in the form.
    struct Values: Encodable, Sendable {
        var whatHappened = "", when = "", witnesses = "", othersAffected = "", impact = "", wish = ""
        var name = "", email = "", phone = "", function = "", postalAddress = ""
        var submission = ""
        var accused0Name = "", accused0Function = "", accused0Unit = "", accused1Name = "", accused1Function = "", accused1Unit = ""
        var reporterGroup = "", accusedGroup = ""
    }

    /// A line of the error summary and the field it is about (issue 15: the summary links to each field).
    struct ErrorLink: Encodable, Sendable {
        let text: String
        let anchor: String

        /// Fields that are a group of choices are reached by their fieldset.
        static let anchors = ["kind": "fieldset-kind", "mode": "fieldset-identity", "recipient": "fieldset-recipient",
                              "advisor": "fieldset-recipient", "accused": "fieldset-who", "attachment": "fieldset-files",
                              "secondPerson": "fieldset-second"]
    }
}
