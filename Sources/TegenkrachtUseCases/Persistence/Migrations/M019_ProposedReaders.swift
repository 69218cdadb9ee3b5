import FluentKit

/// A reassignment waiting for the reporter's consent to a new reader (issue 15).
package struct M019_ProposedReaders: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M019_ProposedReaders" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseFile.schema).field("proposed_lead", .string).update()
        try await database.schema(CaseFile.schema).field("proposed_second", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseFile.schema).deleteField("proposed_second").update()
        try await database.schema(CaseFile.schema).deleteField("proposed_lead").update()
    }
}
