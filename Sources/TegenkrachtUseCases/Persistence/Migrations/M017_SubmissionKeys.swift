import FluentKit
import SQLKit

/// Idempotent intake (issue 15): the hash of the form's submission key, unique, and the receipt code
/// sealed under that key for ten minutes.
package struct M017_SubmissionKeys: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M017_SubmissionKeys" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema).field("submission_key", .string).update()
        try await database.schema(Report.schema).field("receipt_sealed", .data).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX reports_submission_key ON reports (submission_key)").run()
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX reports_submission_key").run() }
        try await database.schema(Report.schema).deleteField("receipt_sealed").update()
        try await database.schema(Report.schema).deleteField("submission_key").update()
    }
}
