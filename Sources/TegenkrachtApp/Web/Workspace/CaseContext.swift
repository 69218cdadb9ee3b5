import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
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
    /// The moment of the request, from the service's clock: every record the action writes uses it.
    let now: Date
    /// The database the action writes through: the action's transaction inside `CaseActions.run`.
    var db: any Database

    /// Both rows were read from the database, so both have ids (checked once in `load`).
    let reportID: UUID
    let caseID: UUID
    var actor: ActorRef { .staff(staff.userID) }
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
        let today = app.today
        let organisation = try await app.organisationStore.current(on: req.db)
        let declared = try await CaseService.declaredConflicts(caseFile, db: req.db)
        let deputies = try await CaseService.deputies(caseFile, db: req.db)
        guard let role = CaseService.role(of: staff, in: caseFile, organisation: organisation, declared: declared,
                                          deputies: deputies, app: app, on: today),
              let personID = staff.personID else {
            try await AuditLog.append(on: req.db, actor: .staff(staff.userID), action: .reportAccessDenied, subject: "report:\(id)", now: req.application.clock.now)
            throw Abort(.notFound)
        }
        return CaseContext(report: report, caseFile: caseFile, role: role, staff: staff, personID: personID,
                           organisation: organisation, today: today, crypto: try ReportService.crypto(for: report, app: app), now: app.clock.now, db: req.db,
                           reportID: id, caseID: try caseFile.requireID())
    }

    /// A named reporter's identity is for every handler; a confidential one only for the lead the
    /// reporter chose or agreed to (`CaseFile.identityReader`), never for the second person or the
    /// team, and not for a lead who took over without the reporter's consent.
    var mayReadIdentity: Bool {
        report.identityMode == IdentityMode.named.rawValue
            || (role == .lead && caseFile.identityReader == personID)
    }

    /// How a case action ends, in its unit of work: the reporter's timeline (with an event), a notice
    /// (when the reporter is told), the version claim and the audit entry, all at the action's `now`.
    func finish(event: ReportEventName? = nil, notify: Bool = false, audit action: AuditAction) async throws {
        if let event { try await ReportService.addEvent(event, report: report, actor: actor, db: db, at: now) }
        if notify { try await Notices.queue(for: report, db: db, at: now) }
        try await CaseService.touch(caseFile, db: db, now: now)
        try await audit(action, on: db)
    }

    func audit(_ action: AuditAction, on db: any Database) async throws {
        try await AuditLog.append(on: db, actor: actor, action: action, subject: subject, now: now)
    }

    func name(of personID: String?) -> String {
        guard let personID else { return "—" }
        return organisation?.person(id: personID)?.name ?? personID
    }
}
