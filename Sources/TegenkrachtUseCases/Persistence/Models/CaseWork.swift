import FluentKit
import Foundation

/// An internal note: for the case's handlers only, never shown to the reporter.
package final class CaseNote: Model, @unchecked Sendable {
    package static let schema = "case_notes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "author") package var author: String
    @Field(key: "body_sealed") package var bodySealed: Data
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A task with an owner and a due date.
package final class CaseTask: Model, @unchecked Sendable {
    package static let schema = "case_tasks"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "title_sealed") package var titleSealed: Data
    @Field(key: "owner_person_id") package var ownerPersonID: String
    /// `YYYY-MM-DD`.
    @Field(key: "due") package var due: String
    @OptionalField(key: "done_at") package var doneAt: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A referral that carries the consented parts of the dossier (a sealed snapshot), so that nobody
/// tells their story twice; the receiving functionary acknowledges it.
package final class CaseReferral: Model, @unchecked Sendable {
    package static let schema = "case_referrals"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    /// A `ReferralTarget` id of the case rules.
    @Field(key: "target") package var target: String
    /// The receiving person, for a target inside the organisation.
    @OptionalField(key: "recipient_person_id") package var recipientPersonID: String?
    @Field(key: "consent_id") package var consentID: UUID
    /// `DossierSnapshot`, sealed.
    @Field(key: "snapshot_sealed") package var snapshotSealed: Data
    /// `verstuurd` or `ontvangen`.
    @Field(key: "state") package var state: String
    @Field(key: "created_by") package var createdBy: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?

    package init() {}
}

/// An aftercare check-in: "has the behaviour stopped?" and "how are you doing?".
package final class AftercareCheckIn: Model, @unchecked Sendable {
    package static let schema = "case_aftercare"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    /// `melder`, `beklaagde` or `leidinggevende`.
    @Field(key: "party") package var party: String
    /// `YYYY-MM-DD`.
    @Field(key: "due") package var due: String
    @OptionalField(key: "answered_at") package var answeredAt: Date?
    @OptionalField(key: "stopped") package var stopped: Bool?
    /// How the person is doing, in their words (sealed).
    @OptionalField(key: "wellbeing_sealed") package var wellbeingSealed: Data?
    /// The reporter's satisfaction with the handling, 1-10 (optional; for the registry's KPIs).
    @OptionalField(key: "satisfaction") package var satisfaction: Int?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A functionary's declaration that they have a conflict of interest in a case.
package final class ConflictDeclaration: Model, @unchecked Sendable {
    package static let schema = "case_conflicts"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "person_id") package var personID: String
    @Field(key: "declared_at") package var declaredAt: Date

    package init() {}

    package init(caseID: UUID, personID: String, at date: Date) {
        self.$caseFile.id = caseID
        self.personID = personID
        self.declaredAt = date
    }
}

/// A deputy called to a case because a member of the team may not handle it (issue 13): the deputy
/// sees this case as a member does, and no other.
package final class CaseDeputy: Model, @unchecked Sendable {
    package static let schema = "case_deputies"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "person_id") package var personID: String
    @Field(key: "called_at") package var calledAt: Date

    package init() {}

    package init(caseID: UUID, personID: String, at date: Date) {
        self.$caseFile.id = caseID
        self.personID = personID
        self.calledAt = date
    }
}
