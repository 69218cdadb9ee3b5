import Fluent

/// Staff accounts can be disabled (issue 16): a disabled account keeps its history (audit entries
/// name it) but cannot log in, and its sessions are ended.
struct M013_StaffAccountState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).field("disabled_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffUser.schema).deleteField("disabled_at").update()
    }
}
