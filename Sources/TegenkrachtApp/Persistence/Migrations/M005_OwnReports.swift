import Fluent

/// Staff who report under their own name can reach their reports through their account: the list of
/// their report ids is kept sealed on the account (nobody reading the database learns who reported).
struct M005_OwnReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).field("own_reports_sealed", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("own_reports_sealed").update()
    }
}
