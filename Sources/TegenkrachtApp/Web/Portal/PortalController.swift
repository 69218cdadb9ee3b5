import Fluent
import SQLKit
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The reporter portal: log in with the receipt code (never in a URL), see the status in plain words,
/// the next step and its date, who can see the report, the messages and records; add information,
/// withdraw, or disclose one's name later.
enum PortalController {
    struct LoginForm: Content {
        var code: String?
    }

    // MARK: Login

    @Sendable static func loginPage(req: Request) async throws -> Response {
        try await req.renderPage("portal-login", titleKey: "portal.login.title", LoginContent())
    }

    /// A receipt login (issue 16). A correct code always opens its report, at once, whatever
    /// strangers send: there is no lock per report and no service-wide block. Wrong, malformed and
    /// unknown codes all get the same answer after the same delay, which grows while many codes fail
    /// service-wide (`throttles.receipt`). The check is a keyed hash (microseconds); old scrypt hashes
    /// are checked within a bounded budget (503 with `Retry-After` beyond it) and rewritten.
    @Sendable static func login(req: Request) async throws -> Response {
        let typed = (try req.content.decode(LoginForm.self).code) ?? ""
        let throttle = try req.application.throttles.receipt
        let key = try req.application.keyVault.receiptKey
        func fail(_ key: String, _ status: HTTPStatus = .unauthorized) async throws -> Response {
            try await req.renderPage("portal-login", titleKey: "portal.login.title",
                                     LoginContent(message: req.text(key)), status: status)
        }
        func wrong() async throws -> Response {
            await throttle.recordFailure()
            let delay = await throttle.delay()
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            return try await fail("portal.login.wrong")
        }
        // The cheap check first: what cannot be a code costs one look at its characters.
        guard let code = ReceiptCode(typed: typed) else { return try await wrong() }
        guard let report = try await Report.query(on: req.db).filter(\.$locator == code.locator).first() else {
            ReceiptHasher.dummyCheck(code.characters, key: key)
            return try await wrong()
        }
        let stored = report.receiptHash
        switch ReceiptHasher.verifyKeyed(code.characters, against: stored, key: key) {
        case .match:
            break
        case .noMatch:
            return try await wrong()
        case .legacy:
            let hasher = req.application.receiptHasher
            let text = code.characters
            let pool = try req.application.hashingPool
            guard let valid = try await req.application.legacyReceiptBudget.run({
                try await pool.run { hasher.verifyScrypt(text, against: stored) }
            }) else {
                let response = try await fail("portal.login.busy", .serviceUnavailable)
                response.headers.replaceOrAdd(name: .retryAfter, value: "5")
                return response
            }
            guard valid else { return try await wrong() }
            // Rewritten in the keyed form, unless it changed meanwhile.
            if let sql = req.db as? any SQLDatabase {
                try await sql.update(Report.schema)
                    .set(SQLIdentifier("receipt_hash"), to: SQLBind(ReceiptHasher.keyedHash(text, key: key)))
                    .where(SQLIdentifier("id"), .equal, SQLBind(try report.requireID()))
                    .where(SQLIdentifier("receipt_hash"), .equal, SQLBind(stored))
                    .run()
            }
        }
        try await AuditLog.append(on: req.db, actor: .reporter, action: .reportPortalLogin, subject: "report:\(try report.requireID())", now: req.application.clock.now)
        return try await PortalSession.startSession(req, report: report)
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        try await endSession(req, then: "/")
    }

    /// "Snel weg" (issue 15): ends a portal session, so that Back does not show the report again,
    /// and leaves for a neutral site. A GET, so that it works as a plain link without JavaScript.
    static let neutralSite = "https://www.weeronline.nl/"

    @Sendable static func leave(req: Request) async throws -> Response {
        try await endSession(req, then: neutralSite)
    }

    private static func endSession(_ req: Request, then location: String) async throws -> Response {
        if let token = req.cookies[PortalSession.cookieName(req.application)]?.string {
            try await ReporterSession.query(on: req.db).filter(\.$tokenHash == sha256Hex(token)).delete()
        }
        let response = req.redirect(to: location, redirectType: .normal)
        response.cookies[PortalSession.cookieName(req.application)] = .cleared(req.application)
        return response
    }

