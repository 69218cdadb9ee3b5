import Fluent
import TegenkrachtCore
import Vapor

/// Everything a case request needs, found once: the report, its case, what the signed-in staff
/// member is to it, the organisation in force and the report's crypto.
struct CaseContext {
    let report: Report
    let caseFile: CaseFile
    let role: CaseRole
    let staff: SignedInStaff
    let personID: String
    let organisation: Organisation?
    let today: LocalDate
    let crypto: ReportCrypto

    /// Both rows were read from the database, so both have ids (checked once in `load`).
    let reportID: UUID
    let caseID: UUID
    var actor: String { "staff:\(staff.userID)" }
    var subject: String { "report:\(reportID)" }

    /// The case, if this staff member may see it; otherwise 404 (not even its existence is told), and
    /// the attempt is in the audit log.
    static func load(_ req: Request) async throws -> CaseContext {
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        guard let id = req.parameters.get("id", as: UUID.self), let report = try await Report.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let app = req.application
        let caseFile = try await CaseService.caseFile(for: report, app: app, db: req.db)
        let today = LocalDate.today(in: app.tegenkracht.timeZone)
        let organisation = try await app.organisationStore.current(on: req.db)
        let declared = try await CaseService.declaredConflicts(caseFile, db: req.db)
        guard let role = CaseService.role(of: staff, in: caseFile, organisation: organisation, declared: declared, app: app, on: today),
              let personID = staff.personID else {
            try await AuditLog.append(on: req.db, actor: "staff:\(staff.userID)", action: "report.access-denied", subject: "report:\(id)")
            throw Abort(.notFound)
        }
        return CaseContext(report: report, caseFile: caseFile, role: role, staff: staff, personID: personID,
                           organisation: organisation, today: today, crypto: try ReportService.crypto(for: report, app: app),
                           reportID: id, caseID: try caseFile.requireID())
    }

    func audit(_ action: String, on db: any Database) async throws {
        try await AuditLog.append(on: db, actor: actor, action: action, subject: subject)
    }

    func name(of personID: String?) -> String {
        guard let personID else { return "—" }
        return organisation?.person(id: personID)?.name ?? personID
    }
}
