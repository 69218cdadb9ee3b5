import Fluent
import TegenkrachtCore
import Vapor

/// A named staff reporter's own reports, reached through their account instead of the receipt code.
enum OwnReports {

    static func ids(of user: StaffUser, keys: KeyVault) throws -> [UUID] {
        guard let sealed = user.ownReportsSealed else { return [] }
        let data = try keys.open(sealed, for: .ownReports(try user.requireID()))
        return try JSONDecoder().decode([UUID].self, from: data)
    }

    static func add(_ reportID: UUID, to user: StaffUser, app: Application, db: any Database) async throws {
        var list = try ids(of: user, keys: app.keyVault)
        list.append(reportID)
        user.ownReportsSealed = try app.keyVault.seal(try JSONEncoder().encode(list), for: .ownReports(try user.requireID()))
        try await user.save(on: db)
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
        try await AuditLog.append(on: req.db, actor: "reporter", action: "report.portal-login-account", subject: "report:\(id)", now: req.application.clock.now)
        return try await PortalController.startSession(req, report: report)
    }
}
