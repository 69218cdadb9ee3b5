import Fluent
import TegenkrachtUseCases
import Vapor

/// Staff login: password first, then the second factor (enrolment on first login). Every failure
/// counts against the account, whatever the address it came from.
enum LoginController {

    struct LoginForm: Content {
        var username: String?
        var password: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        if let staff = req.staff, staff.stage == .complete { return req.redirect(to: "/werkruimte") }
        let expired = req.staffSessionExpired || (try? req.query.get(String.self, at: "verlopen")) == "1"
        return try await req.renderPage("login", titleKey: "login.title",
                                        LoginPage(notice: expired ? req.text("login.expired") : nil,
                                                  sso: req.application.identityProvider != nil))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let password = form.password ?? ""
        func fail(_ key: String, _ args: [String: String] = [:]) async throws -> Response {
            try await req.renderPage("login", titleKey: "login.title",
                                     LoginPage(username: username, message: req.text(key, args),
                                               sso: req.application.identityProvider != nil), status: .unauthorized)
        }
        guard !username.isEmpty, !password.isEmpty else { return try await fail("login.missing") }

        let throttle = try req.application.throttles.staffLogin
        let delay = await throttle.delay()
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }

        guard let user = try await StaffUser.query(on: req.db).filter(\.$username == username).first() else {
            // Same work and the same answer as for a wrong password: no way to tell which accounts exist.
            _ = try? await req.application.hashingPool.verifyPassword(password, against: req.application.dummyPasswordHash)
            await throttle.recordFailure()
            return try await fail("login.wrong")
        }
        let userID = try user.requireID()
        guard case .allowed(let attempt) = try await AccountGuard.reserve(userID, req: req) else {
            let minutes = try await AccountGuard.minutesLocked(userID, req: req)
            return try await fail(lockedKey(minutes), ["minutes": String(minutes)])
        }
        let verified: Bool
        do {
            verified = try await req.application.hashingPool.verifyPassword(password, against: user.passwordHash)
        } catch is HashingBusy {
            // Not a failed attempt: the attempt is taken back, and the page says to try again shortly.
            try await AttemptBudget.release(.staff, id: userID, attempt: attempt, maxFailed: req.application.tegenkracht.maxFailedLogins, db: req.db)
            let response = try await fail("login.busy")
            response.status = .serviceUnavailable
            response.headers.replaceOrAdd(name: .retryAfter, value: "5")
            return response
        }
        guard verified else {
            try await AccountGuard.recordFailure(userID, req: req)
            await throttle.recordFailure()
            if AccountGuard.locks(attempt, req: req) {
                let minutes = try await AccountGuard.minutesLocked(userID, req: req)
                return try await fail(lockedKey(minutes), ["minutes": String(minutes)])
            }
            return try await fail("login.wrong")
        }
        try await AttemptBudget.release(.staff, id: userID, attempt: attempt, maxFailed: req.application.tegenkracht.maxFailedLogins, db: req.db)
        // Said only after the right password, so that it tells a stranger nothing.
        guard user.disabledAt == nil else {
            try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginDisabled,
                                      subject: "staff:\(userID)", now: req.application.clock.now)
            return try await fail("login.disabled")
        }
        let cookie = try await StaffSessions.start(req, userID: try user.requireID(), stage: .password)
        let response = req.redirect(to: user.hasTwoFactor ? "/inloggen/tweestaps" : "/inloggen/tweestaps/instellen")
        response.cookies[StaffSessions.cookieName(req.application)] = cookie
        return response
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        let response = req.redirect(to: "/")
        let viaSSO = try await StaffSessions.end(req, response: response)
        // A session from the organisation's provider also ends there (RP-initiated logout).
        response.headers.replaceOrAdd(name: .location, value: await SingleSignOnController.logoutDestination(req, sessionWasSSO: viaSSO))
        return response
    }
}

/// The per-account failure counter and lock, shared by the password and the code steps.
enum AccountGuard {
    static func minutesLocked(_ user: StaffUser, now: Date) -> Int? {
        guard let until = user.lockedUntil, until > now else { return nil }
        return max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
    }

    /// Counts the attempt before the secret is checked (`AttemptBudget`): refused when locked.
    static func reserve(_ userID: UUID, req: Request) async throws -> AttemptBudget.Outcome {
        try await AttemptBudget.reserve(.staff, id: userID, maxFailed: req.application.tegenkracht.maxFailedLogins,
                                        now: req.application.clock.now, db: req.db)
    }

    /// Whether attempt number `n` locked the account.
    static func locks(_ n: Int, req: Request) -> Bool {
        AccountLock.lockDuration(failedAttempts: n, maxFailed: req.application.tegenkracht.maxFailedLogins) != nil
    }

    /// Minutes left on the account's lock, read from the database (at least 1).
    static func minutesLocked(_ userID: UUID, req: Request) async throws -> Int {
        let user = try await StaffUser.find(userID, on: req.db)
        return user.flatMap { minutesLocked($0, now: req.application.clock.now) } ?? 1
    }

    /// The attempt was counted by `reserve`; this logs it.
    static func recordFailure(_ userID: UUID, req: Request) async throws {
        try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginFailure,
                                  subject: "staff:\(userID)", now: req.application.clock.now)
    }

    static func recordSuccess(_ userID: UUID, req: Request) async throws {
        try await AttemptBudget.clear(.staff, id: userID, db: req.db)
        try await AuditLog.append(on: req.db, actor: .staff(userID), action: .staffLoginSuccess,
                                  subject: "staff:\(userID)", now: req.application.clock.now)
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }


    /// A hash to verify against when the account does not exist, made once at start-up.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}

/// "1 minuut" is singular in Dutch as in English.
func lockedKey(_ minutes: Int) -> String {
    minutes == 1 ? "login.lockedOneMinute" : "login.locked"
}
