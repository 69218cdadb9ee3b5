import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The handler's side of a report: the inbox, reading it (every read is logged), acknowledging it,
/// replying, and recording a meeting for the reporter to approve. Only the handlers of a report get in.
enum HandlerReportController {
    struct InboxItem: Encodable, Sendable {
        let id: String
        let kind: String
        let status: String
        let stage: String
        let myRole: String
        let submittedAt: String
        /// The next term of the report's own procedure, empty when none runs.
        let nextDue: String
        let overdue: Bool
        let priority: Bool
        let flag: String?
    }

    struct InboxContent: Encodable, Sendable {
        let role: String
        let reports: [InboxItem]
        let referrals: [ReferralItem]
        let reminders: [ReminderItem]
        let limited: Bool
        /// Open pattern alerts for this person (as the designated authority).
        let alerts: Int
    }

    struct ReminderItem: Encodable, Sendable {
        let reportID: String
        let due: String
    }

    struct ReferralItem: Encodable, Sendable {
        let id: String
        let target: String
        let at: String
        let acknowledged: Bool
    }

    struct ReportContentView: Encodable, Sendable {
        let id: String
        let version: Int
        let kind: String
        let mode: String
        let status: String
        let submittedAt: String
        let acknowledged: Bool
        /// The next term of the report's own procedure (empty when none runs) and whether it is the
        /// advisors' agreement rather than a legal term.
        let nextDue: String
        let nextDueIsAgreement: Bool
        let identity: ReportIdentity?
        let identityHidden: Bool
        let identitySealedForOthers: Bool
        let content: ReportContent
        let places: [String]
        let behaviours: [String]
        let attachments: [AttachmentView]
        let messages: [ReportService.MessageView]
        let records: [ReportService.RecordView]
        let timeline: [PortalController.TimelineItem]
        let procedure: CaseProcedure.TimelineView?
        let letters: [LetterLink]
        let caseFile: CaseView
        let error: String?
    }

    struct LetterLink: Encodable, Sendable {
        let id: String
        let label: String
    }

    struct AttachmentView: Encodable, Sendable {
        let id: String
        let filename: String
        let type: String
        let size: Int
        let sha256: String
        let receivedAt: String
    }

    /// The inbox: the use case's cases, referrals and reminders, in words.
    @Sendable static func inbox(req: Request) async throws -> Response {
        guard let staff = req.staff else { throw Abort(.unauthorized) }
        let app = req.application
        let inbox = try await WorkspaceInbox.load(for: staff, app: app, db: req.db)
        let items = inbox.entries.map { entry in
            InboxItem(id: entry.reportID.uuidString, kind: req.text("reportkind.\(entry.kind)"),
                      status: req.text("status.\(entry.status)"), stage: req.text("stage.\(entry.stage)"),
                      myRole: req.text("caserole.\(entry.role.rawValue)"),
                      submittedAt: ReportService.formatDateTime(entry.submittedAt, app: app),
                      nextDue: entry.nextDue?.iso ?? "", overdue: entry.overdue, priority: entry.priority,
                      flag: entry.flag.map { req.text("inbox.flag.\($0.rawValue)") })
        }
        let referrals = inbox.referrals.map {
            ReferralItem(id: $0.id.uuidString, target: req.text("referral.target.\($0.target)"),
                         at: ReportService.formatDateTime($0.at, app: app), acknowledged: $0.acknowledged)
        }
        let reminders = inbox.reminders.map { ReminderItem(reportID: $0.reportID.uuidString, due: $0.due) }
        return try await req.renderPage("workspace", titleKey: "workspace.title",
                                        InboxContent(role: req.text("staffrole.\(staff.role.rawValue)"), reports: items,
                                                     referrals: referrals, reminders: reminders, limited: inbox.limited,
                                                     alerts: inbox.openAlerts))
    }

    /// The report, if this staff member has a part in its case; otherwise 404.
    static func accessibleReport(_ req: Request) async throws -> Report {
        try await CaseContext.load(req).report
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let context = try await CaseContext.load(req)
        try await context.audit(.reportView, on: req.db)
        return try await render(req, context, error: nil, draft: [:], status: .ok)
    }

    static func render(_ req: Request, _ context: CaseContext, error: String?, draft: [String: String],
                       status: HTTPStatus) async throws -> Response {
        let report = context.report
        let app = req.application
        let t = req.localizer
        let crypto = context.crypto
        let id = try report.requireID()
        let content = try crypto.open(ReportContent.self, from: report.contentSealed, purpose: .content)
        let showIdentity = context.mayReadIdentity
        let identity = showIdentity ? try report.identitySealed.map { try crypto.open(ReportIdentity.self, from: $0, purpose: .identity) } : nil
        let progress = try await CaseProcedure.progress(for: report, app: app, db: req.db)
        let attachments = try await ReportAttachment.query(on: req.db).filter(\.$report.$id == id).sort(\.$createdAt).all().map { a in
            let aid = try a.requireID()
            let meta = try crypto.open(AttachmentMetadata.self, from: a.metadataSealed, purpose: .attachmentMetadata(aid))
            return AttachmentView(id: aid.uuidString, filename: meta.filename, type: meta.type, size: meta.size, sha256: meta.sha256,
                                  receivedAt: ReportService.formatDateTime(meta.receivedAt, app: app))
        }
        let events = try await ReportEvent.query(on: req.db).filter(\.$report.$id == id).sort(\.$occurredAt).all()
        let view = ReportContentView(
            id: id.uuidString, version: report.version, kind: t.text("reportkind.\(report.kind)"),
            mode: t.text("mode.\(report.identityMode)"), status: t.text("status.\(report.status)"),
            submittedAt: ReportService.formatDateTime(report.submittedAt, app: app),
            acknowledged: report.acknowledgedAt != nil, nextDue: progress?.nextDate?.due?.iso ?? "",
            nextDueIsAgreement: progress.map { !$0.definition.isStatutory } ?? false,
            identity: identity, identityHidden: report.identityMode == IdentityMode.anonymous.rawValue,
            identitySealedForOthers: !showIdentity && report.identitySealed != nil,
            content: content, places: content.places.map { t.text("place.\($0.rawValue)") },
            behaviours: content.behaviourItems.map { t.text("behaviour.\($0)") },
            attachments: attachments,
            messages: try await ReportService.messages(report, app: app, db: req.db),
            records: try await ReportService.records(report, app: app, db: req.db, localizer: t),
            timeline: events.map { PortalController.TimelineItem(at: ReportService.formatDateTime($0.occurredAt, app: app),
                                                                 text: t.text("event.\($0.event)")) },
            procedure: try await CaseProcedure.timeline(for: report, app: app, db: req.db, localizer: t),
            letters: LetterController.letters(for: report, app: app).map { LetterLink(id: $0.id, label: $0.title) },
            caseFile: try await CaseView.build(context, req: req, draft: draft),
            error: error)
        return try await req.renderPage("handler-report", titleKey: "handler.title", view, status: status)
    }

