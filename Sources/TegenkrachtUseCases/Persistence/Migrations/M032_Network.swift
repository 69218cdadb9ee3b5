import FluentKit

/// The network of functionaries (issue 18, 6.5.1): certificates and their reminders, the training
/// log, decisions on double roles.
package struct M032_Network: AsyncMigration {
    package var name: String { "TegenkrachtApp.M032_Network" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(NetworkCertificateRecord.schema)
            .id()
            .field("person_id", .string, .required)
            .field("what", .string, .required)
            .field("valid_until", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(CertificateReminderRecord.schema)
            .id()
            .field("certificate_id", .uuid, .required)
            .field("person_id", .string, .required)
            .field("moment", .string, .required)
            .field("valid_until", .string, .required)
            .field("created_at", .datetime, .required)
            .field("mailed_at", .datetime)
            .field("mailed_to", .int)
            .field("mail_attempts", .int, .required)
            .field("next_mail_at", .datetime)
            .unique(on: "certificate_id", "moment")
            .create()
        try await database.schema(NetworkTrainingRecord.schema)
            .id()
            .field("person_id", .string, .required)
            .field("on_date", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(DoubleRoleDecisionRecord.schema)
            .id()
            .field("person_id", .string, .required)
            .field("combination", .string, .required)
            .field("seq", .int, .required)
            .field("outcome", .string, .required)
            .field("reason", .string, .required)
            .field("decided_on", .string, .required)
            .field("decided_by", .uuid, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "person_id", "combination", "seq")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(DoubleRoleDecisionRecord.schema).delete()
        try await database.schema(NetworkTrainingRecord.schema).delete()
        try await database.schema(CertificateReminderRecord.schema).delete()
        try await database.schema(NetworkCertificateRecord.schema).delete()
    }
}
