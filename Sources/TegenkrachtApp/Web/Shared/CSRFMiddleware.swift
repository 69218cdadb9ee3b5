import Vapor

/// Cross-site request forgery protection for every form.
///
/// A random token lives in an HttpOnly, SameSite=Strict cookie and is repeated in a hidden field of
/// every form (`_csrf`); a state-changing request whose field does not match the cookie is refused.
/// This works for visitors without an account too (the intake forms), and the token is renewed at
/// login so that one planted before login is worthless after it.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    static func cookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_csrf" : "__Host-tk_csrf"
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookieName = Self.cookieName(request.application)
        let cookieValue = request.cookies[cookieName]?.string
        let existing = (cookieValue?.count ?? 0) >= 32 ? cookieValue : nil
        request.csrfToken = existing ?? randomToken()

        if [.POST, .PUT, .PATCH, .DELETE].contains(request.method) {
            if request.body.data == nil {
                // Forms with attachments may be larger; other routes keep the small default.
                let limit = request.url.path == "/melden" ? 40 * 1024 * 1024 : request.application.routes.defaultMaxBodySize.value
                do {
                    _ = try await request.body.collect(max: limit).get()
                } catch {
                    throw Abort(.payloadTooLarge)
                }
            }
            // Decoded as a struct: that works for url-encoded and multipart forms alike.
            let submitted = (try? request.content.decode(CSRFField.self))?._csrf
            guard let existing, let submitted, constantTimeEquals(existing, submitted) else {
                request.logger.notice("request refused: missing or wrong CSRF token")
                throw Abort(.forbidden, reason: "csrf")
            }
        }
        let response = try await next.respond(to: request)
        if existing == nil || request.csrfRenewed {
            response.cookies[cookieName] = HTTPCookies.Value(
                string: request.csrfToken, path: "/", isSecure: !request.application.tegenkracht.insecureHTTPCookies,
                isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

private struct CSRFField: Decodable {
    var _csrf: String?
}

extension Request {
    private struct CSRFTokenKey: StorageKey { typealias Value = String }
    private struct CSRFRenewedKey: StorageKey { typealias Value = Bool }

    /// The token to put in this page's forms.
    var csrfToken: String {
        get { storage[CSRFTokenKey.self] ?? "" }
        set { storage[CSRFTokenKey.self] = newValue }
    }

    var csrfRenewed: Bool { storage[CSRFRenewedKey.self] ?? false }

    /// A fresh token from now on (after login): any token an attacker planted is void.
    func renewCSRFToken() {
        csrfToken = randomToken()
        storage[CSRFRenewedKey.self] = true
    }
}
