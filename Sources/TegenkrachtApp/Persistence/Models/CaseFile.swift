import Fluent
import Foundation

/// The handling of one report (issue 5): who leads it and who is the second person, where it stands
/// on the escalation ladder, and how it ended. One per report; what anyone wrote stays sealed with
/// the report's data key. What is readable here is what routing, inboxes and the registry need.
final class CaseFile: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    /// The recipient kind the report came in through: which team of the case rules handles it.
    @Field(key: "recipient") var recipient: String
    @OptionalField(key: "lead_person_id") var leadPersonID: String?
    @OptionalField(key: "second_person_id") var secondPersonID: String?
    /// Set when the lead the reporter chose has a conflict of interest (a `ConflictCheck.Reason`).
    @OptionalField(key: "lead_conflict") var leadConflict: String?
    @Field(key: "stage") var stage: String
    @Field(key: "serious") var serious: Bool
    @Field(key: "power_gap") var powerGap: Bool
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "reporter_outcome") var reporterOutcome: String?
    @OptionalField(key: "accused_outcome") var accusedOutcome: String?
    /// The reporter moved or left while nothing happened to the accused (to be looked at).
    @Field(key: "responsibility_shifted") var responsibilityShifted: Bool
    /// Retaliation cases come first in every inbox.
    @Field(key: "priority") var priority: Bool
    /// For a retaliation case: the case it retaliates against.
    @OptionalField(key: "linked_case_id") var linkedCaseID: UUID?
    @Field(key: "handler_change_requested") var handlerChangeRequested: Bool
    /// The one functionary who may read a confidential identity: the lead the reporter chose, or a
    /// later lead the reporter agreed to. A reassignment never moves it by itself (issue 16).
    @OptionalField(key: "identity_reader") var identityReader: String?
    /// A reassigned lead the reporter is asked about in the portal ("may X see your name?").
    @OptionalField(key: "identity_share_asked_for") var identityShareAskedFor: String?
    /// Matching escrow: sealed for everyone until another report names the same person.
    @OptionalField(key: "escrowed") var escrowedFlag: Bool?
    /// When another report was found to name the same person (both handlers are told).
    @OptionalField(key: "escrow_matched_at") var escrowMatchedAt: Date?
    /// The main type of behaviour in the typology of the body's annual report (the College's Table 1).
    @OptionalField(key: "category") var category: String?
    /// `AccusedRights`, sealed (what the accused was told is case content).
    @OptionalField(key: "accused_rights_sealed") var accusedRightsSealed: Data?
    /// A closure without action proposed by the lead, waiting for the second person's approval
    /// (`TransitionProposal`, sealed), and who proposed it.
    @OptionalField(key: "pending_closure_sealed") var pendingClosureSealed: Data?
    @OptionalField(key: "pending_closure_by") var pendingClosureBy: String?
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date
    /// Optimistic concurrency: a form made from an older version is refused, its text kept.
    @Field(key: "version") var version: Int

    init() {}

    var escrowed: Bool {
        get { escrowedFlag ?? false }
        set { escrowedFlag = newValue }
    }
}

/// One move on the escalation ladder: who, when, why (the reason and details are sealed).
final class CaseTransitionRecord: Model, @unchecked Sendable {
    static let schema = "case_transitions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    @Field(key: "from_stage") var fromStage: String
    @Field(key: "to_stage") var toStage: String
    @Field(key: "actor") var actor: String
    @Field(key: "occurred_at") var occurredAt: Date
    /// `TransitionDetails`, sealed.
    @Field(key: "details_sealed") var detailsSealed: Data

    init() {}
}

/// A consent the handler asked for and the reporter gave, refused or withdrawn in the portal.
final class CaseConsentRecord: Model, @unchecked Sendable {
    static let schema = "case_consents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    /// The ladder stage (or `doorverwijzing` for a referral) the consent is for.
    @Field(key: "step") var step: String
    /// `gevraagd`, `gegeven`, `geweigerd` or `ingetrokken`.
    @Field(key: "state") var state: String
    /// `ConsentTerms` (with whom, which information), sealed.
    @Field(key: "terms_sealed") var termsSealed: Data
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}
