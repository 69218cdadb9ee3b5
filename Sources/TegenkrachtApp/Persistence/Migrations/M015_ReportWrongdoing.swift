import Fluent

/// Whether a report concerns a suspected wrongdoing, in the clear (issue 13): only then do the Wbk's
/// clocks apply. Existing reports get no value and keep the procedure they were promised.
struct M015_ReportWrongdoing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema).field("wrongdoing", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Report.schema).deleteField("wrongdoing").update()
    }
}
