import FluentKit
import SQLKit

/// Employees' requests to extend a business trip and their managers' written answers (issue 14).
package struct M026_TripExtensions: AsyncMigration {
    package var name: String { "TegenkrachtApp.M026_TripExtensions" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(TripExtensionRecord.schema)
            .id()
            .field("declarant_id", .string, .required)
            .field("manager_id", .string, .required)
            .field("departure", .string, .required)
            .field("position", .string, .required)
            .field("hours", .int, .required)
            .field("with_partner", .bool, .required)
            .field("request_sealed", .string, .required)
            .field("state", .string, .required)
            .field("approved", .bool)
            .field("decision_sealed", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "trip_extensions_declarant").on(TripExtensionRecord.schema).column("declarant_id").run()
            try await sql.create(index: "trip_extensions_manager").on(TripExtensionRecord.schema).column("manager_id").column("state").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(TripExtensionRecord.schema).delete()
    }
}
