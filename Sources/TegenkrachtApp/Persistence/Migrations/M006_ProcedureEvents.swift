import Fluent

struct M006_ProcedureEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
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

    func revert(on database: any Database) async throws {
        try await database.schema(ProcedureEventRecord.schema).delete()
    }
}
