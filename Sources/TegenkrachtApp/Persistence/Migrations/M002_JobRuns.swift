import Fluent

/// The job runner's lease table (a new table, so it works on SQLite too).
struct M002_JobRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
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

    func revert(on database: any Database) async throws {
        try await database.schema(JobRun.schema).delete()
    }
}
