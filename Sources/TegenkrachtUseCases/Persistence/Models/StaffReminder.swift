import FluentKit
import Foundation

/// A reminder that a deadline is near, for one handler. The unique key makes each reminder happen
/// once, however often or on however many instances the job runs.
package final class StaffReminder: Model, @unchecked Sendable {
    package static let schema = "staff_reminders"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: Report
    @Field(key: "person_id") package var personID: String
    @Field(key: "deadline") package var deadline: String
    @Field(key: "due") package var due: String
    @Field(key: "lead_days") package var leadDays: Int
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "mailed_at") package var mailedAt: Date?
    /// Times the mail server refused the reminder's mail (`MailQueue`).
    @Field(key: "mail_attempts") package var mailAttempts: Int
    @OptionalField(key: "next_mail_at") package var nextMailAt: Date?

    package init() {}
}

package struct M007_StaffReminders: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M007_StaffReminders" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(StaffReminder.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("person_id", .string, .required)
            .field("deadline", .string, .required)
            .field("due", .string, .required)
            .field("lead_days", .int, .required)
            .field("created_at", .datetime, .required)
            .field("mailed_at", .datetime)
            .unique(on: "report_id", "person_id", "deadline", "lead_days")
            .create()
        try await database.schema(StaffUser.schema).field("email", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("email").update()
        try await database.schema(StaffReminder.schema).delete()
    }
}
