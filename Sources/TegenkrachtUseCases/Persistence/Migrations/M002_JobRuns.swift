import FluentKit

/// The job runner's lease table (a new table, so it works on SQLite too).
package struct M002_JobRuns: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M002_JobRuns" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(JobRun.schema)
            .id()
            .field("job", .string, .required)
            .field("slot", .string, .required)
            .field("instance", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string)
            .unique(on: "job", "slot")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(JobRun.schema).delete()
    }
}
