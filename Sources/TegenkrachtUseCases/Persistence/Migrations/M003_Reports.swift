import FluentKit

/// Reports and what belongs to them, with every constraint up front (SQLite cannot add them later).
package struct M003_Reports: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M003_Reports" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema)
            .id()
            .field("locator", .string, .required)
            .field("receipt_hash", .string, .required)
            .field("kind", .string, .required)
            .field("identity_mode", .string, .required)
            .field("recipient_kind", .string, .required)
            .field("handler_person_id", .string)
            .field("status", .string, .required)
            .field("wrapped_key", .string, .required)
            .field("content_sealed", .data, .required)
            .field("identity_sealed", .data)
            .field("notify_by_email", .bool, .required)
            .field("submitted_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("withdrawn_at", .datetime)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("version", .int, .required)
            .unique(on: "locator")
            .create()
        try await database.schema(ReportAttachment.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("metadata_sealed", .data, .required)
            .field("content_sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ReportMessage.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("author", .string, .required)
            .field("body_sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ReportEvent.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("event", .string, .required)
            .field("actor", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await database.schema(ReportRecord.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("author", .string, .required)
            .field("body_sealed", .data, .required)
            .field("state", .string, .required)
            .field("reporter_comment_sealed", .data)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .create()
        try await database.schema(ReporterSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    package func revert(on database: any Database) async throws {
        for schema in [ReporterSession.schema, ReportRecord.schema, ReportEvent.schema, ReportMessage.schema,
                       ReportAttachment.schema, Report.schema] {
            try await database.schema(schema).delete()
        }
    }
}
