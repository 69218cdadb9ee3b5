import FluentKit
import Foundation

/// A functionary's certificate (issue 18, 6.5.1): whose (a person of the organisation model), what,
/// and the last day it is valid. Stored plain: a role holder's name is already in the organisation
/// model, and what certificate an advisor holds is what the coordinator must see.
package final class NetworkCertificateRecord: Model, @unchecked Sendable {
    package static let schema = "network_certificates"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: String
    @Field(key: "what") package var what: String
    /// ISO date, the last day the certificate is valid.
    @Field(key: "valid_until") package var validUntil: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// One reminder of one certificate's expiry at one moment (90 or 30 days before, or expired): made
/// once per certificate and moment (a unique index), mailed to the holder and the coordinator through
/// `MailQueue` with its retries. The mail says only the date.
package final class CertificateReminderRecord: Model, @unchecked Sendable {
    package static let schema = "certificate_reminders"

    @ID(key: .id) package var id: UUID?
    @Field(key: "certificate_id") package var certificateID: UUID
    @Field(key: "person_id") package var personID: String
    /// `CertificateReminderSchedule.Moment.key`: "90", "30", "verlopen".
    @Field(key: "moment") package var moment: String
    @Field(key: "valid_until") package var validUntil: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "mailed_at") package var mailedAt: Date?
    /// How many addresses accepted it.
    @OptionalField(key: "mailed_to") package var mailedTo: Int?
    @Field(key: "mail_attempts") package var mailAttempts: Int
    @OptionalField(key: "next_mail_at") package var nextMailAt: Date?

    package init() {}
}

/// A line in the log of training, intervision and case reviews (6.5.1, L2635, L2641).
package final class NetworkTrainingRecord: Model, @unchecked Sendable {
    package static let schema = "network_training"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: String
    @Field(key: "on_date") package var onDate: String
    @Field(key: "kind") package var kind: String
    /// A short description (at most 300 characters), no case content.
    @Field(key: "description") package var description: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A decision on one person's double role (L2637): accepted with a reason, or a role moved. Kept as
/// history; the newest per person and combination counts (`seq`, unique, so two forms posted from
/// one page make one decision).
package final class DoubleRoleDecisionRecord: Model, @unchecked Sendable {
    package static let schema = "double_role_decisions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: String
    /// `DoubleRoleReview.Finding.key`.
    @Field(key: "combination") package var combination: String
    @Field(key: "seq") package var seq: Int
    @Field(key: "outcome") package var outcome: String
    @Field(key: "reason") package var reason: String
    @Field(key: "decided_on") package var decidedOn: String
    @Field(key: "decided_by") package var decidedBy: UUID
    @Field(key: "decided_at") package var decidedAt: Date

    package init() {}
}
