import Foundation
import FluentKit
import SQLKit

/// A form was made from a version that is no longer current (someone else changed the record).
package struct StaleVersion: Error {
    package init() {}
}


/// Optimistic concurrency done by the database (issue 12): the check and the bump are one statement,
/// so two writers that read the same version cannot both pass.
package enum VersionClaim {
    /// Bumps `version` from `read` to `read + 1`; false when the row is no longer at `read`.
    package static func claim(table: String, id: UUID, read: Int, db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(table)
            .set(SQLIdentifier("version"), to: SQLBind(read + 1))
            .where(SQLIdentifier("id"), .equal, SQLBind(id))
            .where(SQLIdentifier("version"), .equal, SQLBind(read))
            .returning(SQLIdentifier("id"))
            .all()
        return !rows.isEmpty
    }
}
