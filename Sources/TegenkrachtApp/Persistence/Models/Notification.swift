import Fluent
import Foundation

/// A generic e-mail notice waiting to be sent ("there is news, log in"). The address is sealed with
/// the report's data key; the text never contains anything of the report.
final class OutgoingNotice: Model, @unchecked Sendable {
    static let schema = "outgoing_notices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "attempts") var attempts: Int

    init() {}

    init(reportID: UUID, at date: Date) {
        self.$report.id = reportID
        self.createdAt = date
        self.attempts = 0
    }
}
