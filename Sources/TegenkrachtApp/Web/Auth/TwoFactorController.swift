import Fluent
import TegenkrachtUseCases
import Vapor

/// The second step of the staff login: enrolment of an authenticator app on first login, then a
/// code (or a one-time recovery code) at every login.
enum TwoFactorController {
    struct CodeForm: Content {
        var code: String?
    }

    /// The user at the password stage, or a redirect to the login page.
    private static func pendingUser(_ req: Request) async throws -> StaffUser? {
        guard let staff = req.staff, staff.stage == .password else { return nil }
        return try await StaffUser.find(staff.userID, on: req.db)
    }

    // MARK: Enrolment

    @Sendable static func showEnrol(req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else { return req.redirect(to: "/inloggen") }
        guard !user.hasTwoFactor else { return req.redirect(to: "/inloggen/tweestaps") }
        let secret = try await pendingSecret(user, req: req)
        return try await req.renderPage("totp-enrol", titleKey: "enrol.title", enrolContent(user, secret, message: nil))
    }

    @Sendable static func submitEnrol(req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else { return req.redirect(to: "/inloggen") }
        guard !user.hasTwoFactor else { return req.redirect(to: "/inloggen/tweestaps") }
        let userID = try user.requireID()
        guard case .allowed = try await AccountGuard.reserve(userID, req: req) else {
            let minutes = try await AccountGuard.minutesLocked(userID, req: req)
            return try await req.renderPage("login", titleKey: "login.title",
                LoginPage(message: req.text(lockedKey(minutes), ["minutes": String(minutes)])),
                status: .unauthorized)
        }
        let secret = try await pendingSecret(user, req: req)
        let code = (try req.content.decode(CodeForm.self).code) ?? ""
        guard let step = TwoFactor.verify(code: code, secret: secret, now: req.application.clock.now, lastAcceptedStep: nil) else {
            try await AccountGuard.recordFailure(userID, req: req)
            return try await req.renderPage("totp-enrol", titleKey: "enrol.title",
                                            enrolContent(user, secret, message: req.text("twofactor.wrong")),
                                            status: .unauthorized)
        }
        let codes = RecoveryCodes.generate()
        try await req.db.transaction { tx in
            user.totpSecret = user.pendingTOTPSecret
            user.pendingTOTPSecret = nil
            user.totpLastStep = step
            try await user.save(on: tx)
            try await RecoveryCode.query(on: tx).filter(\.$user.$id == userID).delete()
            for code in codes {
                try await RecoveryCode(userID: userID, codeHash: RecoveryCodes.hash(code, userID: userID)).create(on: tx)
            }
        }
        try await AuditLog.append(on: req.db, actor: .staff(userID), action: .twofactorEnrol, subject: "staff:\(userID)", now: req.application.clock.now)
        try await AccountGuard.recordSuccess(userID, req: req)
        let cookie = try await StaffSessions.start(req, userID: userID, stage: .complete)
        // Shown once, in this response only; never stored in clear.
        let response = try await req.renderPage("recovery-codes", titleKey: "recovery.title", RecoveryContent(codes: codes))
        response.cookies[StaffSessions.cookieName(req.application)] = cookie
        return response
    }

    private static func pendingSecret(_ user: StaffUser, req: Request) async throws -> Data {
        let keys = try req.application.keyVault
        let purpose = KeySealPurpose.totp(try user.requireID())
        if let sealed = user.pendingTOTPSecret {
            return try keys.open(sealed, for: purpose)
        }
        let secret = TwoFactor.newSecret()
        user.pendingTOTPSecret = try keys.seal(secret, for: purpose)
        try await user.save(on: req.db)
        return secret
    }

    private static func enrolContent(_ user: StaffUser, _ secret: Data, message: String?) -> EnrolContent {
        let encoded = Base32.encode(secret)
        let groups = stride(from: 0, to: encoded.count, by: 4).map { i -> String in
            let start = encoded.index(encoded.startIndex, offsetBy: i)
            return String(encoded[start..<(encoded.index(start, offsetBy: 4, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }.joined(separator: " ")
        return EnrolContent(secretGroups: groups,
                            provisioningURI: TwoFactor.provisioningURI(secret: secret, account: user.username),
                            message: message)
    }

    // MARK: Login with a code

    @Sendable static func showCode(req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else { return req.redirect(to: "/inloggen") }
        guard user.hasTwoFactor else { return req.redirect(to: "/inloggen/tweestaps/instellen") }
        return try await req.renderPage("totp", titleKey: "twofactor.title", CodeContent())
    }

    @Sendable static func submitCode(req: Request) async throws -> Response {
        guard let user = try await pendingUser(req) else { return req.redirect(to: "/inloggen") }
        guard let sealed = user.totpSecret else { return req.redirect(to: "/inloggen/tweestaps/instellen") }
        let userID = try user.requireID()
        func fail(_ key: String, _ args: [String: String] = [:]) async throws -> Response {
            try await req.renderPage("totp", titleKey: "twofactor.title", CodeContent(message: req.text(key, args)),
                                     status: .unauthorized)
        }
        guard case .allowed(let attempt) = try await AccountGuard.reserve(userID, req: req) else {
            let minutes = try await AccountGuard.minutesLocked(userID, req: req)
            return try await fail(lockedKey(minutes), ["minutes": String(minutes)])
        }
        let input = (try req.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        var accepted = false
        let now = req.application.clock.now
        if RecoveryCodes.looksLikeRecoveryCode(input) {
            let hash = RecoveryCodes.hash(input, userID: userID)
            if let code = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == userID)
                .filter(\.$codeHash == hash).filter(\.$usedAt == nil).first(),
               try await AttemptBudget.claimRecoveryCode(try code.requireID(), now: now, db: req.db) {
                try await AuditLog.append(on: req.db, actor: .staff(userID), action: .twofactorRecoveryCode,
                                          subject: "staff:\(userID)", now: now)
                accepted = true
            }
        } else {
            let secret = try req.application.keyVault.open(sealed, for: .totp(userID))
            // Single use: of several requests with one code, only the one that moves the step on passes.
            if let step = TwoFactor.verify(code: input, secret: secret, now: now, lastAcceptedStep: user.totpLastStep),
               try await AttemptBudget.claimTOTPStep(step, userID: userID, db: req.db) {
                accepted = true
            }
        }
        guard accepted else {
            try await AccountGuard.recordFailure(userID, req: req)
            await (try req.application.throttles.staffLogin).recordFailure()
            if AccountGuard.locks(attempt, req: req) {
                let minutes = try await AccountGuard.minutesLocked(userID, req: req)
                return try await fail(lockedKey(minutes), ["minutes": String(minutes)])
            }
            return try await fail("twofactor.wrong")
        }
        try await AccountGuard.recordSuccess(userID, req: req)
        let cookie = try await StaffSessions.start(req, userID: userID, stage: .complete)
        let response = req.redirect(to: "/werkruimte")
        response.cookies[StaffSessions.cookieName(req.application)] = cookie
        return response
    }
}
