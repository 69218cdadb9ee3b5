import FluentKit

/// The monitor (issue 8). Codes, their uses and the responses are three tables with nothing in common:
/// no code and no time is stored with an answer.
package struct M010_Monitor: AsyncMigration {
    /// Fixed: the log holds the names this migration had when it ran (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M010_Monitor" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(SurveyWave.schema)
            .id()
            .field("name", .string, .required)
            .field("instrument", .string, .required)
            .field("version", .string, .required)
            .field("respondent_type", .string, .required)
            .field("population", .string, .required)
            .field("opened_on", .string, .required)
            .field("closed_on", .string)
            .create()
        try await database.schema(SurveyCode.schema)
            .id()
            .field("wave_id", .uuid, .required, .references(SurveyWave.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .unique(on: "code_hash")
            .create()
        try await database.schema(SurveyCodeUse.schema)
            .id()
            .field("code_hash", .string, .required)
            .unique(on: "code_hash")
            .create()
        try await database.schema(SurveyDraft.schema)
            .id()
            .field("wave_id", .uuid, .required, .references(SurveyWave.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("answers_sealed", .string, .required)
            .field("page", .int, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SurveyResponse.schema)
            .id()
            .field("wave_id", .uuid, .required, .references(SurveyWave.schema, .id, onDelete: .cascade))
            .field("version", .string, .required)
            .field("answers", .string, .required)
            .field("open_sealed", .string)
            .create()
    }

    package func revert(on database: any Database) async throws {
        for schema in [SurveyResponse.schema, SurveyDraft.schema, SurveyCodeUse.schema, SurveyCode.schema, SurveyWave.schema] {
            try await database.schema(schema).delete()
        }
    }
}
