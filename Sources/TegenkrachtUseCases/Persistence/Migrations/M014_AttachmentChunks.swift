import FluentKit

/// Attachments stream in and are stored in sealed chunks (issue 16); older ones keep their single
/// sealed blob and are read as before.
package struct M014_AttachmentChunks: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M014_AttachmentChunks" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(ReportAttachment.schema).field("chunk_count", .int).update()
        try await database.schema(ReportAttachmentChunk.schema)
            .id()
            .field("attachment_id", .uuid, .required, .references(ReportAttachment.schema, "id", onDelete: .cascade))
            .field("idx", .int, .required)
            .field("sealed", .data, .required)
            .unique(on: "attachment_id", "idx")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(ReportAttachmentChunk.schema).delete()
        try await database.schema(ReportAttachment.schema).deleteField("chunk_count").update()
    }
}
