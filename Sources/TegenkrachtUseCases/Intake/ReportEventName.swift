import TegenkrachtCore

/// The events on a report's timeline, which the reporter and the handlers see (issue 12: typed). The
/// stored text (`rawValue`) is Dutch and keys the texts (`event.<name>`); stored rows keep theirs.
package enum ReportEventName: Sendable, Hashable {
    case received
    case supplemented
    case otherHandlerRequested
    case handlerMessage
    case acknowledged
    case referred
    case withdrawn
    case oralRecorded
    case nameGiven
    case retaliationReported
    case recordMade
    case escrowReleased
    case referralReceived
    case reopened
    case aftercareAsked
    case escrowMatched
    case recordApproved
    case recordCorrectionRequested
    case leadChanged
    case secondPersonChanged
    case nameShared
    case nameNotShared
    /// A new reader proposed, and the reporter's answer (issue 15).
    case readerProposed
    case readerAgreed
    case readerRefused
    /// The reporter agreed, but a conflict found meanwhile ended the proposal.
    case readerLapsed
    /// A procedure event (`procedure-<event id>`).
    case procedure(String)
    /// A consent asked, given, refused or withdrawn (`toestemming-<state>`).
    case consent(ConsentState)
    /// A step on the ladder (`stap.<stage>`).
    case stage(CaseStage)

    package var rawValue: String {
        switch self {
        case .received: "ontvangen"
        case .supplemented: "aangevuld"
        case .otherHandlerRequested: "andere-behandelaar-gevraagd"
        case .handlerMessage: "bericht-behandelaar"
        case .acknowledged: "bevestigd"
        case .referred: "doorverwezen"
        case .withdrawn: "ingetrokken"
        case .oralRecorded: "mondeling-vastgelegd"
        case .nameGiven: "naam-gegeven"
        case .retaliationReported: "vergelding-gemeld"
        case .recordMade: "verslag-gemaakt"
        case .escrowReleased: "verzegeling-opgeheven"
        case .referralReceived: "doorverwijzing-ontvangen"
        case .reopened: "heropend"
        case .aftercareAsked: "nazorg-gevraagd"
        case .escrowMatched: "overeenkomst-gevonden"
        case .recordApproved: "verslag-goedgekeurd"
        case .recordCorrectionRequested: "verslag-correctie"
        case .leadChanged: "behandelaar-gewijzigd"
        case .secondPersonChanged: "tweede-persoon-gewijzigd"
        case .nameShared: "naam-gedeeld"
        case .nameNotShared: "naam-niet-gedeeld"
        case .readerProposed: "lezer-gevraagd"
        case .readerAgreed: "lezer-toegestaan"
        case .readerRefused: "lezer-geweigerd"
        case .readerLapsed: "lezer-vervallen"
        case .procedure(let event): "procedure-\(event)"
        case .consent(let state): "toestemming-\(state.rawValue)"
        case .stage(let stage): "stap.\(stage.rawValue)"
        }
    }

    /// Every event without a parameter.
    package static let plain: [ReportEventName] = [
        .received, .supplemented, .otherHandlerRequested, .handlerMessage, .acknowledged, .referred, .withdrawn, .oralRecorded, .nameGiven, .retaliationReported, .recordMade, .escrowReleased, .referralReceived, .reopened, .aftercareAsked, .escrowMatched, .recordApproved, .recordCorrectionRequested, .leadChanged, .secondPersonChanged, .nameShared, .nameNotShared,
        .readerProposed, .readerAgreed, .readerRefused, .readerLapsed,
    ]
}
