import FluentKit
import Foundation
import SQLKit

/// A named staff reporter's own reports, reached through their account instead of the receipt code.
///
/// The list must not link a staff member to a report (issue 16: `staff_users.updated_at` matched the
/// report's `submitted_at` within a second, and the column turned non-null). So the sealed list has a
/// fixed size whatever it holds (`paddedSize` bytes before sealing, up to `maxReports` ids), it is
/// written without touching `updated_at`, every account gets one (empty) when the daily
/// `own-reports-reseal` job runs, and that job seals every account's list anew, so that one changed
/// value among all the others tells nothing.
package enum OwnReports {
    package static let maxReports = 20
    package static let paddedSize = 1024

    private struct Stored: Codable {
        var ids: [UUID]
        var pad: String
    }

    package static func ids(of user: StaffUser, keys: KeyVault) throws -> [UUID] {
        guard let sealed = user.ownReportsSealed else { return [] }
        let data = try keys.open(sealed, for: .ownReports(try user.requireID()))
        if let stored = try? JSONDecoder().decode(Stored.self, from: data) { return stored.ids }
        return try JSONDecoder().decode([UUID].self, from: data)  // written before the padding
    }

    /// The list sealed at a fixed size.
    package static func seal(_ ids: [UUID], userID: UUID, keys: KeyVault) throws -> String {
        let kept = Array(ids.suffix(maxReports))
        let bare = try JSONEncoder().encode(Stored(ids: kept, pad: ""))
        let padded = try JSONEncoder().encode(Stored(ids: kept, pad: String(repeating: " ", count: max(0, paddedSize - bare.count))))
        return try keys.seal(padded, for: .ownReports(userID))
    }

    /// Writes the column alone, without `updated_at` (a plain save would stamp the moment).
    package static func store(_ sealed: String, userID: UUID, db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.update(StaffUser.schema).set(SQLIdentifier("own_reports_sealed"), to: SQLBind(sealed))
            .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
    }

    package static func add(_ reportID: UUID, to user: StaffUser, app: any ServiceContext, db: any Database) async throws {
        let userID = try user.requireID()
        let list = try ids(of: user, keys: app.keyVault) + [reportID]
        try await store(try seal(list, userID: userID, keys: app.keyVault), userID: userID, db: db)
    }

    /// The daily job: every account's list sealed anew (an empty one for accounts without).
    package static func resealAll(app: any ServiceContext) async throws -> Int {
        var count = 0
        for user in try await StaffUser.query(on: app.db).all() {
            let userID = try user.requireID()
            let list = (try? ids(of: user, keys: app.keyVault)) ?? []
            try await store(try seal(list, userID: userID, keys: app.keyVault), userID: userID, db: app.db)
            count += 1
        }
        return count
    }
}
