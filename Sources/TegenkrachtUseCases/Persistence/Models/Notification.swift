import FluentKit
import Foundation

/// A generic e-mail notice waiting to be sent ("there is news, log in"). The address is sealed with
/// the report's data key; the text never contains anything of the report.
package final class OutgoingNotice: Model, @unchecked Sendable {
    package static let schema = "outgoing_notices"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "sent_at") package var sentAt: Date?
    @Field(key: "attempts") package var attempts: Int
    /// Not before this moment (the wait after a refusal, `MailQueue`).
    @OptionalField(key: "next_attempt_at") package var nextAttemptAt: Date?

    package init() {}

    package init(reportID: UUID, at date: Date) {
        self.$report.id = reportID
        self.createdAt = date
        self.attempts = 0
    }
}
