import Fluent

struct M004_Notices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutgoingNotice.schema)
            .id()
            .field("report_id", .uuid, .required, .references(Report.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("attempts", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutgoingNotice.schema).delete()
    }
}
