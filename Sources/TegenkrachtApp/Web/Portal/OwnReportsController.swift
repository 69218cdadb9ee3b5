import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// A named staff reporter's own reports: the list and opening the portal for one (the sealed list
/// itself is `OwnReports`, in the use-case target).
enum OwnReportsController {
    @Sendable static func list(req: Request) async throws -> Response {
        guard let staff = req.staff, let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }
        var items: [Item] = []
        for id in try OwnReports.ids(of: user, keys: req.application.keyVault) {
            guard let report = try await Report.find(id, on: req.db) else { continue }
            items.append(Item(id: id.uuidString, kind: req.text("reportkind.\(report.kind)"), status: req.text("status.\(report.status)"),
                              submittedAt: req.dateTime(report.submittedAt)))
        }
        return try await req.renderPage("own-reports", titleKey: "own.title", Content(reports: items))
    }

    /// Opens the portal for one of the staff member's own reports.
    @Sendable static func open(req: Request) async throws -> Response {
        guard let staff = req.staff, let user = try await StaffUser.find(staff.userID, on: req.db),
              let id = req.parameters.get("id", as: UUID.self),
              try OwnReports.ids(of: user, keys: req.application.keyVault).contains(id),
              let report = try await Report.find(id, on: req.db) else { throw Abort(.notFound) }
        try await AuditLog.append(on: req.db, actor: .reporter, action: .reportPortalLoginAccount, subject: "report:\(id)", now: req.application.clock.now)
        return try await PortalSession.startSession(req, report: report)
    }
}
