import FluentKit
import Foundation

/// An employee's declaration of a gift, service, discount or invitation, and the line manager's
/// decision on it (issue 14; woo-besluit §4.1). What identifies the giver and the occasion is sealed
/// with the key ring (`KeySealPurpose.declaration`); the plain columns are what the register lists
/// and counts: kind, value, day, flags, state and outcome.
package final class GiftDeclarationRecord: Model, @unchecked Sendable {
    package static let schema = "gift_declarations"

    @ID(key: .id) package var id: UUID?
    /// The declarant and the manager who decides: persons of the organisation model.
    @Field(key: "declarant_id") package var declarantID: String
    @Field(key: "manager_id") package var managerID: String
    @Field(key: "kind") package var kind: String
    @Field(key: "value_cents") package var valueCents: Int
    /// The day of the gift, ISO.
    @Field(key: "gift_date") package var giftDate: String
    @Field(key: "timing") package var timing: String
    /// `GiftDeclaration.Flag` raw values, comma-separated, as the rules in force gave them.
    @Field(key: "flags") package var flags: String
    /// `GiftDeclaration` as JSON, sealed.
    @Field(key: "declaration_sealed") package var declarationSealed: String
    /// "open" until decided, then "besloten" (set once, atomically: `DecideGift`).
    @Field(key: "state") package var state: String
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "surrender") package var surrender: String?
    /// `GiftDecision` as JSON (reason and conditions), sealed.
    @OptionalField(key: "decision_sealed") package var decisionSealed: String?
    @OptionalField(key: "decided_by") package var decidedBy: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One entry of an MP's public register (side activity, gift, foreign trip paid by others). Its
/// content lives in its versions: every change is a new version, and the Griffie publishes each.
package final class RegisterEntryRecord: Model, @unchecked Sendable {
    package static let schema = "register_entries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "member_id") package var memberID: String
    @Field(key: "kind") package var kind: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One version of a register entry: submitted by the member (or by the Griffie on their behalf),
/// published by the Griffie on a day. Public once published, so not sealed. Never changed after
/// publication: a change is a new version, so the register can be read as it stood on any day.
package final class RegisterVersionRecord: Model, @unchecked Sendable {
    package static let schema = "register_versions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "entry_id") package var entryID: UUID
    @Field(key: "member_id") package var memberID: String
    @Field(key: "kind") package var kind: String
    @Field(key: "description") package var description: String
    @OptionalField(key: "paid") package var paid: Bool?
    /// An income statement for a calendar year (side activities, RvO art. 150a lid 1).
    @OptionalField(key: "income_year") package var incomeYear: Int?
    @OptionalField(key: "income_cents") package var incomeCents: Int?
    /// Submitted after 1 April of the year after: accepted, and marked.
    @Field(key: "income_late") package var incomeLate: Bool
    @Field(key: "removed") package var removed: Bool
    @Field(key: "submitted_by") package var submittedBy: String
    @Field(key: "submitted_on") package var submittedOn: String
    @Field(key: "submitted_at") package var submittedAt: Date
    /// The day it was published (ISO), nil while the Griffie has not checked it.
    @OptionalField(key: "published_on") package var publishedOn: String?
    @OptionalField(key: "published_by") package var publishedBy: String?
    @OptionalField(key: "published_at") package var publishedAt: Date?

    package init() {}
}

/// An instruction by the House to an MP to register ("aanwijzing"), recorded by the Griffie: the
/// items that must appear in the member's side-activity register, one per line.
package final class RegistrationInstructionRecord: Model, @unchecked Sendable {
    package static let schema = "register_instructions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "member_id") package var memberID: String
    @Field(key: "issued_on") package var issuedOn: String
    @Field(key: "required") package var required: String
    @Field(key: "recorded_by") package var recordedBy: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
