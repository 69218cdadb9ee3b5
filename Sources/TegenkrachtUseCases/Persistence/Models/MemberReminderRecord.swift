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
    /// When the queue was done with it: sent to every address, or there was none.
    @OptionalField(key: "mailed_at") package var mailedAt: Date?
    /// How many addresses accepted it (0: the member has no account with an address).
    @OptionalField(key: "mailed_to") package var mailedTo: Int?
    @Field(key: "mail_attempts") package var mailAttempts: Int
    @OptionalField(key: "next_mail_at") package var nextMailAt: Date?

    package init() {}
}
