import FluentKit

// The states stored as text, as Swift enums (issue 12): a misspelt state does not compile. The raw
// values are what the database holds and what the texts are keyed by (`consent.state.gegeven`), so
// they stay Dutch; existing rows keep theirs. Each model gives its state typed (`recordState`, ...):
// nil only for a value no version of Tegenkracht wrote.

/// A meeting record's state: the reporter approves it or asks for a correction.
package enum RecordState: String, Sendable, CaseIterable {
    case awaitingReporter = "wacht-op-melder"
    case approved = "goedgekeurd"
    case correctionRequested = "correctie-gevraagd"
}

/// A consent the handler asked of the reporter.
package enum ConsentState: String, Sendable, CaseIterable {
    case requested = "gevraagd"
    case given = "gegeven"
    case refused = "geweigerd"
    case withdrawn = "ingetrokken"
}

/// A referral: sent to a functionary in Tegenkracht, handed over outside it, or received.
package enum ReferralState: String, Sendable, CaseIterable {
    case sent = "verstuurd"
    case handedOver = "overgedragen"
    case received = "ontvangen"
}

/// A pattern alert as its recipient follows it up.
package enum AlertState: String, Sendable, CaseIterable {
    case open = "open"
    case inProgress = "in-behandeling"
    case handled = "afgehandeld"
}

/// Who an aftercare check-in asks.
package enum AftercareParty: String, Sendable, CaseIterable {
    case reporter = "melder"
    case accused = "beklaagde"
    case manager = "leidinggevende"
}

extension ReportRecord {
    package var recordState: RecordState? { RecordState(rawValue: state) }
}

extension CaseConsentRecord {
    package var consentState: ConsentState? { ConsentState(rawValue: state) }
}

extension CaseReferral {
    package var referralState: ReferralState? { ReferralState(rawValue: state) }
}

extension RegistryAlert {
    package var alertState: AlertState? { AlertState(rawValue: state) }
}

extension AftercareCheckIn {
    package var aftercareParty: AftercareParty? { AftercareParty(rawValue: party) }
}
