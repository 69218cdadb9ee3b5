import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The handler's side of a report: the inbox, reading it (every read is logged), acknowledging it,
/// replying, and recording a meeting for the reporter to approve. Only the handlers of a report get in.
enum HandlerReportController {
    /// The inbox: the use case's cases, referrals and reminders, in words.
    @Sendable static func inbox(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        let app = req.application
        let inbox = try await WorkspaceInbox.load(for: staff, app: app, db: req.db)
        let items = inbox.entries.map { entry in
            InboxPage.Item(id: entry.reportID.uuidString, kind: req.text("reportkind.\(entry.kind)"),
                      status: req.text("status.\(entry.status)"), stage: req.text("stage.\(entry.stage)"),
                      myRole: req.text("caserole.\(entry.role.rawValue)"),
                      submittedAt: req.dateTime(entry.submittedAt),
                      nextDue: entry.nextDue.map(req.date) ?? "", overdue: entry.overdue, priority: entry.priority,
                      flag: entry.flag.map { req.text("inbox.flag.\($0.rawValue)") }, unread: entry.unread)
        }
        let referrals = inbox.referrals.map {
            InboxPage.Referral(id: $0.id.uuidString, target: req.text("referral.target.\($0.target)"),
                         at: req.dateTime($0.at), acknowledged: $0.acknowledged)
        }
        var callbacks: [OpenCallbacks.Item] = []
        if let personID = staff.personID { callbacks = try await OpenCallbacks.load(for: personID, app: app, db: req.db) }
        let reminders = inbox.reminders.map { InboxPage.Reminder(reportID: $0.reportID.uuidString, due: req.localizer.longDate(iso: $0.due)) }
        var page = InboxPage(role: req.text("staffrole.\(staff.role.rawValue)"), reports: items, referrals: referrals, reminders: reminders,
                             limited: inbox.limited, alerts: inbox.openAlerts)
        if let personID = staff.personID, let organisation = try await app.organisationStore.current(on: req.db) {
            page.registers = organisation.isMemberOfParliament(personID) || organisation.keepsPublicRegisters(personID, on: app.today)
            page.network = Functionaries.mayManage(personID, in: organisation, on: app.today)
        }
        if let personID = staff.personID {
            let waiting = try await WaitingDeclarations.load(for: personID, app: app, db: req.db)
            func line(_ count: Int, _ key: String, _ href: String) -> InboxPage.Waiting? {
                count == 0 ? nil : InboxPage.Waiting(text: req.text(count == 1 ? key + "One" : key, ["count": String(count)]), href: href)
            }
            page.waiting = [line(waiting.gifts, "workspace.waiting.gifts", "/werkruimte/verklaringen"),
                            line(waiting.sideActivities, "workspace.waiting.sideActivities", "/werkruimte/nevenwerkzaamheden"),
                            line(waiting.sideActivitiesToLookAgain, "workspace.waiting.lookAgain", "/werkruimte/nevenwerkzaamheden"),
                            line(waiting.trips, "workspace.waiting.trips", "/werkruimte/reisverlenging"),
                            line(waiting.financialInterests, "workspace.waiting.financialInterests",
                                 "/werkruimte/financiele-belangen")].compactMap { $0 }
        }
        page.callbacks = callbacks.map {
            InboxPage.Callback(id: $0.id.uuidString, name: $0.details.name.isEmpty ? req.text("workspace.callbacks.noName") : $0.details.name,
                               phone: $0.details.phone, when: $0.details.when, asked: req.dateTime($0.createdAt))
        }
        return try await req.renderPage("workspace", titleKey: "workspace.title", page)
    }

