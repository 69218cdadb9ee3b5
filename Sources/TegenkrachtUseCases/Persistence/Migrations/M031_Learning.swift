import FluentKit

/// The learning organisation (issue 18): interventions, onboarding offers, a year's lessons learned.
package struct M031_Learning: AsyncMigration {
    package var name: String { "TegenkrachtApp.M031_Learning" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(InterventionRecord.schema)
            .id()
            .field("title", .string, .required)
            .field("recommendations", .string, .required)
            .field("owner", .string, .required)
            .field("goal", .string, .required)
            .field("indicators", .string, .required)
            .field("interval_months", .int, .required)
            .field("budget_cents", .int, .required)
            .field("involved", .string, .required)
            .field("starts_on", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(OnboardingOfferRecord.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("grp", .string, .required)
            .field("employer", .string, .required)
            .field("fractie", .string)
            .field("path_version", .string, .required)
            .field("name_sealed", .string, .required)
            .field("offered_by", .uuid, .required)
            .field("offered_on", .string, .required)
            .field("offered_year", .int, .required)
            .field("completed_on", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(FigureLessonsRecord.schema)
            .id()
            .field("year", .int, .required)
            .field("lessons", .string, .required)
            .field("written_by", .uuid, .required)
            .field("written_at", .datetime, .required)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "year")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(FigureLessonsRecord.schema).delete()
        try await database.schema(OnboardingOfferRecord.schema).delete()
        try await database.schema(InterventionRecord.schema).delete()
    }
}
