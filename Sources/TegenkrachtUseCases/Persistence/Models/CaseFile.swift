import FluentKit
import Foundation

/// The handling of one report (issue 5): who leads it and who is the second person, where it stands
/// on the escalation ladder, and how it ended. One per report; what anyone wrote stays sealed with
/// the report's data key. What is readable here is what routing, inboxes and the registry need.
package final class CaseFile: Model, @unchecked Sendable {
    package static let schema = "cases"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    /// The recipient kind the report came in through: which team of the case rules handles it.
    @Field(key: "recipient") package var recipient: String
    @OptionalField(key: "lead_person_id") package var leadPersonID: String?
    @OptionalField(key: "second_person_id") package var secondPersonID: String?
    /// Set when the lead the reporter chose has a conflict of interest (a `ConflictCheck.Reason`).
    @OptionalField(key: "lead_conflict") package var leadConflict: String?
    @Field(key: "stage") package var stage: String
    @Field(key: "serious") package var serious: Bool
    @Field(key: "power_gap") package var powerGap: Bool
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "reporter_outcome") package var reporterOutcome: String?
    @OptionalField(key: "accused_outcome") package var accusedOutcome: String?
    /// The reporter moved or left while nothing happened to the accused (to be looked at).
    @Field(key: "responsibility_shifted") package var responsibilityShifted: Bool
    /// Retaliation cases come first in every inbox.
    @Field(key: "priority") package var priority: Bool
    /// For a retaliation case: the case it retaliates against.
    @OptionalField(key: "linked_case_id") package var linkedCaseID: UUID?
    @Field(key: "handler_change_requested") package var handlerChangeRequested: Bool
    /// The one functionary who may read a confidential identity: the lead the reporter chose, or a
    /// later lead the reporter agreed to. A reassignment never moves it by itself (issue 16).
    @OptionalField(key: "identity_reader") package var identityReader: String?
    /// A reassigned lead the reporter is asked about in the portal ("may X see your name?").
    @OptionalField(key: "identity_share_asked_for") package var identityShareAskedFor: String?
    /// A reassignment that brings in someone who does not read the report yet waits for the
    /// reporter's consent in the portal (issue 15): the proposed lead and second person.
    @OptionalField(key: "proposed_lead") package var proposedLead: String?
    @OptionalField(key: "proposed_second") package var proposedSecond: String?
    /// Matching escrow: sealed for everyone until another report names the same person.
    @OptionalField(key: "escrowed") package var escrowedFlag: Bool?
    /// When another report was found to name the same person (both handlers are told).
    @OptionalField(key: "escrow_matched_at") package var escrowMatchedAt: Date?
    /// The main type of behaviour in the typology of the body's annual report (the College's Table 1).
    @OptionalField(key: "category") package var category: String?
    /// `AccusedRights`, sealed (what the accused was told is case content).
    @OptionalField(key: "accused_rights_sealed") package var accusedRightsSealed: Data?
    /// A closure without action proposed by the lead, waiting for the second person's approval
    /// (`TransitionProposal`, sealed), and who proposed it.
    @OptionalField(key: "pending_closure_sealed") package var pendingClosureSealed: Data?
    @OptionalField(key: "pending_closure_by") package var pendingClosureBy: String?
    @Field(key: "opened_at") package var openedAt: Date
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @Field(key: "updated_at") package var updatedAt: Date
    /// Optimistic concurrency: a form made from an older version is refused, its text kept.
    @Field(key: "version") package var version: Int

    package init() {}

    package var escrowed: Bool {
        get { escrowedFlag ?? false }
        set { escrowedFlag = newValue }
    }
}

/// One move on the escalation ladder: who, when, why (the reason and details are sealed).
package final class CaseTransitionRecord: Model, @unchecked Sendable {
    package static let schema = "case_transitions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "from_stage") package var fromStage: String
    @Field(key: "to_stage") package var toStage: String
    @Field(key: "actor") package var actor: String
    @Field(key: "occurred_at") package var occurredAt: Date
    /// `TransitionDetails`, sealed.
    @Field(key: "details_sealed") package var detailsSealed: Data

    package init() {}
}

/// A consent the handler asked for and the reporter gave, refused or withdrawn in the portal.
package final class CaseConsentRecord: Model, @unchecked Sendable {
    package static let schema = "case_consents"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    /// The ladder stage (or `doorverwijzing` for a referral) the consent is for.
    @Field(key: "step") package var step: String
    /// `gevraagd`, `gegeven`, `geweigerd` or `ingetrokken`.
    @Field(key: "state") package var state: String
    /// `ConsentTerms` (with whom, which information), sealed.
    @Field(key: "terms_sealed") package var termsSealed: Data
    @Field(key: "requested_by") package var requestedBy: String
    @Field(key: "requested_at") package var requestedAt: Date
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}
}
