import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The case page (`handler-report.leaf`): the report as its handlers read it, its timeline, its
/// procedure, its letters and the case with every action's form. Rendered after a read and after a
/// refused or stale action, with the typed text given back.
enum CasePage {
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
        let timeline: [TimelineItem]
        let procedure: CaseProcedure.TimelineView?
        /// The date of a procedure event to record (day, month, year).
        let procedureDate: [DateField]
        let letters: [LetterLink]
        let caseFile: CaseView
        let error: String?
        /// What the last action did, said after it (issue 15: actions confirm what they did).
        let notice: String?
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

    static func render(_ req: Request, _ context: CaseContext, error: String?, draft: [String: String],
                       status: HTTPStatus, notice: String? = nil) async throws -> Response {
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
                                  receivedAt: req.dateTime(meta.receivedAt))
        }
        let events = try await ReportEvent.query(on: req.db).filter(\.$report.$id == id).sort(\.$occurredAt).all()
        let view = ReportContentView(
            id: id.uuidString, version: report.version, kind: t.text("reportkind.\(report.kind)"),
            mode: t.text("mode.\(report.identityMode)"), status: t.text("status.\(report.status)"),
            submittedAt: req.dateTime(report.submittedAt),
            acknowledged: report.acknowledgedAt != nil, nextDue: progress?.nextDate?.due.map(req.date) ?? "",
            nextDueIsAgreement: progress.map { !$0.definition.isStatutory } ?? false,
            identity: identity, identityHidden: report.identityMode == IdentityMode.anonymous.rawValue,
            identitySealedForOthers: !showIdentity && report.identitySealed != nil,
            content: content, places: content.places.map { t.text("place.\($0.rawValue)") },
            behaviours: content.behaviourItems.map { t.text("behaviour.\($0)") },
            attachments: attachments,
            messages: try await ReportService.messages(report, app: app, db: req.db, localizer: req.localizer),
            records: try await ReportService.records(report, app: app, db: req.db, localizer: t),
            timeline: events.map { TimelineItem(at: req.dateTime($0.occurredAt),
                                                                 text: t.text("event.\($0.event)")) },
            procedure: try await CaseProcedure.timeline(for: report, app: app, db: req.db, localizer: t),
            procedureDate: [DateField(id: "procedure-date", name: "date", legend: t.text("procedure.record.date"), localizer: t)],
            letters: Letters.available(for: report, app: app).map { LetterLink(id: $0.id, label: $0.title) },
            caseFile: try await CaseView.build(context, req: req, draft: draft),
            error: error, notice: notice)
        return try await req.renderPage("handler-report", titleKey: "handler.title", view, status: status)
    }

}
