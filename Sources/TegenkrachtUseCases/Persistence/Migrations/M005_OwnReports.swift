import FluentKit

/// Staff who report under their own name can reach their reports through their account: the list of
/// their report ids is kept sealed on the account (nobody reading the database learns who reported).
package struct M005_OwnReports: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M005_OwnReports" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).field("own_reports_sealed", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("own_reports_sealed").update()
    }
}
