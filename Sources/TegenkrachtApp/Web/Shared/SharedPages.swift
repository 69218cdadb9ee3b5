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
    /// A stored page, cut once at its placeholders: serving it joins the pieces with this visitor's
    /// values, instead of searching 30 KB of HTML on every request (issue 17).
    struct Page: Sendable {
        enum Slot: Sendable { case csrfToken, submissionKey }

        let pieces: [String]
        /// `slots[i]` goes between `pieces[i]` and `pieces[i + 1]`.
        let slots: [Slot]
        let headers: HTTPHeaders

        init(html: String, headers: HTTPHeaders) {
            var pieces: [String] = []
            var slots: [Slot] = []
            var rest = Substring(html)
            while let found = Self.nextPlaceholder(in: rest) {
                pieces.append(String(rest[..<found.range.lowerBound]))
                slots.append(found.slot)
                rest = rest[found.range.upperBound...]
            }
            pieces.append(String(rest))
            self.pieces = pieces
            self.slots = slots
            self.headers = headers
        }

        private static func nextPlaceholder(in text: Substring) -> (range: Range<Substring.Index>, slot: Slot)? {
            let token = text.range(of: SharedPages.tokenPlaceholder).map { ($0, Slot.csrfToken) }
            let key = text.range(of: SharedPages.submissionPlaceholder).map { ($0, Slot.submissionKey) }
            switch (token, key) {
            case let (t?, k?): return t.0.lowerBound < k.0.lowerBound ? t : k
            case let (t?, nil): return t
            case let (nil, k?): return k
            case (nil, nil): return nil
            }
        }

        func body(csrfToken: String) -> ByteBuffer {
            var buffer = ByteBufferAllocator().buffer(capacity: pieces.reduce(0) { $0 + $1.utf8.count } + slots.count * 64)
            for (index, piece) in pieces.enumerated() {
                buffer.writeString(piece)
                guard index < slots.count else { break }
                switch slots[index] {
                case .csrfToken: buffer.writeString(csrfToken)
                case .submissionKey: buffer.writeString(SubmissionKey.generate())
                }
            }
            return buffer
        }
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
        guard let moment = try await organisationMoment(req) else { return nil }
        return "\(req.url.path)|\(req.language.rawValue)|\(moment)"
    }

    /// The organisation version in force and the day: what every shared page and answer depends on.
    private static func organisationMoment(_ req: Request) async throws -> String? {
        let today = req.application.today
        let store = req.application.organisationStore
        if let version = store.freshNumber(on: today) { return "\(version)|\(today.iso)" }
        guard let version = try await store.inForce(on: today, db: req.db)?.number else { return nil }
        return "\(version)|\(today.iso)"
    }

    /// A stored answer of the public JSON API.
    private struct Answer: Sendable {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    private let answers = NIOLockedValueBox<[String: Answer]>([:])

    /// Answers of the public JSON API that follow from the question alone (the query), the language,
    /// the organisation version and the day: the route finder's API (issue 17: it computed and encoded
    /// every answer anew, at a third of the bare route's throughput). A found answer and a refused
    /// question (400) are kept; at most `capacity` of them, the store emptied when full.
    /// `name` names the endpoint in the key: the raw path can be made long and varied (`/api//v1/…`).
    static func sharedAnswer(_ name: String, _ handler: @escaping @Sendable (Request) async throws -> Response)
        -> @Sendable (Request) async throws -> Response {
        { req in
            let query = req.url.query ?? ""
            guard req.method == .GET, query.utf8.count <= 1024, let moment = try await organisationMoment(req) else {
                return try await handler(req)
            }
            let key = "\(name)?\(query)|\(req.language.rawValue)|\(moment)"
            let store = req.application.sharedPages
            if let answer = store.answers.withLockedValue({ $0[key] }) {
                return Response(status: answer.status, headers: answer.headers, body: .init(buffer: answer.body))
            }
            let response = try await handler(req)
            if response.status == .ok || response.status == .badRequest, let body = response.body.buffer {
                let answer = Answer(status: response.status, headers: response.headers, body: body)
                store.answers.withLockedValue { answers in
                    if answers.count >= capacity { answers.removeAll() }
                    answers[key] = answer
                }
            }
            return response
        }
    }

    private static func respond(_ page: Page, _ req: Request, status: HTTPStatus) -> Response {
        Response(status: status, headers: page.headers, body: .init(buffer: page.body(csrfToken: req.csrfToken)))
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
