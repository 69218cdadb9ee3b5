import FluentKit
import Foundation

/// One reminder to one member of parliament for one round (issue 14): made once per member and
/// round (a unique index), mailed through `MailQueue` with its retries. It names no entry, no
/// amount: only which round it is.
package final class MemberReminderRecord: Model, @unchecked Sendable {
    package static let schema = "member_reminders"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: String
    /// `MemberReminderSchedule.Round.key`, e.g. `inkomsten-2026`.
    @Field(key: "round") package var round: String
    @Field(key: "kind") package var kind: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "mailed_at") package var mailedAt: Date?
    @Field(key: "mail_attempts") package var mailAttempts: Int
    @OptionalField(key: "next_mail_at") package var nextMailAt: Date?

    package init() {}
}