    /// A call-back done: only the person it was asked of; the name and number are erased (404 for
    /// anyone else, and for one done already).
    @Sendable static func callbackDone(req: Request) async throws -> Response {
        guard let staff = req.staff, let personID = staff.personID, let id = req.parameters.get("callback", as: UUID.self) else {
            throw Abort(.notFound)
        }
        do {
            try await CompleteCallback.run(id: id, personID: personID, by: .staff(staff.userID), app: req.application, db: req.db)
        } catch is NotFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: "/werkruimte#callbacks")
    }

    /// The report, if this staff member has a part in its case; otherwise 404.
    static func accessibleReport(_ req: Request) async throws -> Report {
        try await CaseContext.load(req).report
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let context = try await CaseContext.load(req)
        try await context.audit(.reportView, on: req.db)
        // After an action the page says what was done (`?gedaan=<the action's anchor>`).
        let done = (try? req.query.get(String.self, at: "gedaan")).map { "case.done.\($0)" }.flatMap { req.localizer.has($0) ? req.text($0) : nil }
        return try await CasePage.render(req, context, error: nil, draft: [:], status: .ok, notice: done)
    }

    struct ActionForm: Content {
        var text: String?
        var version: Int?
    }

    /// Runs an action on a report through its use case, each one unit of work (issue 12): a refusal
    /// rolls back and shows the case again with the text kept, a stale form (the report changed since
    /// the page was made) is refused the same way, and the follow-ups are delivered after the commit.
    private static func act(_ req: Request, done anchor: String,
                            _ action: @escaping @Sendable (Report, ActionForm, ActorRef) async throws -> Void) async throws -> Response {
        let context = try await CaseContext.load(req)
        let report = context.report
        let form = try req.content.decode(ActionForm.self)
        let draft = ["text": form.text ?? ""]
        if let version = form.version, version != report.version {
            return try await CasePage.render(req, context, error: req.text("case.error.stale"), draft: draft, status: .conflict)
        }
        do {
            try await action(report, form, context.actor)
        } catch let refusal as Refusal {
            return try await CasePage.render(req, try await CaseContext.load(req), error: req.text(refusal.key, refusal.values),
                                             draft: draft, status: .unprocessableEntity)
        } catch is StaleVersion {
            return try await CasePage.render(req, try await CaseContext.load(req), error: req.text("case.error.stale"), draft: draft, status: .conflict)
        }
        await Outbox.deliverPending(subject: context.caseID.uuidString, app: req.application)
        return req.redirect(to: "/werkruimte/meldingen/\(try report.requireID())?gedaan=\(anchor)#\(anchor)")
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        try await act(req, done: "acknowledged") { report, _, actor in
            try await AcknowledgeReport.run(report, by: actor, app: req.application, db: req.db)
        }
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        try await act(req, done: "messages") { report, form, actor in
            try await ReplyToReporter.run(text: form.text, report: report, by: actor, app: req.application, db: req.db)
        }
    }

    /// The record of a conversation (an oral report or a meeting), for the reporter to approve.
    @Sendable static func record(req: Request) async throws -> Response {
        try await act(req, done: "records") { report, form, actor in
            try await RecordConversation.run(text: form.text, report: report, by: actor, app: req.application, db: req.db)
        }
    }

    @Sendable static func procedureEvent(req: Request) async throws -> Response {
        try await act(req, done: "procedure") { report, _, actor in
            let form = try req.content.decode(CaseProcedure.EventForm.self)
            try await RecordProcedureEvent.run(event: form.event, date: DateInput(day: form.dateDay, month: form.dateMonth, year: form.dateYear, iso: form.date).value,
                                               reason: form.reason, report: report, by: actor, localizer: req.localizer,
                                               app: req.application, db: req.db)
        }
    }

    @Sendable static func attachment(req: Request) async throws -> Response {
        let report = try await accessibleReport(req)
        guard let aid = req.parameters.get("attachment", as: UUID.self),
              let attachment = try await ReportAttachment.query(on: req.db).filter(\.$id == aid)
                .filter(\.$report.$id == report.requireID()).first() else { throw Abort(.notFound) }
        let crypto = try ReportService.crypto(for: report, app: req.application)
        let meta = try crypto.open(AttachmentMetadata.self, from: attachment.metadataSealed, purpose: .attachmentMetadata(aid))
        let bytes = try await ReportService.attachmentContent(attachment, crypto: crypto, db: req.db)
        try await AuditLog.append(on: req.db, actor: .staff(try req.requireStaff().userID), action: .reportAttachmentDownload,
                                  subject: "report:\(try report.requireID())", now: req.application.clock.now)
        let response = Response(status: .ok, body: .init(data: bytes))
        response.headers.replaceOrAdd(name: .contentType, value: meta.type)
        let safeName = meta.filename.filter { $0.isLetter || $0.isNumber || ".-_ ".contains($0) }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safeName)\"")
        return response
    }
}
