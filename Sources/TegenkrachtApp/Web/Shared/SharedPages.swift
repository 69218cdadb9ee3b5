import NIOConcurrencyHelpers
import TegenkrachtUseCases
import Vapor

/// Public pages that are the same for every visitor (issue 17: every public page used to cost several
/// times the bare route, Leaf's serializer being most of it). Such a page is rendered once per path,
/// language, organisation version and day, and then served from memory, with the visitor's own CSRF
/// token put where the page's forms carry it.
///
/// Only a plain GET is shared: no query but the language, nobody signed in, no portal session. Every
/// other request renders as before. A new organisation version or a new day is a new key, so a page
/// never outlives what it shows; the store holds at most `capacity` pages.
final class SharedPages: Sendable {
    private struct Page: Sendable {
        let html: String
        let headers: HTTPHeaders
    }

    /// What the page is rendered with in place of a visitor's token; letters only, so escaping leaves it as it is.
    static let tokenPlaceholder = "TegenkrachtSharedPageCsrfTokenPlaceholder"
    /// The intake form's submission key (`SubmissionKey`): a new one in every copy served.
    static let submissionPlaceholder = "TegenkrachtSharedPageSubmissionPlaceholder"
    static let capacity = 512
    private let pages = NIOLockedValueBox<[String: Page]>([:])

    /// The handler, shared where the request allows it.
    static func shared(_ handler: @escaping @Sendable (Request) async throws -> Response) -> @Sendable (Request) async throws -> Response {
        { req in
            guard let key = try await key(for: req) else { return try await handler(req) }
            let store = req.application.sharedPages
            if let page = store.pages.withLockedValue({ $0[key] }) { return respond(page, req, status: .ok) }
            req.renderingSharedPage = true
            // Also when the handler throws: the error page is this visitor's, with their own token.
            defer { req.renderingSharedPage = false }
            let response = try await handler(req)
            guard var buffer = response.body.buffer, let html = buffer.readString(length: buffer.readableBytes) else { return response }
            let page = Page(html: html, headers: response.headers)
            // Only a page that was found is kept; any answer gets the visitor's own token.
            if response.status == .ok {
                store.pages.withLockedValue { pages in
                    if pages.count >= capacity { pages.removeAll() }
                    pages[key] = page
                }
            }
            return respond(page, req, status: response.status)
        }
    }

    private static func key(for req: Request) async throws -> String? {
        guard req.method == .GET, req.staff == nil, req.cookies[PortalSession.cookieName(req.application)] == nil else { return nil }
        let query = req.url.query ?? ""
        guard query.isEmpty || query == "lang=nl" || query == "lang=en" else { return nil }
        let today = req.application.today
        guard let version = try await req.application.organisationStore.inForce(on: today, db: req.db)?.number else { return nil }
        return "\(req.url.path)|\(req.language.rawValue)|\(version)|\(today.iso)"
    }

    private static func respond(_ page: Page, _ req: Request, status: HTTPStatus) -> Response {
        var html = page.html.replacingOccurrences(of: tokenPlaceholder, with: req.csrfToken)
        if html.contains(submissionPlaceholder) {
            html = html.replacingOccurrences(of: submissionPlaceholder, with: SubmissionKey.generate())
        }
        return Response(status: status, headers: page.headers, body: .init(string: html))
    }
}

extension Request {
    private struct RenderingSharedKey: StorageKey { typealias Value = Bool }

    /// Set while a shared page is rendered: its forms get the placeholder, not this visitor's token.
    var renderingSharedPage: Bool {
        get { storage[RenderingSharedKey.self] ?? false }
        set { storage[RenderingSharedKey.self] = newValue }
    }
}

extension Application {
    private struct SharedPagesKey: StorageKey { typealias Value = SharedPages }

    var sharedPages: SharedPages {
        get {
            if let existing = storage[SharedPagesKey.self] { return existing }
            let created = SharedPages()
            storage[SharedPagesKey.self] = created
            return created
        }
        set { storage[SharedPagesKey.self] = newValue }
    }
}
