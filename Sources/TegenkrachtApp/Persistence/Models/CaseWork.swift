import Fluent
import Foundation

/// An internal note: for the case's handlers only, never shown to the reporter.
final class CaseNote: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    @Field(key: "author") var author: String
    @Field(key: "body_sealed") var bodySealed: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A task with an owner and a due date.
final class CaseTask: Model, @unchecked Sendable {
    static let schema = "case_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    @Field(key: "title_sealed") var titleSealed: Data
    @Field(key: "owner_person_id") var ownerPersonID: String
    /// `YYYY-MM-DD`.
    @Field(key: "due") var due: String
    @OptionalField(key: "done_at") var doneAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A referral that carries the consented parts of the dossier (a sealed snapshot), so that nobody
/// tells their story twice; the receiving functionary acknowledges it.
final class CaseReferral: Model, @unchecked Sendable {
    static let schema = "case_referrals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    /// A `ReferralTarget` id of the case rules.
    @Field(key: "target") var target: String
    /// The receiving person, for a target inside the organisation.
    @OptionalField(key: "recipient_person_id") var recipientPersonID: String?
    @Field(key: "consent_id") var consentID: UUID
    /// `DossierSnapshot`, sealed.
    @Field(key: "snapshot_sealed") var snapshotSealed: Data
    /// `verstuurd` or `ontvangen`.
    @Field(key: "state") var state: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?

    init() {}
}

/// An aftercare check-in: "has the behaviour stopped?" and "how are you doing?".
final class AftercareCheckIn: Model, @unchecked Sendable {
    static let schema = "case_aftercare"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    /// `melder`, `beklaagde` or `leidinggevende`.
    @Field(key: "party") var party: String
    /// `YYYY-MM-DD`.
    @Field(key: "due") var due: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "stopped") var stopped: Bool?
    /// How the person is doing, in their words (sealed).
    @OptionalField(key: "wellbeing_sealed") var wellbeingSealed: Data?
    /// The reporter's satisfaction with the handling, 1-10 (optional; for the registry's KPIs).
    @OptionalField(key: "satisfaction") var satisfaction: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A functionary's declaration that they have a conflict of interest in a case.
final class ConflictDeclaration: Model, @unchecked Sendable {
    static let schema = "case_conflicts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    @Field(key: "person_id") var personID: String
    @Field(key: "declared_at") var declaredAt: Date

    init() {}

    init(caseID: UUID, personID: String, at date: Date) {
        self.$caseFile.id = caseID
        self.personID = personID
        self.declaredAt = date
    }
}

/// A deputy called to a case because a member of the team may not handle it (issue 13): the deputy
/// sees this case as a member does, and no other.
final class CaseDeputy: Model, @unchecked Sendable {
    static let schema = "case_deputies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseFile: CaseFile
    @Field(key: "person_id") var personID: String
    @Field(key: "called_at") var calledAt: Date

    init() {}

    init(caseID: UUID, personID: String, at date: Date) {
        self.$caseFile.id = caseID
        self.personID = personID
        self.calledAt = date
    }
}
