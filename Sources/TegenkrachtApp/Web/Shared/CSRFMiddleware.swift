import Crypto
import Foundation
import TegenkrachtUseCases
import Vapor

/// Cross-site request forgery protection for every form, bound to the session.
///
/// A random secret lives in an HttpOnly, SameSite=Strict cookie. The token in every form (`_csrf`) is
/// an HMAC of the sessions this browser holds (staff and portal), keyed with that secret. So a token
/// is worthless without the cookie, and worthless with another session: one read from a colleague's
/// screen, or planted before a login, opens nothing. The secret is renewed at every login too.
///
/// The intake form is multipart and may carry 40 MB of attachments, so its body is not collected
/// here: it streams (`IntakeUpload`), and its token must be the body's first field, checked before
/// anything else of the body is read (a forged post costs a few hundred bytes). The token stays out of
/// the URL, so a shared browser's history does not show that a report was sent. At most a few such
/// requests are read at once (`IntakeBodyGate`).
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    /// The one route that takes large bodies (attachments).
    static let largeBodyPath = "/melden"
    static let largeBodyLimit = 40 * 1024 * 1024

    static func cookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_csrf" : "__Host-tk_csrf"
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let app = request.application
        let cookieValue = request.cookies[Self.cookieName(app)]?.string
        let existing = (cookieValue?.count ?? 0) >= 32 ? cookieValue : nil
        var state = CSRFState(secret: existing ?? randomToken())
        // A staff cookie that names no live session is cleared in this response: it binds nothing.
        if request.staff != nil, let staffCookie = request.cookies[StaffSessions.cookieName(app)]?.string {
            state.staffBinding = sha256Hex(staffCookie)
        }
        if let portalCookie = request.cookies[PortalSession.cookieName(app)]?.string, !portalCookie.isEmpty {
            state.portalBinding = sha256Hex(portalCookie)
        }
        request.csrfState = state

        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await finish(request, next: next, existing: existing)
        }
        let large = request.url.path == Self.largeBodyPath
        let limit = large ? Self.largeBodyLimit : app.routes.defaultMaxBodySize.value
        // A declared length over the limit is refused before a byte of the body is read.
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw Abort(.payloadTooLarge)
        }
        if large {
            // Without the cookie no token can be right; with it, `IntakeUpload` checks the body's first field.
            guard existing != nil else { return try refuse(request) }
            guard let slot = try await app.intakeBodyGate.enter() else {
                throw Abort(.serviceUnavailable, headers: [HTTPHeaders.Name.retryAfter.description: "10"], reason: "busy")
            }
            do {
                // Not collected: the intake route streams its body into sealed spool files.
                let response = try await finish(request, next: next, existing: existing)
                try? await app.intakeBodyGate.leave(slot)
                return response
            } catch {
                try? await app.intakeBodyGate.leave(slot)
                throw error
            }
        }
        try await collect(request, limit: limit)
        // Decoded as a struct: that works for url-encoded and multipart forms alike.
        let submitted = (try? request.content.decode(CSRFField.self))?._csrf
        guard let submitted, state.accepts(existing, submitted) else {
            return try refuse(request)
        }
        return try await finish(request, next: next, existing: existing)
    }

    private func collect(_ request: Request, limit: Int) async throws {
        guard request.body.data == nil else { return }
        do {
            _ = try await request.body.collect(max: limit).get()
        } catch {
            throw Abort(.payloadTooLarge)
        }
    }

    private func refuse(_ request: Request) throws -> Response {
        request.logger.notice("request refused: missing or wrong CSRF token")
        throw Abort(.forbidden, reason: "csrf")
    }

    private func finish(_ request: Request, next: any AsyncResponder, existing: String?) async throws -> Response {
        let response = try await next.respond(to: request)
        if existing == nil || request.csrfState.renewed {
            response.cookies[Self.cookieName(request.application)] = HTTPCookies.Value(
                string: request.csrfState.secret, path: "/", isSecure: !request.application.tegenkracht.insecureHTTPCookies,
                isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

/// The cookie's secret and the sessions a token is bound to.
struct CSRFState: Sendable {
    var secret: String
    var staffBinding = ""
    var portalBinding = ""
    var renewed = false

    /// The token for this browser's forms: HMAC(secret, sessions).
    var token: String {
        let message = Data("staff:\(staffBinding)|portal:\(portalBinding)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).hexString
    }

    /// Whether a submitted token belongs to this cookie and these sessions.
    func accepts(_ cookieSecret: String?, _ submitted: String) -> Bool {
        guard cookieSecret != nil else { return false }
        return constantTimeEquals(token, submitted)
    }
}

private struct CSRFField: Decodable {
    var _csrf: String?
}

extension Request {
    private struct CSRFStateKey: StorageKey { typealias Value = CSRFState }

    var csrfState: CSRFState {
        get { storage[CSRFStateKey.self] ?? CSRFState(secret: "") }
        set { storage[CSRFStateKey.self] = newValue }
    }

    /// The token to put in this page's forms.
    var csrfToken: String { csrfState.secret.isEmpty ? "" : csrfState.token }

    /// Whether a token read from a streamed body is this browser's (the intake form, `IntakeUpload`).
    func csrfAccepts(_ submitted: String) -> Bool {
        let cookie = cookies[CSRFMiddleware.cookieName(application)]?.string
        return csrfState.accepts((cookie?.count ?? 0) >= 32 ? cookie : nil, submitted)
    }

    /// A fresh secret from now on (after a login), bound to the session just started: any token an
    /// attacker planted or read before is void.
    func renewCSRFToken(staffSessionToken: String? = nil, portalSessionToken: String? = nil) {
        var state = csrfState
        state.secret = randomToken()
        state.renewed = true
        if let staffSessionToken { state.staffBinding = sha256Hex(staffSessionToken) }
        if let portalSessionToken { state.portalBinding = sha256Hex(portalSessionToken) }
        csrfState = state
    }
}
