import FluentKit

/// Deputies called to a case when a committee member may not handle it (issue 13).
package struct M016_CaseDeputies: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M016_CaseDeputies" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseDeputy.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("person_id", .string, .required)
            .field("called_at", .datetime, .required)
            .unique(on: "case_id", "person_id")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseDeputy.schema).delete()
    }
}
