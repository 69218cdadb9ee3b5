import Leaf
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// What every page template receives: the language, the CSRF token for its forms, the signed-in
/// staff member if any, and the page's own content under `page`.
struct PageContext<Content: Encodable & Sendable>: Encodable, Sendable {
    struct StaffView: Encodable, Sendable {
        let displayName: String
        let isAdministrator: Bool
    }

    let lang: String
    let otherLang: String
    let path: String
    let csrf: String
    let title: String
    let staff: StaffView?
    /// Training mode (issue 18): every page says so in its banner and its title.
    let training: Bool
    let page: Content
}

struct NoContent: Encodable, Sendable {}

extension Request {
    /// Renders a template with the common page context.
    func renderPage<Content: Encodable & Sendable>(_ template: String, titleKey: String, _ content: Content,
                                                   status: HTTPStatus = .ok) async throws -> Response {
        let staffView = staff.flatMap { s in
            s.stage == .complete ? PageContext<Content>.StaffView(displayName: s.displayName,
                                                                  isAdministrator: s.role == .administrator) : nil
        }
        let context = PageContext(
            lang: language.rawValue,
            otherLang: language == .dutch ? Language.english.rawValue : Language.dutch.rawValue,
            path: url.path,
            csrf: renderingSharedPage ? SharedPages.tokenPlaceholder : csrfToken,
            title: text(titleKey),
            staff: staffView,
            training: application.tegenkracht.isTraining,
            page: content)
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        return response
    }
}

/// Turns errors into pages in the visitor's language (or JSON under /api), never with internal detail.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return try await request.application.errorPage(for: request, error: error)
        }
    }
}

extension Application {
    struct ErrorContent: Encodable, Sendable {
        let status: Int
        let message: String
    }

    func errorPage(for request: Request, error: any Error) async throws -> Response {
        let status: HTTPStatus
        let key: String
        // "Come back in N seconds" survives the error page (a busy server, a tarpit).
        let retryAfter = (error as? any AbortError)?.headers.first(name: .retryAfter)
        if let abort = error as? any AbortError {
            status = abort.status
            if status.code >= 500, request.application.environment != .production {
                request.logger.debug("server error detail (development only): \(String(reflecting: error))")
            }
            switch (abort.status, abort.reason) {
            case (.forbidden, "csrf"): key = "error.csrf"
            case (.serviceUnavailable, "busy"): key = "error.busy"
            case (.forbidden, _): key = "error.forbidden"
            case (.notFound, _): key = "error.notFound"
            case (.payloadTooLarge, _): key = "error.tooLarge"
            case (.badRequest, _): key = "error.badRequest"
            default: key = abort.status.code >= 500 ? "error.generic" : "error.badRequest"
            }
        } else {
            status = .internalServerError
            key = "error.generic"
            // The type only: an error's text may quote the input, and input may be a report.
            request.logger.error("unhandled error of type \(String(reflecting: type(of: error)))")
            if request.application.environment != .production {
                request.logger.debug("error detail (development only): \(String(reflecting: error))")
            }
        }
        let message = request.text(key)
        let response: Response
        if request.url.path.hasPrefix("/api/") {
            response = Response(status: status)
            try response.content.encode(["error": message])
        } else {
            do {
                response = try await request.renderPage("error", titleKey: "error.title",
                                                        ErrorContent(status: Int(status.code), message: message), status: status)
            } catch {
                response = Response(status: status, body: .init(string: message))
                response.headers.contentType = .plainText
            }
        }
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: retryAfter) }
        return response
    }
}
