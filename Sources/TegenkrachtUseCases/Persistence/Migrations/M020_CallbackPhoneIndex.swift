import FluentKit
import SQLKit

/// The keyed hash of an open call-back request's number (issue 15: a limit per caller that does not
/// rest on the IP address): one open request per number and person, enforced by the database.
package struct M020_CallbackPhoneIndex: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M020_CallbackPhoneIndex" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CallbackRequest.schema).field("phone_index", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        // NULLs never clash in a unique index (SQLite and PostgreSQL alike): a request marked done
        // clears its hash, so the same number can ask again later.
        try await sql.raw("CREATE UNIQUE INDEX callback_requests_phone ON callback_requests (person_id, phone_index)").run()
        try await sql.raw("CREATE INDEX callback_requests_phone_open ON callback_requests (phone_index)").run()
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX callback_requests_phone_open").run()
            try await sql.raw("DROP INDEX callback_requests_phone").run()
        }
        try await database.schema(CallbackRequest.schema).deleteField("phone_index").update()
    }
}
