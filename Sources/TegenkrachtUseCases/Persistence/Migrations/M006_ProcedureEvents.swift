import FluentKit

package struct M006_ProcedureEvents: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M006_ProcedureEvents" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(ProcedureEventRecord.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("procedure", .string, .required)
            .field("version", .string, .required)
            .field("event", .string, .required)
            .field("date", .string, .required)
            .field("reason_sealed", .data)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "report_id", "event")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(ProcedureEventRecord.schema).delete()
    }
}
