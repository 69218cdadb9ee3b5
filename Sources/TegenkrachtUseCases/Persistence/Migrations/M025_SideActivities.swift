import FluentKit
import SQLKit

/// Employees' side activities and their managers' decisions (issue 14).
package struct M025_SideActivities: AsyncMigration {
    package var name: String { "TegenkrachtApp.M025_SideActivities" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(SideActivityRecord.schema)
            .id()
            .field("declarant_id", .string, .required)
            .field("manager_id", .string, .required)
            .field("paid", .bool, .required)
            .field("start_date", .string, .required)
            .field("concerns", .int, .required)
            .field("incompatible", .bool, .required)
            .field("declaration_sealed", .string, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("reassess_on", .string)
            .field("decision_sealed", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "side_activities_declarant").on(SideActivityRecord.schema).column("declarant_id").run()
            try await sql.create(index: "side_activities_manager").on(SideActivityRecord.schema).column("manager_id").column("state").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(SideActivityRecord.schema).delete()
    }
}
