import FluentKit

/// The first migration: every table of the foundation with all its constraints, because SQLite
/// cannot add constraints later (anchors-swift-server.md, pitfall 7). Enums are stored as text.
package struct M001_Foundation: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M001_Foundation" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("person_id", .string)
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("pending_totp_secret", .string)
            .field("totp_last_step", .int)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()

        try await database.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()

        try await database.schema(StaffSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("stage", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema(OrganisationVersion.schema)
            .id()
            .field("number", .int, .required)
            .field("valid_from", .string, .required)
            .field("document", .string, .required)
            .field("created_by", .uuid)
            .field("note", .string)
            .field("created_at", .datetime)
            .unique(on: "number")
            .create()

        try await database.schema(AuditEntry.schema)
            .id()
            .field("sequence", .int, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("subject", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
    }

    package func revert(on database: any Database) async throws {
        for schema in [AuditEntry.schema, OrganisationVersion.schema, StaffSession.schema,
                       RecoveryCode.schema, StaffUser.schema] {
            try await database.schema(schema).delete()
        }
    }
}
