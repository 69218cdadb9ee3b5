import Fluent
import TegenkrachtUseCases
import Vapor

extension Request {
    private struct StaffKey: StorageKey { typealias Value = SignedInStaff }
    private struct ExpiredKey: StorageKey { typealias Value = Bool }

    var staff: SignedInStaff? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The signed-in staff member on a route behind the staff middleware; 401 if there is none
    /// (a route wired without it fails closed instead of trapping).
    func requireStaff() throws -> SignedInStaff {
        guard let staff else { throw Abort(.unauthorized) }
        return staff
    }

    /// The session cookie named a session that has ended; the login page says so.
    var staffSessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }
}

package enum StaffSessions {
    package static func cookieName(_ app: Application) -> String {
        app.tegenkracht.insecureHTTPCookies ? "tk_session" : "__Host-tk_session"
    }

    /// Starts a session at the given stage and returns the cookie to set. Any previous session of this
    /// browser is ended first, so a session id is never carried over a change of privilege.
    static func start(_ req: Request, userID: UUID, stage: SessionStage, viaSSO: Bool = false) async throws -> HTTPCookies.Value {
        // A login through the provider that goes on to the second factor stays one through the provider.
        var fromProvider = viaSSO
        if let current = req.staff, let previous = try await StaffSession.find(current.sessionID, on: req.db) {
            fromProvider = fromProvider || (previous.viaSSO ?? false)
            try await previous.delete(on: req.db)
        }
        let token = randomToken()
        let now = req.application.clock.now
        let config = req.application.tegenkracht
        let session = StaffSession(tokenHash: sha256Hex(token), userID: userID, stage: stage, now: now,
                                   expiresAt: now.addingTimeInterval(config.sessionMaxAge))
        if fromProvider { session.viaSSO = true }
        try await session.create(on: req.db)
        req.renewCSRFToken(staffSessionToken: token)
        return cookie(token, app: req.application)
    }

    static func cookie(_ token: String, app: Application) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: nil, path: "/", isSecure: !app.tegenkracht.insecureHTTPCookies,
                          isHTTPOnly: true, sameSite: .strict)
    }

    /// Ends this browser's session; returns whether it began at the identity provider.
    @discardableResult
    static func end(_ req: Request, response: Response) async throws -> Bool {
        var viaSSO = false
        if let current = req.staff {
            viaSSO = try await StaffSession.find(current.sessionID, on: req.db)?.viaSSO ?? false
            try await StaffSession.query(on: req.db).filter(\.$id == current.sessionID).delete()
        }
        response.cookies[cookieName(req.application)] = .cleared(req.application)
        return viaSSO
    }
}

/// Reads the session cookie and attaches the signed-in staff member, ending sessions that are idle
/// for too long or past their maximum age.
struct StaffSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let name = StaffSessions.cookieName(request.application)
        var clearCookie = false
        if let token = request.cookies[name]?.string, !token.isEmpty {
            let config = request.application.tegenkracht
            let now = request.application.clock.now
            if let session = try await StaffSession.query(on: request.db)
                .filter(\.$tokenHash == sha256Hex(token)).with(\.$user).first() {
                let idle = now.timeIntervalSince(session.lastSeenAt)
                // A disabled account's sessions end (disabling deletes them; this holds for any left).
                if now >= session.expiresAt || idle > config.sessionIdleTimeout || session.user.disabledAt != nil {
                    try await session.delete(on: request.db)
                    request.staffSessionExpired = true
                    clearCookie = true
                } else {
                    let user = session.user
                    request.staff = SignedInStaff(
                        userID: try user.requireID(), sessionID: try session.requireID(), username: user.username,
                        displayName: user.displayName, role: user.staffRole, personID: user.personID,
                        stage: SessionStage(rawValue: session.stage) ?? .password, hasTwoFactor: user.hasTwoFactor)
                    // Writing on every request would be wasteful; a minute's precision is plenty.
                    if idle > 60 {
                        session.lastSeenAt = now
                        try await session.save(on: request.db)
                    }
                }
            } else {
                request.staffSessionExpired = true
                clearCookie = true
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie && response.cookies[name] == nil {
            response.cookies[name] = .cleared(request.application)
        }
        return response
    }
}

/// Lets a request through only for a fully signed-in staff member (both factors), optionally with a
/// given application role. Others are sent to the login page, or refused.
struct RequireStaffMiddleware: AsyncMiddleware {
    var role: StaffRole?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let staff = request.staff, staff.stage == .complete else {
            return request.redirect(to: request.staffSessionExpired ? "/inloggen?verlopen=1" : "/inloggen")
        }
        if let role, staff.role != role {
            throw Abort(.forbidden, reason: "role")
        }
        return try await next.respond(to: request)
    }
}

extension HTTPCookies.Value {
    /// A cookie that ends the one of the same name. Vapor's `.expired` has no `Secure`, and a browser
    /// ignores a `__Host-` cookie without it: the old cookie stayed. This one has the attributes the
    /// cookie was set with.
    static func cleared(_ app: Application) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: !app.tegenkracht.insecureHTTPCookies, isHTTPOnly: true)
    }
}
