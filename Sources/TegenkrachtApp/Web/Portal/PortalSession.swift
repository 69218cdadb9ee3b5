import Fluent
import TegenkrachtUseCases
import Vapor

/// The reporter's portal session: a random token in an HttpOnly, Secure, SameSite=Strict cookie, its
/// hash in the database, ended after 30 minutes idle or 4 hours in all.
enum PortalSession {
    static let idleTimeout: TimeInterval = 30 * 60


    static func cookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_portal" : "__Host-tk_portal"
    }

    /// A portal session for a report (after a receipt login, or from the reporter's own staff account).
    static func startSession(_ req: Request, report: Report) async throws -> Response {
        let token = randomToken()
        let session = ReporterSession()
        session.tokenHash = sha256Hex(token)
        session.$report.id = try report.requireID()
        session.expiresAt = req.application.clock.now.addingTimeInterval(4 * 3600)
        session.lastSeenAt = req.application.clock.now
        try await session.create(on: req.db)
        req.renewCSRFToken(portalSessionToken: token)
        let response = req.redirect(to: "/portaal/melding")
        response.cookies[cookieName(req.application)] = HTTPCookies.Value(
            string: token, path: "/", isSecure: !req.application.tegenkracht.insecureHTTPCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    /// The report of the signed-in reporter, or nil (expired or no session).
    static func currentReport(_ req: Request) async throws -> Report? {
        guard let token = req.cookies[cookieName(req.application)]?.string else { return nil }
        guard let session = try await ReporterSession.query(on: req.db).filter(\.$tokenHash == sha256Hex(token))
            .with(\.$report).first() else { return nil }
        let now = req.application.clock.now
        if now > session.expiresAt || now.timeIntervalSince(session.lastSeenAt) > idleTimeout {
            try await session.delete(on: req.db)
            return nil
        }
        session.lastSeenAt = now
        try await session.save(on: req.db)
        return session.report
    }
}
