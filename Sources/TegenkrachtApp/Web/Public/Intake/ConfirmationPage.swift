import Foundation

/// The confirmation after a report is stored (`intake-confirmation.leaf`): the receipt code, when it
/// was received, what comes next and who reads it.
struct ConfirmationPage: Encodable, Sendable {
    let code: String
    let receivedAt: String
    /// What the report's own procedure promises next (issue 13).
    let next: String
    let handlers: [String]
}
