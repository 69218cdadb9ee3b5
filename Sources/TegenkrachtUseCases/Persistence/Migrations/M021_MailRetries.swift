import FluentKit
import SQLKit

/// Mail that the mail server refused is tried again later, with a growing wait (issue 17): a notice
/// and a staff reminder each keep their attempts and the moment of the next one.
package struct M021_MailRetries: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M021_MailRetries" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(OutgoingNotice.schema).field("next_attempt_at", .datetime).update()
        // A required column needs a value for the rows already there: raw SQL for the DEFAULT, the same
        // on SQLite and PostgreSQL.
        if let sql = database as? any SQLDatabase {
            try await sql.raw("ALTER TABLE staff_reminders ADD COLUMN mail_attempts BIGINT NOT NULL DEFAULT 0").run()
        }
        try await database.schema(StaffReminder.schema).field("next_mail_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(StaffReminder.schema).deleteField("next_mail_at").update()
        try await database.schema(StaffReminder.schema).deleteField("mail_attempts").update()
        try await database.schema(OutgoingNotice.schema).deleteField("next_attempt_at").update()
    }
}