    // MARK: The report

    @Sendable static func show(req: Request) async throws -> Response {
        guard let report = try await PortalSession.currentReport(req) else { return req.redirect(to: "/portaal?verlopen=1") }
        try await AuditLog.append(on: req.db, actor: .reporter, action: .reportView, subject: "report:\(try report.requireID())", now: req.application.clock.now)
        return try await PortalPage.render(req, report, notice: (try? req.query.get(String.self, at: "ok")).map { req.text("portal.ok.\($0)") },
                                error: nil, status: .ok)
    }

    // MARK: Actions

    struct TextForm: Content {
        var text: String?
        var name: String?
        var email: String?
        var phone: String?
        var function: String?
        var confirm: String?
        var comment: String?
        var decision: String?
    }

    /// Runs an action for the signed-in reporter through its use case (`PortalUseCases.swift`), each
    /// one unit of work (issue 12); a withdrawn report accepts nothing more; a refusal rolls back and
    /// shows the portal again with the reason.
    private static func act(_ req: Request,
                            _ action: @escaping @Sendable (Report, TextForm) async throws -> Void) async throws -> Response {
        guard let report = try await PortalSession.currentReport(req) else { return req.redirect(to: "/portaal?verlopen=1") }
        let form = try req.content.decode(TextForm.self)
        if report.status == ReportStatus.withdrawn.rawValue {
            return try await PortalPage.render(req, report, notice: nil, error: req.text("portal.error.withdrawn"), status: .conflict)
        }
        do {
            try await action(report, form)
        } catch let refusal as Refusal {
            return try await PortalPage.render(req, report, notice: nil, error: req.text(refusal.key, refusal.values), status: .unprocessableEntity)
        } catch is NotFound {
            throw Abort(.notFound)
        } catch is StaleVersion {
            guard let fresh = try await PortalSession.currentReport(req) else { return req.redirect(to: "/portaal?verlopen=1") }
            return try await PortalPage.render(req, fresh, notice: nil, error: req.text("case.error.stale"), status: .conflict)
        }
        if let caseFile = try await CaseFile.query(on: req.db).filter(\.$report.$id == report.requireID()).first() {
            await Outbox.deliverPending(subject: try caseFile.requireID().uuidString, app: req.application)
        }
        return req.redirect(to: "/portaal/melding?ok=\(req.url.path.split(separator: "/").last ?? "")")
    }

    @Sendable static func message(req: Request) async throws -> Response {
        try await act(req) { report, form in
            try await SendReporterMessage.run(text: form.text, supplement: false, report: report, app: req.application, db: req.db)
        }
    }

    @Sendable static func supplement(req: Request) async throws -> Response {
        try await act(req) { report, form in
            try await SendReporterMessage.run(text: form.text, supplement: true, report: report, app: req.application, db: req.db)
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await act(req) { report, form in
            try await WithdrawReport.run(report, confirmed: form.confirm == "ja", app: req.application, db: req.db)
        }
    }

    /// An anonymous reporter gives their name, to the handler only (the report becomes confidential).
    @Sendable static func disclose(req: Request) async throws -> Response {
        try await act(req) { report, form in
            func field(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespaces) }
            let identity = ReportIdentity(name: field(form.name), email: field(form.email), phone: field(form.phone), function: field(form.function))
            try await DiscloseIdentity.run(identity, confirmed: form.confirm == "ja", report: report, app: req.application, db: req.db)
        }
    }

    /// Approving the record of a meeting, or asking for a correction (Directive art. 18).
    @Sendable static func decideRecord(req: Request) async throws -> Response {
        try await act(req) { report, form in
            guard let recordID = req.parameters.get("record", as: UUID.self) else { throw Abort(.notFound) }
            try await DecideRecord.run(recordID: recordID, decision: form.decision.flatMap(DecideRecord.Decision.init(rawValue:)),
                                       comment: form.comment, report: report, app: req.application, db: req.db)
        }
    }
}
