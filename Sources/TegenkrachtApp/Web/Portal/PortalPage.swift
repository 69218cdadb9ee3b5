import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The reporter's page in the portal (`portal.leaf`): status, the report's own clock, who can read
/// it, the timeline, messages, records and the case as the reporter sees it.
enum PortalPage {
    struct ViewContent: Encodable, Sendable {
        let status: String
        let nextStep: String
        let clock: ReporterClock
        let kind: String
        let mode: String
        let submittedAt: String
        let canSee: [String]
        let timeline: [TimelineItem]
        let messages: [ReportService.MessageView]
        let records: [ReportService.RecordView]
        let attachments: Int
        let caseFile: PortalCase.View
        /// What the reporter wrote, for them to read back.
        let whatHappened: String
        let withdrawn: Bool
        let anonymous: Bool
        let notice: String?
        let error: String?
        /// The portal session ends after this many idle minutes (`PortalSession.idleTimeout`); the page
        /// says so, so that nobody loses a long message to a session that ended unseen (issue 15).
        var idleMinutes: String = String(Int(PortalSession.idleTimeout / 60))
    }

    static func render(_ req: Request, _ report: Report, notice: String?, error: String?, status httpStatus: HTTPStatus) async throws -> Response {
        let t = req.localizer
        let app = req.application
        let today = app.today
        let organisation = try await app.organisationStore.current(on: req.db)
        let caseFile = try await CaseService.caseFile(for: report, app: app, db: req.db)
        // Only the dates of the procedure this report follows (issue 13).
        let clock = try await ReporterClock.make(report, app: app, db: req.db, localizer: t)
        let status = ReportStatus(rawValue: report.status) ?? .received
        let nextStep: String
        switch status {
        case .received where caseFile.escrowed: nextStep = t.text("portal.escrow.held")
        case .received: nextStep = clock.next
        case .inProgress where caseFile.pendingClosureSealed == nil: nextStep = clock.next
        case .inProgress: nextStep = t.text("portal.next.closing")
        case .withdrawn: nextStep = t.text("portal.next.none")
        case .closed:
            // Closed, but aftercare may still ask: the next step says when, never "nothing more".
            let next = try await AftercareCheckIn.query(on: req.db).filter(\.$caseFile.$id == caseFile.requireID())
                .filter(\.$party == AftercareParty.reporter.rawValue).filter(\.$answeredAt == nil).sort(\.$due).first()
            nextStep = next.map { t.text("portal.next.aftercare", ["date": t.longDate(iso: $0.due)]) } ?? t.text("portal.next.none")
        }
        let id = try report.requireID()
        let events = try await ReportEvent.query(on: req.db).filter(\.$report.$id == id).sort(\.$occurredAt).all()
        let attachments = try await ReportAttachment.query(on: req.db).filter(\.$report.$id == id).count()
        let procedureDays = Dictionary(uniqueKeysWithValues: try await CaseProcedure.events(for: report, app: app, db: req.db)
            .map { (ReportEventName.procedure($0.key).rawValue, $0.value) })
        let content = ViewContent(
            status: t.text("status.\(status.rawValue)"), nextStep: nextStep, clock: clock,
            kind: t.text("reportkind.\(report.kind)"), mode: t.text("mode.\(report.identityMode)"),
            submittedAt: req.dateTime(report.submittedAt),
            canSee: PortalCase.canSee(caseFile, report: report, organisation: organisation,
                                      declared: try await CaseService.declaredConflicts(caseFile, db: req.db),
                                      deputies: try await CaseService.deputies(caseFile, db: req.db), app: app, on: today, localizer: t),
            // A procedure step shows the day it happened (the committee's decision of 3 March), not the
            // moment the secretary recorded it (issue 15).
            timeline: events.map { event in
                TimelineItem(at: procedureDays[event.event].map(req.date) ?? req.dateTime(event.occurredAt), text: t.text("event.\(event.event)"))
            },
            messages: try await ReportService.messages(report, app: app, db: req.db, localizer: req.localizer),
            records: try await ReportService.records(report, app: app, db: req.db, localizer: t),
            attachments: attachments,
            caseFile: try await PortalCase.view(report, caseFile: caseFile, req: req),
            whatHappened: try ReportService.crypto(for: report, app: app)
                .open(ReportContent.self, from: report.contentSealed, purpose: .content).whatHappened,
            withdrawn: status == .withdrawn,
            anonymous: report.identityMode == IdentityMode.anonymous.rawValue,
            notice: notice, error: error)
        return try await req.renderPage("portal", titleKey: "portal.title", content, status: httpStatus)
    }
}