    struct ActionForm: Content {
        var text: String?
        var version: Int?
    }

    /// Runs an action on a report as one unit of work (issue 12); a refusal rolls back, a stale
    /// form (the report changed since the page was made) is refused with its text kept, and the
    /// follow-ups are delivered after the commit.
    private static func act(_ req: Request,
                            _ body: @escaping @Sendable (Report, ActionForm, ActorRef, any Database) async throws -> String?) async throws -> Response {
        let context = try await CaseContext.load(req)
        let report = context.report
        let form = try req.content.decode(ActionForm.self)
        let actor = context.actor
        let draft = ["text": form.text ?? ""]
        if let version = form.version, version != report.version {
            return try await render(req, context, error: req.text("case.error.stale"), draft: draft, status: .conflict)
        }
        do {
            try await UnitOfWork.run(req.db) { tx in
                if let errorKey = try await body(report, form, actor, tx) { throw CaseController.Refused(text: errorKey) }
            }
        } catch let refused as CaseController.Refused {
            return try await render(req, try await CaseContext.load(req), error: req.text(refused.text), draft: draft, status: .unprocessableEntity)
        } catch is StaleVersion {
            return try await render(req, try await CaseContext.load(req), error: req.text("case.error.stale"), draft: draft, status: .conflict)
        }
        await Outbox.deliverPending(subject: context.caseID.uuidString, app: req.application)
        return req.redirect(to: "/werkruimte/meldingen/\(try report.requireID())")
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        try await act(req) { report, _, actor, db in
            guard report.acknowledgedAt == nil else { return "handler.error.alreadyAcknowledged" }
            // Claimed atomically: of two acknowledgements at once, one goes through.
            try await ReportService.claimVersion(report, db: db)
            report.acknowledgedAt = req.application.clock.now
            report.status = ReportStatus.inProgress.rawValue
            try await report.save(on: db)
            try await ReportService.addEvent(.acknowledged, report: report, actor: actor, db: db, at: req.application.clock.now)
            try await Notices.queue(for: report, db: db, at: req.application.clock.now)
            try await AuditLog.append(on: db, actor: actor, action: .reportAcknowledge, subject: "report:\(try report.requireID())", now: req.application.clock.now)
            try await Outbox.enqueue(.registrySync(caseID: try await CaseService.caseFile(for: report, app: req.application, db: db).requireID()),
                                     db: db, now: req.application.clock.now)
            return nil
        }
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        try await act(req) { report, form, actor, db in
            let (text, problem) = ReportService.checkedText(form.text)
            if let problem { return problem }
            try await ReportService.addMessage(text, report: report, author: actor, app: req.application, db: db)
            try await ReportService.addEvent(.handlerMessage, report: report, actor: actor, db: db, at: req.application.clock.now)
            try await Notices.queue(for: report, db: db, at: req.application.clock.now)
            try await AuditLog.append(on: db, actor: actor, action: .reportMessage, subject: "report:\(try report.requireID())", now: req.application.clock.now)
            try await Outbox.enqueue(.registrySync(caseID: try await CaseService.caseFile(for: report, app: req.application, db: db).requireID()),
                                     db: db, now: req.application.clock.now)
            return nil
        }
    }

    /// The record of a conversation (an oral report or a meeting), for the reporter to approve.
    @Sendable static func record(req: Request) async throws -> Response {
        try await act(req) { report, form, actor, db in
            let (text, problem) = ReportService.checkedText(form.text)
            if let problem { return problem }
            let record = ReportRecord()
            record.id = UUID()
            record.$report.id = try report.requireID()
            record.author = actor.stored
            record.bodySealed = try ReportService.crypto(for: report, app: req.application).seal(Data(text.utf8), purpose: .record(try record.requireID()))
            record.state = RecordState.awaitingReporter.rawValue
            record.createdAt = req.application.clock.now
            try await record.create(on: db)
            try await ReportService.addEvent(.recordMade, report: report, actor: actor, db: db, at: req.application.clock.now)
            try await Notices.queue(for: report, db: db, at: req.application.clock.now)
            try await AuditLog.append(on: db, actor: actor, action: .reportRecordCreate, subject: "report:\(try report.requireID())", now: req.application.clock.now)
            return nil
        }
    }

    @Sendable static func procedureEvent(req: Request) async throws -> Response {
        try await act(req) { report, _, actor, db in
            try await CaseProcedure.record(req, report: report, actor: actor, db: db)
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
