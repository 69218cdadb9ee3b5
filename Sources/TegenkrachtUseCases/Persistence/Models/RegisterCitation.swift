import FluentKit
import Foundation

/// A College case cites a member's public registers as they stood on a day (issue 14: "a complaint
/// to the College about an unregistered interest can cite register entries and versions";
/// COI.2021.0021 cites "de versie 24 november 2021"). Which member is sealed with the report's key:
/// it says whom the complaint is about. The day and when it was cited are plain, for the annual count.
package final class RegisterCitation: Model, @unchecked Sendable {
    package static let schema = "register_citations"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseFile: CaseFile
    @Field(key: "member_sealed") package var memberSealed: Data
    /// The day the registers are read as of, ISO.
    @Field(key: "as_of") package var asOf: String
    @Field(key: "cited_by") package var citedBy: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

package struct M029_RegisterCitations: AsyncMigration {
    package var name: String { "TegenkrachtApp.M029_RegisterCitations" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(RegisterCitation.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, .id, onDelete: .cascade))
            .field("member_sealed", .data, .required)
            .field("as_of", .string, .required)
            .field("cited_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(RegisterCitation.schema).delete()
    }
}
