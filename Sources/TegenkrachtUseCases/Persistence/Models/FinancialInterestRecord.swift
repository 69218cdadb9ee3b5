import FluentKit
import Foundation

/// A financial interest declared by an official, and the manager's assessment (issue 14; woo-besluit
/// §4.4). In what, since when, the signs answered and the explanation are sealed
/// (`KeySealPurpose.declaration`); so are the decision's reason and measures (`.declarationDecision`).
/// The plain columns are what the registers list and who may read it: the risk function it was
/// declared in, and so its employer's HR.
package final class FinancialInterestRecord: Model, @unchecked Sendable {
    package static let schema = "financial_interest_declarations"

    @ID(key: .id) package var id: UUID?
    @Field(key: "declarant_id") package var declarantID: String
    @Field(key: "manager_id") package var managerID: String
    /// The risk function held when declaring, if any (then HR of `employer` reads it).
    @OptionalField(key: "risk_function") package var riskFunction: String?
    @OptionalField(key: "employer") package var employer: String?
    @Field(key: "kind") package var kind: String
    /// "eigen" or "partner".
    @Field(key: "holder") package var holder: String
    /// A sign of harm to the service was answered "yes": flagged for the decision.
    @Field(key: "flagged") package var flagged: Bool
    @Field(key: "declaration_sealed") package var declarationSealed: String
    /// "open" until decided, then "besloten" (set once, atomically).
    @Field(key: "state") package var state: String
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "decision_sealed") package var decisionSealed: String?
    @OptionalField(key: "decided_by") package var decidedBy: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
