import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The page models of `AlertsController`: what its templates receive.
extension AlertsController {
    struct AlertView: Encodable, Sendable {
        let id: String
        let subject: String
        let isPerson: Bool
        let count: Int
        let since: String
        let state: String
        let stateLabel: String
        let followUp: String
        /// Which threshold and window fired, through which channels and about which kinds of behaviour
        /// (never who registered), and what to do next (issue 13).
        let rule: String
        let channels: String
        let kinds: String
        let isMember: Bool
    }

    struct Page: Encodable, Sendable {
        let alerts: [AlertView]
        let states: [CheckboxOption]
        let error: String?
    }
}
