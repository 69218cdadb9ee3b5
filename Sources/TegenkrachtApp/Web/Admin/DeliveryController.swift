import Fluent
import TegenkrachtUseCases
import Vapor

/// What has not arrived (issue 17): follow-ups in the outbox and mail the mail server refused, for the
/// administrator, who fixes the relay or the registry. Counts and kinds only; no address, no case.
enum DeliveryController {
    struct StuckRow: Encodable, Sendable {
        let kind: String
        let attempts: Int
        let lastError: String
        let since: String
    }

    struct ViewContent: Encodable, Sendable {
        let outboxPending: Int
        let outboxStuck: [StuckRow]
        let mailConfigured: Bool
        let mail: MailQueue.Status
        let maxAttempts: Int
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let outbox = try await Outbox.status(db: req.db)
        let mail = try await MailQueue.status(db: req.db)
        let t = req.localizer
        let content = ViewContent(
            outboxPending: outbox.pending,
            outboxStuck: outbox.stuck.map {
                StuckRow(kind: $0.kind, attempts: $0.attempts, lastError: $0.lastError ?? "",
                         since: t.longDate(iso: ReportService.localDate($0.createdAt, app: req.application).iso))
            },
            mailConfigured: req.application.tegenkracht.sendmailPath != nil,
            mail: mail, maxAttempts: MailQueue.maxAttempts)
        return try await req.renderPage("admin-delivery", titleKey: "admin.delivery.title", content)
    }
}
