import FluentKit
import Foundation
import SQLKit

extension Database {
    /// This database as SQL (both supported databases are); `StoreFault.notSQL` otherwise.
    package var sqlDatabase: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw StoreFault.notSQL }
            return sql
        }
    }
}

extension SQLUpdateBuilder {
    /// Runs a conditional UPDATE (`… WHERE version = ?`, `… WHERE completed_on IS NULL`) and says
    /// whether it matched a row: the claim an action makes on a versioned or single-use record,
    /// atomic in the database, so of two at once exactly one wins. The table needs an `id` column.
    package func claimsRow() async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        return try await returning(SQLIdentifier("id")).all(decoding: Row.self).isEmpty == false
    }
}
