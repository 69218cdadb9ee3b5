import FluentKit
import SQLKit

/// Who may read a confidential reporter's name (issue 16): the lead the reporter chose, and after a
/// reassignment only a lead the reporter agreed to in the portal. Existing cases keep their lead.
package struct M011_IdentityReader: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M011_IdentityReader" }

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(CaseFile.schema).field("identity_reader", .string).update()
        try await database.schema(CaseFile.schema).field("identity_share_asked_for", .string).update()
        if let sql = database as? any SQLDatabase {
            try await sql.update(CaseFile.schema)
                .set(SQLIdentifier("identity_reader"), to: SQLIdentifier("lead_person_id"))
                .run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseFile.schema).deleteField("identity_share_asked_for").update()
        try await database.schema(CaseFile.schema).deleteField("identity_reader").update()
    }
}
