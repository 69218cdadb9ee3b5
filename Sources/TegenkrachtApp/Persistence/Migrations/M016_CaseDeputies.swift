import Fluent

/// Deputies called to a case when a committee member may not handle it (issue 13).
struct M016_CaseDeputies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseDeputy.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("person_id", .string, .required)
            .field("called_at", .datetime, .required)
            .unique(on: "case_id", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseDeputy.schema).delete()
    }
}
