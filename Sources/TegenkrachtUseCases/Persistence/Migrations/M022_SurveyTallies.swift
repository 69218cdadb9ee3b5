import FluentKit
import SQLKit

/// The counts of each monitor wave (`SurveyTally`, issue 17), kept up to date as each response is
/// stored, so that results cost the same for 100 or 100,000 respondents. Waves answered before this
/// migration are counted on their first results page (`MonitorService.tally`).
package struct M022_SurveyTallies: AsyncMigration {
    /// Fixed, in the form of the earlier names (see `SchemaMigrations.all`).
    package var name: String { "TegenkrachtApp.M022_SurveyTallies" }

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE TABLE survey_tallies (
                wave_id TEXT NOT NULL,
                cell TEXT NOT NULL,
                respondents BIGINT NOT NULL,
                PRIMARY KEY (wave_id, cell)
            )
            """).run()
    }

    package func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP TABLE survey_tallies").run()
    }
}
