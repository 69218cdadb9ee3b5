import FluentKit

package struct M004_Notices: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M004_Notices" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(OutgoingNotice.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("attempts", .int, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(OutgoingNotice.schema).delete()
    }
}
