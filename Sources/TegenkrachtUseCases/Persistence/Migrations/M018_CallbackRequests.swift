import FluentKit
import SQLKit

/// Call-back requests (issue 15): the person asked, the sealed details, when asked and when done.
package struct M018_CallbackRequests: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M018_CallbackRequests" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CallbackRequest.schema)
            .id()
            .field("person_id", .string, .required)
            .field("details_sealed", .string)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX callback_requests_person ON callback_requests (person_id, done_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CallbackRequest.schema).delete()
    }
}
