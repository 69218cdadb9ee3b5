import Foundation
import TegenkrachtUseCases
import Vapor

/// Staff login through the organisation's OpenID Connect provider (issue 17): the authorization code
/// flow with PKCE. The provider's subject must already be linked to an account
/// (`tegenkracht user link-sso`); nothing is created here. The second factor stays compulsory unless
/// the provider says it asked for one (`amr`/`acr`, as configured).
enum SingleSignOnController {
    /// Holds the state between leaving for the provider and coming back. `SameSite=Lax`: the way back
    /// is a navigation from the provider's site, on which a strict cookie is not sent.
    static func stateCookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_sso" : "__Host-tk_sso"
    }

    @Sendable static func start(req: Request) async throws -> Response {
        guard let provider = req.application.identityProvider else { throw Abort(.notFound) }
        let metadata: IdentityProvider.Metadata
        do {
            metadata = try await provider.metadata(client: req.client, now: req.application.clock.now)
        } catch {
            req.logger.warning("single sign-on: \(error)")
            return try await failed(req, key: "login.ssoUnavailable", status: .serviceUnavailable)
        }
        let settings = provider.settings
        guard let started = try await SingleSignOnAttempts.begin(db: req.db, now: req.application.clock.now) else {
            // More logins under way than any organisation has staff: someone is filling the table.
            return try await failed(req, key: "login.ssoUnavailable", status: .serviceUnavailable)
        }
        let query = formEncoded([
            ("response_type", "code"), ("client_id", settings.clientID), ("redirect_uri", settings.redirectURI),
            ("scope", "openid"), ("state", started.state), ("nonce", started.nonce),
            ("code_challenge", started.codeChallenge), ("code_challenge_method", "S256"),
            // So that the token says when the person logged in there (`auth_time`, Core §3.1.2.1).
            ("max_age", String(Int(SingleSignOnSettings.multiFactorMaxAge))),
        ])
        let separator = metadata.authorizationEndpoint.contains("?") ? "&" : "?"
        let response = req.redirect(to: metadata.authorizationEndpoint + separator + query)
        response.cookies[stateCookieName(req.application)] = HTTPCookies.Value(
            string: started.state, maxAge: Int(SingleSignOnAttempts.lifetime), path: "/",
            isSecure: !req.application.tegenkracht.insecureHTTPCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    @Sendable static func callback(req: Request) async throws -> Response {
        guard let provider = req.application.identityProvider else { throw Abort(.notFound) }
        let now = req.application.clock.now
        let browserState = req.cookies[stateCookieName(req.application)]?.string ?? ""
        let state = (try? req.query.get(String.self, at: "state")) ?? ""
        let code = (try? req.query.get(String.self, at: "code")) ?? ""

        // Before the state is claimed, a refusal is only logged: anyone can send such a request, and
        // each audit entry is a link in a chain written one at a time (a flood would slow every
        // audited action). From the claim on, the attempt was a real one and every refusal is audited.
        func refuseUnclaimed(_ reason: String) async throws -> Response {
            req.logger.notice("single sign-on refused before the state was claimed: \(reason)")
            return try await failed(req, key: "login.ssoFailed", status: .unauthorized)
        }
        func refuse(_ reason: String, key: String = "login.ssoFailed", status: HTTPStatus = .unauthorized) async throws -> Response {
            // The reason is a fixed word; never the token, the code or the subject.
            try await AuditLog.append(on: req.db, actor: .system, action: .staffLoginSSORefused, subject: "sso:\(reason)", now: now)
            return try await failed(req, key: key, status: status)
        }
        if (try? req.query.get(String.self, at: "error")) != nil { return try await refuseUnclaimed("provider-error") }
        guard !state.isEmpty, !code.isEmpty, code.utf8.count <= 2048, state.utf8.count <= 256 else { return try await refuseUnclaimed("incomplete") }
        // The state must come back to the browser that left with it (no login forced on someone else).
        guard constantTimeEquals(browserState, state) else { return try await refuseUnclaimed("other-browser") }
        guard let attempt = try await SingleSignOnAttempts.claim(state: state, db: req.db, now: now) else {
            return try await refuseUnclaimed("state-used-or-old")
        }

        let settings = provider.settings
        let idToken: String
        do {
            idToken = try await exchange(code: code, verifier: attempt.codeVerifier, provider: provider, req: req)
        } catch let error as IdentityProvider.Unavailable {
            req.logger.warning("single sign-on: \(error)")
            return try await refuse("token-exchange", key: "login.ssoUnavailable", status: .serviceUnavailable)
        }
        let verifier = IDTokenVerifier(issuer: settings.issuer, clientID: settings.clientID)
        let claims: IDTokenClaims
        do {
            var keys = try await provider.keys(client: req.client, refresh: false, now: now)
            var outcome = Result { () throws(IDTokenError) in try verifier.verify(idToken, keys: keys, nonce: attempt.nonce, now: now) }
            if case .failure(.unknownKey) = outcome {
                // The provider may have rotated its keys since we fetched them.
                keys = try await provider.keys(client: req.client, refresh: true, now: now)
                outcome = Result { () throws(IDTokenError) in try verifier.verify(idToken, keys: keys, nonce: attempt.nonce, now: now) }
            }
            switch outcome {
            case .success(let verified): claims = verified
            case .failure(let error): return try await refuse("id-token-\(error.rawValue)")
            }
        } catch {
            req.logger.warning("single sign-on: \(error)")
            return try await refuse("keys", key: "login.ssoUnavailable", status: .serviceUnavailable)
        }

        guard let user = try await SingleSignOnAttempts.account(issuer: settings.issuer, subject: claims.sub, db: req.db) else {
            return try await refuse("unknown-subject", key: "login.ssoUnknown", status: .forbidden)
        }
        let userID = try user.requireID()
        guard user.disabledAt == nil else {
            try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginDisabled, subject: "staff:\(userID)", now: now)
            return try await failed(req, key: "login.disabled", status: .unauthorized)
        }
        // Locked after wrong passwords or codes: the provider does not lift that.
        if let minutes = AccountGuard.minutesLocked(user, now: now) {
            try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginSSORefused, subject: "staff:\(userID)", now: now)
            let response = try await req.renderPage("login", titleKey: "login.title",
                LoginPage(message: req.text(lockedKey(minutes), ["minutes": String(minutes)]), sso: true), status: .unauthorized)
            response.cookies[stateCookieName(req.application)] = .cleared(req.application)
            return response
        }
        let multiFactor = claims.assertsMultiFactor(amrValues: settings.multiFactorAMR, acrValues: settings.multiFactorACR,
                                                    maxAge: SingleSignOnSettings.multiFactorMaxAge, now: now)
        if multiFactor { try await AttemptBudget.clear(.staff, id: userID, db: req.db) }
        try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginSSO, subject: "staff:\(userID)", now: now)
        let cookie = try await StaffSessions.start(req, userID: userID, stage: multiFactor ? .complete : .password, viaSSO: true)
        let next = multiFactor ? "/werkruimte" : (user.hasTwoFactor ? "/inloggen/tweestaps" : "/inloggen/tweestaps/instellen")
        // A page of our own, not a redirect: the session cookie is SameSite=Strict, and a browser does
        // not send it on a redirect chain that began at the provider's site. The refresh from this page
        // is a navigation within our own site; the link is there for whoever has refreshes turned off.
        let response = try await req.renderPage("sso-continue", titleKey: "sso.continueTitle", ContinuePage(next: next))
        response.headers.replaceOrAdd(name: "Refresh", value: "0; url=\(next)")
        response.cookies[StaffSessions.cookieName(req.application)] = cookie
        response.cookies[stateCookieName(req.application)] = .cleared(req.application)
        return response
    }

    struct ContinuePage: Encodable, Sendable {
        var next: String
    }

    private static func failed(_ req: Request, key: String, status: HTTPStatus) async throws -> Response {
        let response = try await req.renderPage("login", titleKey: "login.title",
                                                LoginPage(message: req.text(key), sso: true), status: status)
        response.cookies[stateCookieName(req.application)] = .cleared(req.application)
        return response
    }

    /// The token request (RFC 6749 §4.1.3 with the PKCE verifier), the client authenticated with HTTP
    /// Basic (§2.3.1: both parts form-encoded first).
    private static func exchange(code: String, verifier: String, provider: IdentityProvider, req: Request) async throws -> String {
        let metadata = try await provider.metadata(client: req.client, now: req.application.clock.now)
        let settings = provider.settings
        let body = formEncoded([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", settings.redirectURI),
                                ("code_verifier", verifier)])
        let basic = Data("\(formEncoded(settings.clientID)):\(formEncoded(settings.clientSecret))".utf8).base64EncodedString()
        let response: ClientResponse
        do {
            response = try await req.client.post(URI(string: metadata.tokenEndpoint)) { request in
                request.timeout = .seconds(10)
                request.headers.replaceOrAdd(name: .authorization, value: "Basic \(basic)")
                request.headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
                request.headers.replaceOrAdd(name: .accept, value: "application/json")
                request.body = ByteBuffer(string: body)
            }
        } catch {
            throw IdentityProvider.Unavailable(description: "token endpoint not reachable")
        }
        struct TokenResponse: Decodable {
            var id_token: String?
        }
        guard response.status == .ok, let data = response.body,
              let idToken = (try? JSONDecoder().decode(TokenResponse.self, from: data))?.id_token else {
            throw IdentityProvider.Unavailable(description: "token endpoint answered \(response.status.code) without an ID token")
        }
        return idToken
    }

    private static func formEncoded(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formEncoded($0.0))=\(formEncoded($0.1))" }.joined(separator: "&")
    }

    private static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Where the browser goes after the local session ended: to the provider's logout when the session
    /// came from it (RP-initiated logout), home otherwise.
    static func logoutDestination(_ req: Request, sessionWasSSO: Bool) async -> String {
        guard sessionWasSSO, let provider = req.application.identityProvider,
              let metadata = try? await provider.metadata(client: req.client, now: req.application.clock.now),
              let endpoint = metadata.endSessionEndpoint else { return "/" }
        let query = formEncoded([("client_id", provider.settings.clientID)]
            + (provider.settings.postLogoutRedirectURI.map { [("post_logout_redirect_uri", $0)] } ?? []))
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }
}
