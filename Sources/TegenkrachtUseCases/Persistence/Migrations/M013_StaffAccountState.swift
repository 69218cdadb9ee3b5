import FluentKit

/// Staff accounts can be disabled (issue 16): a disabled account keeps its history (audit entries
/// name it) but cannot log in, and its sessions are ended.
package struct M013_StaffAccountState: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M013_StaffAccountState" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).field("disabled_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("disabled_at").update()
    }
}
