import FluentKit
import SQLKit

/// Officials' financial interests and their managers' assessments (issue 14).
package struct M027_FinancialInterests: AsyncMigration {
    package var name: String { "TegenkrachtApp.M027_FinancialInterests" }

    package func prepare(on database: any Database) async throws {
        try await database.schema(FinancialInterestRecord.schema)
            .id()
            .field("declarant_id", .string, .required)
            .field("manager_id", .string, .required)
            .field("risk_function", .string)
            .field("employer", .string)
            .field("kind", .string, .required)
            .field("holder", .string, .required)
            .field("flagged", .bool, .required)
            .field("declaration_sealed", .string, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("decision_sealed", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "financial_interests_declarant").on(FinancialInterestRecord.schema).column("declarant_id").run()
            try await sql.create(index: "financial_interests_manager").on(FinancialInterestRecord.schema).column("manager_id").column("state").run()
            try await sql.create(index: "financial_interests_employer").on(FinancialInterestRecord.schema).column("employer").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(FinancialInterestRecord.schema).delete()
    }
}
