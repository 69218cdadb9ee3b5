import Fluent
import SQLKit
import TegenkrachtUseCases
import Vapor

/// The account holder resets a forgotten password themselves (issue 16): with a code from their
/// authenticator *and* one of their recovery codes, the two things only they hold. There is no e-mail
/// link (an address may be read by others, and mail is not set up everywhere). Every failure counts
/// towards the account's lock, an unknown name gets the same answer as a wrong code, and both codes
/// are used up together, in the same transaction as the new password, which ends every session.
enum ForgottenPasswordController {
    struct Form: Decodable {
        var username: String?
        var code: String?
        var recoveryCode: String?
        var new: String?
        var repeated: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await req.renderPage("password-forgotten", titleKey: "forgotten.title", Content())
    }

    @Sendable static func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        func fail(_ key: String, _ args: [String: String] = [:], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            try await req.renderPage("password-forgotten", titleKey: "forgotten.title",
                                     Content(username: username, message: req.text(key, args)), status: status)
        }
        let new = form.new ?? ""
        // The new password is checked first, so that a typo does not use up a recovery code.
        guard !username.isEmpty, !(form.code ?? "").isEmpty, !(form.recoveryCode ?? "").isEmpty, !new.isEmpty else {
            return try await fail("forgotten.missing")
        }
        guard new == form.repeated else { return try await fail("password.mismatch") }
        guard StaffAccounts.passwordProblem(new) == nil else { return try await fail("password.weak") }

        let throttle = try req.application.throttles.staffLogin
        let delay = await throttle.delay()
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
        guard let user = try await StaffUser.query(on: req.db).filter(\.$username == username).first(),
              user.disabledAt == nil, let sealed = user.totpSecret else {
            await throttle.recordFailure()
            return try await fail("forgotten.wrong", status: .unauthorized)
        }
        let userID = try user.requireID()
        guard case .allowed = try await AccountGuard.reserve(userID, req: req) else {
            let minutes = try await AccountGuard.minutesLocked(userID, req: req)
            return try await fail("login.locked", ["minutes": String(minutes)], status: .tooManyRequests)
        }
        let now = req.application.clock.now
        let secret = try req.application.keyVault.open(sealed, for: .totp(userID))
        let step = TwoFactor.verify(code: (form.code ?? "").trimmingCharacters(in: .whitespaces), secret: secret, now: now,
                                    lastAcceptedStep: user.totpLastStep)
        let recovery = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == userID)
            .filter(\.$codeHash == RecoveryCodes.hash(form.recoveryCode ?? "", userID: userID)).filter(\.$usedAt == nil).first()
        var reset = false
        if let step, let recovery {
            // Only now, with both codes right, is the new password hashed (bcrypt is costly).
            let cost = req.application.tegenkracht.passwordCost
            let hash: String
            do {
                hash = try await req.application.hashingPool.run { try Bcrypt.hash(new, cost: cost) }
            } catch is HashingBusy {
                let response = try await fail("login.busy", status: .serviceUnavailable)
                response.headers.replaceOrAdd(name: .retryAfter, value: "5")
                return response
            }
            let recoveryID = try recovery.requireID()
            do {
                try await UnitOfWork.run(req.db) { tx in
                    // Both codes are claimed atomically, or neither is used.
                    guard try await AttemptBudget.claimTOTPStep(step, userID: userID, db: tx),
                          try await AttemptBudget.claimRecoveryCode(recoveryID, now: now, db: tx) else { throw StaleVersion() }
                    guard let sql = tx as? any SQLDatabase else { throw StaleVersion() }
                    try await sql.update(StaffUser.schema).set(SQLIdentifier("password_hash"), to: SQLBind(hash))
                        .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
                    try await StaffSession.query(on: tx).filter(\.$user.$id == userID).delete()
                    try await AttemptBudget.clear(.staff, id: userID, db: tx)
                    try await AuditLog.append(on: tx, actor: .staff(userID), action: .staffPasswordResetSelf,
                                              subject: "staff:\(userID)", now: now)
                }
                reset = true
            } catch is StaleVersion {
                reset = false
            }
        }
        guard reset else {
            try await AccountGuard.recordFailure(userID, req: req)
            await throttle.recordFailure()
            return try await fail("forgotten.wrong", status: .unauthorized)
        }
        return try await req.renderPage("password-forgotten", titleKey: "forgotten.title", Content(done: true))
    }
}
