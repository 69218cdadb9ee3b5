import FluentKit

/// A survey wave may belong to one employer (issue 18: fracties run the monitor and the exit
/// questionnaire as their own employer, with their own results).
package struct M034_SurveyWaveEmployer: AsyncMigration {
    package var name: String { "TegenkrachtApp.M034_SurveyWaveEmployer" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(SurveyWave.schema).field("employer", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(SurveyWave.schema).deleteField("employer").update()
    }
}
