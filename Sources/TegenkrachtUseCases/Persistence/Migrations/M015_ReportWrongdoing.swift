import FluentKit

/// Whether a report concerns a suspected wrongdoing, in the clear (issue 13): only then do the Wbk's
/// clocks apply. Existing reports get no value and keep the procedure they were promised.
package struct M015_ReportWrongdoing: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M015_ReportWrongdoing" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema).field("wrongdoing", .bool).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Report.schema).deleteField("wrongdoing").update()
    }
}
