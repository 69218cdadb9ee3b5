import FluentKit
import Foundation
import TegenkrachtCore

/// Everything a handler's action on a case needs, found once: the report, its case, what the acting
/// staff member is to it, the organisation in force, the report's crypto, the moment of the action
/// and the language of texts the action writes into the case (a note, a reason). The use cases of
/// the workspace take it; the web builds it from the request, a test from a staff value.
package struct CaseContext: Sendable {
    package let report: Report
    package let caseFile: CaseFile
    package let role: CaseRole
    package let staff: SignedInStaff
    package let personID: String
    package let organisation: Organisation?
    package let today: LocalDate
    package let crypto: ReportCrypto
    /// The moment of the action, from the service's clock: every record the action writes uses it.
    package let now: Date
    /// The language of the acting person, for the texts the action stores (they read them back).
    package let localizer: Localizer
    package let app: any ServiceContext
    /// The database the action writes through: the action's transaction inside `perform`.
    package var db: any Database

    /// Both rows were read from the database, so both have ids (checked once in `load`).
    package let reportID: UUID
    package let caseID: UUID
    package var actor: ActorRef { .staff(staff.userID) }
    package var subject: String { "report:\(reportID)" }

    /// The case, if this staff member may see it; otherwise `NotFound` (not even its existence is
    /// told), and the attempt is in the audit log.
    package static func load(reportID id: UUID, staff: SignedInStaff, localizer: Localizer,
                             app: any ServiceContext, db: any Database) async throws -> CaseContext {
        guard let report = try await Report.find(id, on: db) else { throw NotFound() }
        let caseFile = try await CaseService.caseFile(for: report, app: app, db: db)
        let today = app.today
        let organisation = try await app.organisationStore.current(on: db)
        let declared = try await CaseService.declaredConflicts(caseFile, db: db)
        let deputies = try await CaseService.deputies(caseFile, db: db)
        guard let role = CaseService.role(of: staff, in: caseFile, organisation: organisation, declared: declared,
                                          deputies: deputies, app: app, on: today),
              let personID = staff.personID else {
            try await AuditLog.append(on: db, actor: .staff(staff.userID), action: .reportAccessDenied, subject: "report:\(id)", now: app.clock.now)
            throw NotFound()
        }
        return CaseContext(report: report, caseFile: caseFile, role: role, staff: staff, personID: personID,
                           organisation: organisation, today: today, crypto: try ReportService.crypto(for: report, app: app),
                           now: app.clock.now, localizer: localizer, app: app, db: db, reportID: id, caseID: try caseFile.requireID())
    }

    /// A named reporter's identity is for every handler; a confidential one only for the lead the
    /// reporter chose or agreed to (`CaseFile.identityReader`), never for the second person or the
    /// team, and not for a lead who took over without the reporter's consent.
    package var mayReadIdentity: Bool {
        report.identityMode == IdentityMode.named.rawValue
            || (role == .lead && caseFile.identityReader == personID)
    }

    /// Runs an action on the case as one unit of work (issue 12): what it writes, its timeline event,
    /// its audit entry and its outbox records commit together or not at all. A form made from another
    /// version than the one read is stale, and the version is claimed atomically (`CaseService.touch`),
    /// so of two forms posted from the same version one goes through. The follow-ups are delivered
    /// right after the commit; what fails stays in the outbox for the job.
    package func perform<T: Sendable>(version: Int?, _ body: @escaping @Sendable (CaseContext) async throws -> T) async throws -> T {
        guard version == caseFile.version else { throw StaleVersion() }
        let result = try await UnitOfWork.run(db) { tx in
            var inTransaction = self
            inTransaction.db = tx
            return try await body(inTransaction)
        }
        if !db.inTransaction { await Outbox.deliverPending(subject: caseID.uuidString, app: app) }
        return result
    }

    /// How a case action ends, in its unit of work: the reporter's timeline (with an event), a notice
    /// (when the reporter is told), the version claim and the audit entry, all at the action's `now`.
    package func finish(event: ReportEventName? = nil, notify: Bool = false, audit action: AuditAction) async throws {
        if let event { try await ReportService.addEvent(event, report: report, actor: actor, db: db, at: now) }
        if notify { try await Notices.queue(for: report, db: db, at: now) }
        try await CaseService.touch(caseFile, db: db, now: now)
        try await audit(action, on: db)
    }

    package func audit(_ action: AuditAction, on db: any Database) async throws {
        try await AuditLog.append(on: db, actor: actor, action: action, subject: subject, now: now)
    }

    package func name(of personID: String?) -> String {
        guard let personID else { return "—" }
        return organisation?.person(id: personID)?.name ?? personID
    }

    /// Stores a move the ladder allowed, made by this staff member (`CaseService.recordMove`).
    package func recordMove(from: CaseStage, ladder: CaseLadder, details: TransitionDetails) async throws {
        try await CaseService.recordMove(from: from, ladder: ladder, details: details, by: personID, caseFile: caseFile, report: report,
                                         crypto: crypto, actor: actor, today: today, app: app, db: db)
    }

    /// An internal note on the case, sealed, by this staff member.
    package func addNote(_ text: String) async throws {
        let note = CaseNote()
        note.id = UUID()
        note.$caseFile.id = caseID
        note.author = personID
        note.bodySealed = try crypto.seal(Data(text.utf8), purpose: .note(try note.requireID()))
        note.createdAt = now
        try await note.create(on: db)
    }
}
