import FluentKit

/// The House-wide code of conduct (issue 18, 6.4.1): comment rounds, their comments with responses,
/// and adoptions.
package struct M033_CodeOfConduct: AsyncMigration {
    package var name: String { "TegenkrachtApp.M033_CodeOfConduct" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(CodeRoundRecord.schema)
            .id()
            .field("number", .int, .required)
            .field("version_id", .string, .required)
            .field("opened_by", .uuid, .required)
            .field("opened_at", .datetime, .required)
            .field("closed_by", .uuid)
            .field("closed_at", .datetime)
            .field("comment_count", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(CodeCommentRecord.schema)
            .id()
            .field("round_id", .uuid, .required, .references(CodeRoundRecord.schema, "id"))
            .field("seq", .int, .required)
            .field("grp", .string, .required)
            .field("topic", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("response", .string)
            .field("responded_by", .uuid)
            .field("responded_at", .datetime)
            .field("withheld", .bool, .required)
            .unique(on: "round_id", "seq")
            .create()
        try await database.schema(CodeAdoptionRecord.schema)
            .id()
            .field("version_id", .string, .required)
            .field("adopted_on", .string, .required)
            .field("decision", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "version_id")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CodeAdoptionRecord.schema).delete()
        try await database.schema(CodeCommentRecord.schema).delete()
        try await database.schema(CodeRoundRecord.schema).delete()
    }
}
