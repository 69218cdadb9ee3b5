import FluentKit
import Foundation

/// An employee's side activity put to their line manager, and the decision (issue 14; woo-besluit
/// §4.5). What the activity is, for whom, the answers to the nine questions and the explanation are
/// sealed (`KeySealPurpose.declaration`); so are the decision's reason and conditions
/// (`.declarationDecision`). The plain columns are what the register lists and the reminders need.
package final class SideActivityRecord: Model, @unchecked Sendable {
    package static let schema = "side_activity_declarations"

    @ID(key: .id) package var id: UUID?
    @Field(key: "declarant_id") package var declarantID: String
    @Field(key: "manager_id") package var managerID: String
    @Field(key: "paid") package var paid: Bool
    /// The day it starts, ISO.
    @Field(key: "start_date") package var startDate: String
    /// How many of the nine questions were answered "yes": what the manager looks at first.
    @Field(key: "concerns") package var concerns: Int
    @Field(key: "incompatible") package var incompatible: Bool
    @Field(key: "declaration_sealed") package var declarationSealed: String
    /// "open" until decided, then "besloten" (set once, atomically).
    @Field(key: "state") package var state: String
    @OptionalField(key: "outcome") package var outcome: String?
    /// ISO day of the next assessment; none for a ban.
    @OptionalField(key: "reassess_on") package var reassessOn: String?
    @OptionalField(key: "decision_sealed") package var decisionSealed: String?
    @OptionalField(key: "decided_by") package var decidedBy: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
