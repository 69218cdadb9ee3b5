import FluentKit

/// Reminders to members of parliament about their registers and income statement (issue 14).
package struct M028_MemberReminders: AsyncMigration {
    package var name: String { "TegenkrachtApp.M028_MemberReminders" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(MemberReminderRecord.schema)
            .id()
            .field("person_id", .string, .required)
            .field("round", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("mailed_at", .datetime)
            .field("mailed_to", .int)
            .field("mail_attempts", .int, .required)
            .field("next_mail_at", .datetime)
            .unique(on: "person_id", "round")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(MemberReminderRecord.schema).delete()
    }
}
