import FluentKit
import SQLKit

/// Staff single sign-on through OpenID Connect (issue 17): which provider subject is which account
/// (made by an administrator, never implicitly), the logins under way (state, nonce and PKCE
/// verifier, each used once), and whether a session came from the provider.
package struct M024_SingleSignOn: AsyncMigration {
    package var name: String { "TegenkrachtApp.M024_SingleSignOn" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(StaffSSOLink.schema)
            .id()
            .field("user_id", .uuid, .required, .references(StaffUser.schema, "id", onDelete: .cascade))
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "issuer", "subject")
            .unique(on: "user_id")
            .create()
        try await database.schema(SingleSignOnAttempt.schema)
            .id()
            .field("state_hash", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "state_hash")
            .create()
        // Old attempts are deleted by age at every new one.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "sso_attempts_created_at").on(SingleSignOnAttempt.schema).column("created_at").run()
        }
        try await database.schema(StaffSession.schema).field("via_sso", .bool).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(StaffSession.schema).deleteField("via_sso").update()
        try await database.schema(SingleSignOnAttempt.schema).delete()
        try await database.schema(StaffSSOLink.schema).delete()
    }
}
