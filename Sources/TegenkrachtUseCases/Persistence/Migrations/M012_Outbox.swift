import FluentKit
import SQLKit

/// The outbox of follow-ups (issue 12), with the index the deliverer scans.
package struct M012_Outbox: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M012_Outbox" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(OutboxRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime, .required)
            .field("available_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("delivered_at", .datetime)
            .field("claim_token", .string)
            .field("claimed_until", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "outbox_pending").on(OutboxRecord.schema)
                .column("delivered_at").column("available_at").run()
            try await sql.create(index: "outbox_subject").on(OutboxRecord.schema).column("subject").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(OutboxRecord.schema).delete()
    }
}
