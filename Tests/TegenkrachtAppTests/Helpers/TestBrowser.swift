import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import Testing
import Vapor
import VaporTesting

/// A small browser for in-memory tests: keeps cookies, finds the CSRF token in the last page, and
/// submits forms the way a browser would (application/x-www-form-urlencoded).
final class TestBrowser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var lastBody = ""

    init(_ app: Application) {
        self.app = app
    }

    struct Page {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String

        var location: String? { headers.first(name: .location) }

        /// The raw `Set-Cookie` header for a cookie name, to check its flags.
        func setCookie(_ name: String) -> String? {
            headers[.setCookie].first { $0.hasPrefix("\(name)=") }
        }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form. The CSRF token of the last page is added unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [String: String], csrf: String? = nil, includeCSRF: Bool = true) async throws -> Page {
        var all = fields
        if includeCSRF { all["_csrf"] = csrf ?? csrfToken() }
        let encoded = all.sorted { $0.key < $1.key }
            .map { "\(Self.formEncode($0.key))=\(Self.formEncode($0.value))" }
            .joined(separator: "&")
        return try await send(.POST, path, body: encoded)
    }

    /// Posts a multipart form with files, as a browser does for the intake form.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(field: String, filename: String, type: String, bytes: [UInt8])] = [],
                       csrf: String? = nil) async throws -> Page {
        let boundary = "----tegenkracht\(UUID().uuidString)"
        var body = [UInt8]()
        func append(_ text: String) { body += Array(text.utf8) }
        // The token first, as the form has it: the intake route checks it before reading on.
        for (name, value) in [("_csrf", csrf ?? csrfToken())] + fields {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body += file.bytes
            append("\r\n")
        }
        append("--\(boundary)--\r\n")
        return try await send(.POST, path, bodyBytes: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Posts an encoded form body exactly as given.
    func sendForm(_ path: String, _ body: String) async throws -> Page {
        try await send(.POST, path, body: body)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> Page {
        try await send(method, path, bodyBytes: body.map { Array($0.utf8) }, contentType: body == nil ? nil : "application/x-www-form-urlencoded")
    }

    private func send(_ method: HTTPMethod, _ path: String, bodyBytes: [UInt8]?, contentType: String?) async throws -> Page {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType {
            headers.replaceOrAdd(name: .contentType, value: contentType)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers,
                                                            body: bodyBytes.map { ByteBuffer(bytes: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if header.lowercased().contains("expires=thu, 01 jan 1970") || header.lowercased().contains("max-age=0") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
        let text = String(buffer: response.body)
        lastBody = text
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// This browser's cookies as a request header (for requests sent without the browser).
    var cookieHeader: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        return headers
    }

    /// Sets or removes a cookie by hand (to carry one browser's cookie into another in attack tests).
    func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    func csrfToken() -> String {
        Self.firstMatch(#"name="_csrf" value="([^"]+)""#, in: lastBody) ?? ""
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }
}

/// Creates a staff account directly (what `tegenkracht user create` does).
@discardableResult
func createStaff(_ app: Application, username: String, password: String = "correct horse battery",
                 role: StaffRole = .functionary) async throws -> StaffUser {
    let user = StaffUser(username: username, displayName: username.capitalized, role: role, personID: nil,
                         passwordHash: try await app.password.async.hash(password))
    try await user.create(on: app.db)
    return user
}

/// Logs in with password and (enrolling if needed) a TOTP code; returns the TOTP secret.
@discardableResult
func signIn(_ browser: TestBrowser, username: String, password: String = "correct horse battery",
            secret known: Data? = nil) async throws -> Data {
    try await browser.get("/inloggen")
    let afterPassword = try await browser.post("/inloggen", ["username": username, "password": password])
    if afterPassword.location == "/inloggen/tweestaps/instellen" {
        let page = try await browser.get("/inloggen/tweestaps/instellen")
        let groups = try #require(TestBrowser.firstMatch(#"id="totp-secret">([A-Z2-7 ]+)<"#, in: page.body))
        let secret = try #require(Base32.decode(groups))
        let code = TwoFactor.code(secret: secret, step: TwoFactor.step(at: browser.app.clock.now))
        let done = try await browser.post("/inloggen/tweestaps/instellen", ["code": code])
        #expect(done.status == .ok)
        return secret
    }
    let secret = try #require(known)
    try await browser.get("/inloggen/tweestaps")
    // A code for the next step: the enrolment may have used the current one already.
    let code = TwoFactor.code(secret: secret, step: TwoFactor.step(at: browser.app.clock.now) + 1)
    let done = try await browser.post("/inloggen/tweestaps", ["code": code])
    #expect(done.location == "/werkruimte")
    return secret
}
