import FluentKit
import SQLKit

/// The integrity registers (issue 14): employees' gift declarations with the manager's decision,
/// and the MPs' public registers as entries with dated versions.
package struct M023_IntegrityRegisters: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M023_IntegrityRegisters" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(GiftDeclarationRecord.schema)
            .id()
            .field("declarant_id", .string, .required)
            .field("manager_id", .string, .required)
            .field("kind", .string, .required)
            .field("value_cents", .int64, .required)
            .field("gift_date", .string, .required)
            .field("timing", .string, .required)
            .field("flags", .string, .required)
            .field("declaration_sealed", .string, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("surrender", .string)
            .field("decision_sealed", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(RegisterEntryRecord.schema)
            .id()
            .field("member_id", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(RegisterVersionRecord.schema)
            .id()
            .field("entry_id", .uuid, .required, .references(RegisterEntryRecord.schema, "id"))
            .field("member_id", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("paid", .bool)
            .field("income_year", .int64)
            .field("income_cents", .int64)
            .field("income_late", .bool, .required)
            .field("removed", .bool, .required)
            .field("submitted_by", .string, .required)
            .field("submitted_on", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("published_on", .string)
            .field("published_by", .string)
            .field("published_at", .datetime)
            .create()
        try await database.schema(RegistrationInstructionRecord.schema)
            .id()
            .field("member_id", .string, .required)
            .field("issued_on", .string, .required)
            .field("required", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX gift_declarations_declarant ON gift_declarations (declarant_id)").run()
        try await sql.raw("CREATE INDEX gift_declarations_manager ON gift_declarations (manager_id, state)").run()
        try await sql.raw("CREATE INDEX register_versions_member ON register_versions (member_id, published_on)").run()
        try await sql.raw("CREATE INDEX register_versions_kind ON register_versions (kind, published_on)").run()
        try await sql.raw("CREATE INDEX register_versions_entry ON register_versions (entry_id)").run()
        // The published registers' generation: one row, raised by every publication (`PublishedRegisterCache`).
        try await sql.raw("CREATE TABLE register_generation (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO register_generation (id, value) VALUES (1, 0)").run()
    }

    package func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP TABLE register_generation").run() }
        try await database.schema(RegistrationInstructionRecord.schema).delete()
        try await database.schema(RegisterVersionRecord.schema).delete()
        try await database.schema(RegisterEntryRecord.schema).delete()
        try await database.schema(GiftDeclarationRecord.schema).delete()
    }
}
