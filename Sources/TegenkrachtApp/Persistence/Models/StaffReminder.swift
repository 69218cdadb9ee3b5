import Fluent
import Foundation

/// A reminder that a deadline is near, for one handler. The unique key makes each reminder happen
/// once, however often or on however many instances the job runs.
final class StaffReminder: Model, @unchecked Sendable {
    static let schema = "staff_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: Report
    @Field(key: "person_id") var personID: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "due") var due: String
    @Field(key: "lead_days") var leadDays: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "mailed_at") var mailedAt: Date?

    init() {}
}

struct M007_StaffReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
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

    func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("email").update()
        try await database.schema(StaffReminder.schema).delete()
    }
}
