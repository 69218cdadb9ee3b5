import Fluent
import SQLKit
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// A named staff reporter's own reports, reached through their account instead of the receipt code.
///
/// The list must not link a staff member to a report (issue 16: `staff_users.updated_at` matched the
/// report's `submitted_at` within a second, and the column turned non-null). So the sealed list has a
/// fixed size whatever it holds (`paddedSize` bytes before sealing, up to `maxReports` ids), it is
/// written without touching `updated_at`, every account gets one (empty) when the daily
/// `own-reports-reseal` job runs, and that job seals every account's list anew, so that one changed
/// value among all the others tells nothing.
enum OwnReports {
    static let maxReports = 20
    static let paddedSize = 1024

    private struct Stored: Codable {
        var ids: [UUID]
        var pad: String
    }

    static func ids(of user: StaffUser, keys: KeyVault) throws -> [UUID] {
        guard let sealed = user.ownReportsSealed else { return [] }
        let data = try keys.open(sealed, for: .ownReports(try user.requireID()))
        if let stored = try? JSONDecoder().decode(Stored.self, from: data) { return stored.ids }
        return try JSONDecoder().decode([UUID].self, from: data)  // written before the padding
    }

    /// The list sealed at a fixed size.
    static func seal(_ ids: [UUID], userID: UUID, keys: KeyVault) throws -> String {
        let kept = Array(ids.suffix(maxReports))
        let bare = try JSONEncoder().encode(Stored(ids: kept, pad: ""))
        let padded = try JSONEncoder().encode(Stored(ids: kept, pad: String(repeating: " ", count: max(0, paddedSize - bare.count))))
        return try keys.seal(padded, for: .ownReports(userID))
    }

    /// Writes the column alone, without `updated_at` (a plain save would stamp the moment).
    static func store(_ sealed: String, userID: UUID, db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.update(StaffUser.schema).set(SQLIdentifier("own_reports_sealed"), to: SQLBind(sealed))
            .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
    }

    static func add(_ reportID: UUID, to user: StaffUser, app: Application, db: any Database) async throws {
        let userID = try user.requireID()
        let list = try ids(of: user, keys: app.keyVault) + [reportID]
        try await store(try seal(list, userID: userID, keys: app.keyVault), userID: userID, db: db)
    }

    /// The daily job: every account's list sealed anew (an empty one for accounts without).
    static func resealAll(app: Application) async throws -> Int {
        var count = 0
        for user in try await StaffUser.query(on: app.db).all() {
            let userID = try user.requireID()
            let list = (try? ids(of: user, keys: app.keyVault)) ?? []
            try await store(try seal(list, userID: userID, keys: app.keyVault), userID: userID, db: app.db)
            count += 1
        }
        return count
    }

    struct Item: Encodable, Sendable {
        let id: String
        let kind: String
        let status: String
        let submittedAt: String
    }

    struct Content: Encodable, Sendable {
        let reports: [Item]
    }

    @Sendable static func list(req: Request) async throws -> Response {
        guard let staff = req.staff, let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }
        var items: [Item] = []
        for id in try ids(of: user, keys: req.application.keyVault) {
            guard let report = try await Report.find(id, on: req.db) else { continue }
            items.append(Item(id: id.uuidString, kind: req.text("reportkind.\(report.kind)"), status: req.text("status.\(report.status)"),
                              submittedAt: ReportService.formatDateTime(report.submittedAt, app: req.application)))
        }
        return try await req.renderPage("own-reports", titleKey: "own.title", Content(reports: items))
    }

    /// Opens the portal for one of the staff member's own reports.
    @Sendable static func open(req: Request) async throws -> Response {
        guard let staff = req.staff, let user = try await StaffUser.find(staff.userID, on: req.db),
              let id = req.parameters.get("id", as: UUID.self),
              try ids(of: user, keys: req.application.keyVault).contains(id),
              let report = try await Report.find(id, on: req.db) else { throw Abort(.notFound) }
        try await AuditLog.append(on: req.db, actor: .reporter, action: .reportPortalLoginAccount, subject: "report:\(id)", now: req.application.clock.now)
        return try await PortalController.startSession(req, report: report)
    }
}
